/** `create` generators owned by the ingress work. */
import type { Generator } from './create-generators.js';

export const ingressGenerators: Generator[] = [];
