/** `create` generators owned by the workloads work. */
import type { Generator } from './create-generators.js';

export const workloadsGenerators: Generator[] = [];
