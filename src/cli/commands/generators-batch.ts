/**
 * `create job NAME --image=IMAGE [-- COMMAND...]`, `create job NAME --from=cronjob/NAME` and
 * `create cronjob NAME --image=IMAGE --schedule=SPEC [--restart=...] [-- COMMAND...]`, built as kubectl 1.32
 * builds them (container named after the object, restartPolicy Never / OnFailure), created through the
 * API server; server errors come back as `failed to create job: ...`.
 */
import type { Command } from 'commander';
import type { Generator } from './create-generators.js';
import type { CommandContext } from '../context.js';
import type { KubeObject } from '../../api/types.js';
import { ApiError, CliError, causesText, notFound } from '../../api/errors.js';
import type { KindInfo } from '../../api/kind.js';
import { KINDS } from '../../api/registry.js';
import { kindPrefix, qualifiedResource } from '../../api/kind.js';
import { createObject } from '../../api/server.js';
import { getObject } from '../../api/objects.js';
import { renderObjects } from '../../printers/output.js';
import { resolveType } from '../resource-args.js';
import { resolveKind } from '../../api/versions.js';

export interface BatchFlags { image?: string; from?: string; schedule?: string; restart?: string; dryRun?: string; output?: string }

/** NAME and the words after `--` (the container command), as kubectl's NameFromCommandArgs splits them. */
export function nameAndCommand(cmd: Command, args: string[], verb: string): { name: string; command: string[] } {
  let root: Command = cmd;
  while (root.parent) root = root.parent;
  const raw = (root as unknown as { rawArgs?: string[] }).rawArgs ?? [];
  const dash = raw.indexOf('--');
  const afterDash = dash >= 0 ? raw.length - dash - 1 : 0;
  const names = args.slice(0, args.length - afterDash);
  if (names.length !== 1) throw new CliError(`exactly one NAME is required, got ${names.length}`, `create ${verb}`);
  return { name: names[0]!, command: args.slice(args.length - afterDash) };
}

/** The flags of `create` itself (-o, --dry-run) merged with the sub-command's. */
export function flagsOf<F extends object>(cmd: Command, opts: F): F {
  const merged: F = { ...(cmd.optsWithGlobals() as F), ...opts };
  for (const [k, v] of Object.entries(cmd.parent?.opts() ?? {})) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  return merged;
}

/** The flags of every generator that sends through sendGenerated: --dry-run, -o, and two kubectl accepts that change nothing here. */
export function sendOptions(c: Command): Command {
  return c
    .option('--dry-run <mode>', 'none, client or server')
    .option('-o, --output <format>', 'Output format')
    .option('--save-config', 'Accepted for compatibility')
    .option('--validate <mode>', 'Accepted for compatibility');
}

/** Send (or dry-run) a generated object and print kubectl's line or the object; `what` names it in `failed to create <what>: ...`. */
export function sendGenerated(ctx: CommandContext, obj: KubeObject, flags: BatchFlags, what: string): number {
  const info = KINDS[obj.kind as keyof typeof KINDS];
  const dryRun = flags.dryRun && flags.dryRun !== 'none' ? flags.dryRun : undefined;
  if (dryRun && dryRun !== 'client' && dryRun !== 'server') throw new CliError(`Invalid dry-run value (${dryRun}). Must be "none", "server", or "client".`);
  let shown = obj;
  if (dryRun !== 'client') {
    const sent = structuredClone(obj);
    delete (sent.metadata as { creationTimestamp?: unknown }).creationTimestamp;
    delete sent.status;
    // A cluster-scoped object is sent without one (kubectl's typed clients of such kinds take no namespace).
    if (info.namespaced) sent.metadata.namespace = ctx.namespace;
    const create = (state: Parameters<Parameters<CommandContext['mutate']>[0]>[0], env: Parameters<Parameters<CommandContext['mutate']>[0]>[1]) => {
      // kubectl 1.32 posts batch/v1 CronJobs: an older server (before 1.21) has no such resource.
      if (!resolveKind(state, obj.apiVersion, obj.kind)) throw new CliError(`failed to create ${what}: the server could not find the requested resource`);
      try {
        return createObject(state, env, info, sent, { dryRun: dryRun === 'server', fieldManager: 'kubectl-create' });
      } catch (e) {
        if (e instanceof ApiError) throw new CliError(`failed to create ${what}: ${qualifiedMessage(e, info)}`);
        throw e;
      }
    };
    if (dryRun === 'server') {
      const { state, env } = ctx.read();
      shown = create(state, env); // ctx.read() state is never saved
    } else shown = ctx.mutate(create).result;
  }
  if (flags.output) ctx.out(renderObjects(flags.output, [shown], true, { cwd: ctx.io.cwd }));
  else ctx.out(`${kindPrefix(info)}/${shown.metadata.name} created${dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : ''}\n`);
  return 0;
}

