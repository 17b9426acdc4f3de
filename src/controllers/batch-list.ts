/** The batch controllers in run order: CronJobs (creating Jobs), Jobs (creating pods), before the replica owners and the scheduler. */
import type { Controller } from './index.js';
import { jobController } from './job.js';
import { cronJobController } from './cronjob.js';

export const batchControllers: Controller[] = [cronJobController, jobController];
