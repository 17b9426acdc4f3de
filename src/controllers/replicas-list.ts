/** Deployment, ReplicaSet, ReplicationController controllers and the scheduler, in run order (controllers work). */
import type { Controller } from './index.js';

export const replicaControllers: Controller[] = [];
