/** The workloads controllers, in run order (owned by the workloads work). */
import type { Controller } from './index.js';

export const workloadControllers: Controller[] = [];
