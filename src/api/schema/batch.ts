/** batch/v1 Job and CronJob schemas (the fields of the v1.32 API; pod failure and success policies decoded as any JSON). */
import { obj, str, i32, i64, bool, named, anyObj, type ObjectType } from './types.js';
import { kindType, labelSelector, objectMeta, statusAny } from './meta.js';
import { podTemplateSpec } from './pod.js';

const jobSpec = obj('JobSpec', 'JobSpec describes how the job execution will look like.', () => ({
  activeDeadlineSeconds: [i64, 'Specifies the duration in seconds relative to the startTime that the job may be continuously active before the system tries to terminate it; value must be positive integer.'],
  backoffLimit: [i32, 'Specifies the number of retries before marking this job failed. Defaults to 6'],
  backoffLimitPerIndex: [i32, 'Specifies the limit for the number of retries within an index before marking this index as failed.'],
  completionMode: [named('v1.CompletionMode', ['Indexed', 'NonIndexed']), 'completionMode specifies how Pod completions are tracked. It can be `NonIndexed` (default) or `Indexed`.'],
  completions: [i32, 'Specifies the desired number of successfully finished pods the job should be run with.'],
  managedBy: [str, 'ManagedBy field indicates the controller that manages a Job.'],
  manualSelector: [bool, 'manualSelector controls generation of pod labels and pod selectors. Leave `manualSelector` unset unless you are certain what you are doing.'],
  maxFailedIndexes: [i32, 'Specifies the maximal number of failed indexes before marking the Job as failed, when backoffLimitPerIndex is set.'],
  parallelism: [i32, 'Specifies the maximum desired number of pods the job should run at any given time.'],
  podFailurePolicy: [anyObj('v1.PodFailurePolicy'), 'Specifies the policy of handling failed pods.'],
  podReplacementPolicy: [named('v1.PodReplacementPolicy', ['Failed', 'TerminatingOrFailed']), 'podReplacementPolicy specifies when to create replacement Pods.'],
  selector: [labelSelector, 'A label query over pods that should match the pod count. Normally, the system sets this field for you.'],
  successPolicy: [anyObj('v1.SuccessPolicy'), 'successPolicy specifies the policy when the Job can be declared as succeeded.'],
  suspend: [bool, 'suspend specifies whether the Job controller should create Pods or not. Defaults to false.'],
  template: [podTemplateSpec, 'Describes the pod that will be created when executing a job. The only allowed template.spec.restartPolicy values are "Never" or "OnFailure".', true],
  ttlSecondsAfterFinished: [i32, 'ttlSecondsAfterFinished limits the lifetime of a Job that has finished execution (either Complete or Failed).'],
}));

export const job = kindType('Job', 'Job represents the configuration of a single job.', () => ({
  spec: [jobSpec, 'Specification of the desired behavior of a job.'],
  status: statusAny('v1.JobStatus', 'JobStatus'),
}));

const jobTemplateSpec = obj('JobTemplateSpec', 'JobTemplateSpec describes the data a Job should have when created from a template', () => ({
  metadata: [objectMeta, 'Standard object\'s metadata of the jobs created from this template.'],
  spec: [jobSpec, 'Specification of the desired behavior of the job.'],
}));

export const cronJob: ObjectType = kindType('CronJob', 'CronJob represents the configuration of a single cron job.', () => ({
  spec: [obj('CronJobSpec', 'CronJobSpec describes how the job execution will look like and when it will actually run.', () => ({
    concurrencyPolicy: [named('v1.ConcurrencyPolicy', ['Allow', 'Forbid', 'Replace']), 'Specifies how to treat concurrent executions of a Job. Valid values are "Allow" (default), "Forbid" and "Replace".'],
    failedJobsHistoryLimit: [i32, 'The number of failed finished jobs to retain. Value must be non-negative integer. Defaults to 1.'],
    jobTemplate: [jobTemplateSpec, 'Specifies the job that will be created when executing a CronJob.', true],
    schedule: [str, 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.', true],
    startingDeadlineSeconds: [i64, 'Optional deadline in seconds for starting the job if it misses scheduled time for any reason.'],
    successfulJobsHistoryLimit: [i32, 'The number of successful finished jobs to retain. Value must be non-negative integer. Defaults to 3.'],
    suspend: [bool, 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions. Defaults to false.'],
    timeZone: [str, 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'],
  })), 'Specification of the desired behavior of a cron job, including the schedule.'],
  status: statusAny('v1.CronJobStatus', 'CronJobStatus'),
}));
