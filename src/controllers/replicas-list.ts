/** Deployment, ReplicaSet, ReplicationController controllers and the scheduler, in run order (controllers work). */
import type { Controller } from './index.js';
import { deploymentController } from './deployment.js';
import { replicaSetController } from './replicaset.js';
import { replicationControllerController } from './replicationcontroller.js';
import { scheduler } from './scheduler.js';

export const replicaControllers: Controller[] = [deploymentController, replicaSetController, replicationControllerController, scheduler];
