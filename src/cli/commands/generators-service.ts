/** `create` generators owned by the service work. */
import type { Generator } from './create-generators.js';

export const serviceGenerators: Generator[] = [];