/** The API server's own message: an Invalid error names the kind with its group (`CronJob.batch "x" is invalid`). */
export function qualifiedMessage(e: ApiError, info: KindInfo): string {
  if (e.reason !== 'Invalid' || !e.details || !info.group) return e.message;
  return `${e.details.kind}.${info.group} "${e.details.name}" is invalid: ${causesText(e.details.causes)}`;
}

function container(name: string, image: string, command: string[]): Record<string, unknown> {
  return { ...(command.length ? { command } : {}), image, name, resources: {} };
}

/** The Job `create job --image` sends. */
export function buildJob(name: string, image: string, command: string[], namespace?: string): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { creationTimestamp: null as never, name, ...(namespace ? { namespace } : {}) },
    spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: [container(name, image, command)], restartPolicy: 'Never' } } },
    status: {},
  };
}

/** The Job `create job --from=cronjob/X` sends: the job template, annotated as a manual run, owned by the CronJob. */
export function jobFromCronJob(name: string, cj: KubeObject, namespace?: string): KubeObject {
  const tpl = ((cj.spec ?? {}) as { jobTemplate?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown } }).jobTemplate ?? {};
  const labels = tpl.metadata?.labels;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      annotations: { 'cronjob.kubernetes.io/instantiate': 'manual', ...(tpl.metadata?.annotations ?? {}) },
      creationTimestamp: null as never,
      ...(labels ? { labels: { ...labels } } : {}),
      name,
      ...(namespace ? { namespace } : {}),
      ownerReferences: [{ apiVersion: 'batch/v1', controller: true, kind: 'CronJob', name: cj.metadata.name, uid: cj.metadata.uid! }],
    },
    spec: structuredClone(tpl.spec ?? {}),
    status: {},
  };
}

/** The CronJob `create cronjob` sends. */
export function buildCronJob(name: string, image: string, schedule: string, restart: string, command: string[], namespace?: string): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { creationTimestamp: null as never, name, ...(namespace ? { namespace } : {}) },
    spec: {
      jobTemplate: {
        metadata: { creationTimestamp: null, name },
        spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: [container(name, image, command)], restartPolicy: restart } } },
      },
      schedule,
    },
    status: {},
  };
}

const jobGenerator: Generator = (create, h) => {
  sendOptions(create.command('job'))
    .description('Create a job with the specified name')
    .argument('[args...]')
    .option('--image <image>', 'Image name to run.')
    .option('--from <resource>', 'The name of the resource to create a Job from (only cronjob is supported).')
    .action(h.action<BatchFlags>((ctx, args, opts, cmd: Command) => {
      const flags = flagsOf(cmd, opts);
      const { name, command } = nameAndCommand(cmd, args, 'job');
      if ((!flags.image && !flags.from) || (flags.image && flags.from)) throw new CliError('either --image or --from must be specified');
      if (command.length && flags.from) throw new CliError('cannot specify --from and command');
      const ns = ctx.namespaceExplicit ? ctx.namespace : undefined;
      if (flags.image) return sendGenerated(ctx, buildJob(name, flags.image, command, ns), flags, 'job');
      const slash = flags.from!.indexOf('/');
      if (slash < 0) throw new CliError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`);
      const info = resolveType(flags.from!.slice(0, slash));
      const fromName = flags.from!.slice(slash + 1);
      const source = getObject(ctx.read().state, info.resource, info.namespaced ? ctx.namespace : undefined, fromName);
      if (!source) throw notFound(qualifiedResource(info), fromName);
      if (info.kind !== 'CronJob') throw new CliError(`unknown object type *${info.group ? info.version : 'v1'}.${info.kind}`);
      return sendGenerated(ctx, jobFromCronJob(name, source, ns), flags, 'job');
    }));
};

const cronJobGenerator: Generator = (create, h) => {
  sendOptions(create.command('cronjob'))
    .alias('cj')
    .description('Create a cron job with the specified name')
    .argument('[args...]')
    .option('--image <image>', 'Image name to run.')
    .option('--schedule <spec>', 'A schedule in the Cron format the job should be run with.')
    .option('--restart <policy>', "job's restart policy. supported values: OnFailure, Never")
    .action(h.action<BatchFlags>((ctx, args, opts, cmd: Command) => {
      const flags = flagsOf(cmd, opts);
      const missing = [...(flags.image ? [] : ['"image"']), ...(flags.schedule ? [] : ['"schedule"'])];
      if (missing.length) throw new CliError(`required flag(s) ${missing.join(', ')} not set`);
      const { name, command } = nameAndCommand(cmd, args, 'cronjob');
      const obj = buildCronJob(name, flags.image!, flags.schedule!, flags.restart || 'OnFailure', command, ctx.namespaceExplicit ? ctx.namespace : undefined);
      return sendGenerated(ctx, obj, flags, 'cronjob');
    }));
};

export const batchGenerators: Generator[] = [jobGenerator, cronJobGenerator];
