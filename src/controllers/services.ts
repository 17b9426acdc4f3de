/** The services controllers, in run order: Endpoints, EndpointSlices, mirroring of hand-made Endpoints, the service (LB) controller. */
import type { Controller } from './index.js';
import { endpointsController } from './endpoints.js';
import { endpointSliceController, endpointSliceMirroringController } from './endpointslices.js';
import { serviceLBController } from './service-lb.js';

export const serviceControllers: Controller[] = [endpointsController, endpointSliceController, endpointSliceMirroringController, serviceLBController];
