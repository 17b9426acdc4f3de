/** `create` generators owned by the core work. */
import type { Generator } from './create-generators.js';

export const coreGenerators: Generator[] = [];
