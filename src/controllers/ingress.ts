/** The ingress controllers, in run order (owned by the ingress work). */
import type { Controller } from './index.js';

export const ingressControllers: Controller[] = [];
