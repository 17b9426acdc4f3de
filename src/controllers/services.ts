/** The services controllers, in run order (owned by the services work). */
import type { Controller } from './index.js';

export const serviceControllers: Controller[] = [];
