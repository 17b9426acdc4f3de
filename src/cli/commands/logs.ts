/**
 * `kube-sim logs POD|TYPE/NAME [CONTAINER] [-c C] [--tail N] [-p] [--all-containers] [-l sel] [--prefix]`:
 * what the application in the container wrote, with kubectl's container defaulting and the kubelet's
 * errors for containers that have no logs yet. `-f` then streams what the container writes as other
 * processes and the wall clock make it write, until the container stops (exit 0) or Ctrl-C (exit 1, as
 * kubectl's interrupt handler does); on the virtual clock it prints what is there and returns.
 * `--since`, `--since-time` and `--timestamps` use when each line was written.
 */
import type { Command } from 'commander';
import { goInt } from '../argv.js';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ApiError, CliError, RawError } from '../../api/errors.js';
import { getObject, listObjects } from '../../api/objects.js';
import { parseSelector, matches } from '../../api/selectors.js';
import { containerLogs } from '../../controllers/container-logs.js';
import { kubeletMemory } from '../../controllers/kubelet-state.js';
import { resolveLogTarget } from './logs-target.js';
import { durationFlag, follow } from '../watch.js';
import type { Env } from '../../env.js';

interface LogsOptions {
  maxLogRequests?: string;
  since?: string;
  sinceTime?: string;
  container?: string;
  tail?: string;
  previous?: boolean;
  follow?: boolean;
  allContainers?: boolean;
  selector?: string;
  prefix?: boolean;
  timestamps?: boolean;
  ignoreErrors?: boolean;
}

const USAGE = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

/** The container kubectl uses when none is named: the default-container annotation, else the first. */
export function defaultContainer(pod: KubeObject): { name: string; notice?: string } {
  const spec = (pod as unknown as Pod).spec!;
  const names = spec.containers.map((c) => c.name);
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  const name = annotated && names.includes(annotated) ? annotated : names[0]!;
  const extra = (spec.initContainers ?? []).map((c) => `${c.name} (init)`);
  const all = [...names, ...((spec as { ephemeralContainers?: { name: string }[] }).ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`), ...extra];
  const notice = all.length > 1 ? `Defaulted container "${name}" out of: ${all.join(', ')}\n` : undefined;
  return { name, notice };
}


/** One container's log as `logs` reads it: the lines kept, when each was written, and how many were ever written. */
interface LogSource {
  lines: string[];
  times: number[];
  written: number;
  /** The instance being read (a different one means the container restarted). */
  containerID: string;
  running: boolean;
}

/** What the container runtime holds for the current instance (undefined: none yet). */
function logSource(state: ClusterState, pod: KubeObject, container: string): LogSource | undefined {
  const rt = state.runtime[pod.metadata.uid ?? '']?.[container];
  if (!rt) return undefined;
  const st = (pod as unknown as Pod).status;
  const cs = [...(st?.containerStatuses ?? []), ...(st?.initContainerStatuses ?? []), ...(st?.ephemeralContainerStatuses ?? [])].find((c) => c.name === container);
  // Lines kept from before times were recorded are dated like the instance's start.
  const started = Date.parse(cs?.state?.running?.startedAt ?? cs?.state?.terminated?.startedAt ?? '') || 0;
  const recorded = rt.logTimes ?? [];
  const times = rt.logs.map((_, i) => recorded[i - (rt.logs.length - recorded.length)] || started);
  return { lines: rt.logs, times, written: rt.logsWritten ?? rt.logs.length, containerID: cs?.containerID ?? '', running: !!cs?.state?.running };
}

/** One followed (or printed) log: a container of a pod. */
interface LogStream {
  pod: KubeObject;
  container: string;
  /** Lines of the current instance printed (or skipped by --tail/--since) so far. */
  consumed: number;
  containerID: string;
  ended: boolean;
}

/** Which lines to print and how: --tail, --since/--since-time (as an instant), --prefix, --timestamps. */
interface Selection {
  tail: number;
  since?: number;
  prefix: boolean;
  timestamps: boolean;
}

function printLines(ctx: CommandContext, stream: LogStream, lines: string[], times: number[], sel: Selection): void {
  const prefix = sel.prefix ? `[pod/${stream.pod.metadata.name}/${stream.container}] ` : '';
  ctx.out(lines.map((l, i) => `${prefix}${sel.timestamps ? `${kubeletTimestamp(times[i] ?? 0)} ` : ''}${l}\n`).join(''));
}

/** The kubelet's timestamp format for `--timestamps`: RFC 3339 with nine fraction digits, UTC. */
function kubeletTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/** Print what a container has written, as selected; returns the stream to follow it from there. */
function printLog(ctx: CommandContext, state: ClusterState, pod: KubeObject, container: string, opts: LogsOptions, sel: Selection): LogStream {
  let lines = containerLogs(state, pod, container, !!opts.previous);
  const source = opts.previous ? undefined : logSource(state, pod, container);
  // The previous instance's lines carry no times: they are dated like its start.
  const st = (pod as unknown as Pod).status;
  const cs = [...(st?.containerStatuses ?? []), ...(st?.initContainerStatuses ?? []), ...(st?.ephemeralContainerStatuses ?? [])].find((c) => c.name === container);
  const previousStart = Date.parse(cs?.lastState?.terminated?.startedAt ?? '') || 0;
  let times = source && source.lines === lines ? source.times : lines.map(() => previousStart);
  if (sel.since !== undefined) {
    const keep = times.map((t) => t >= sel.since!);
    lines = lines.filter((_, i) => keep[i]);
    times = times.filter((_, i) => keep[i]);
  }
  if (sel.tail >= 0) {
    lines = lines.slice(Math.max(0, lines.length - sel.tail));
    times = times.slice(Math.max(0, times.length - sel.tail));
  }
  const stream: LogStream = { pod, container, consumed: source?.written ?? 0, containerID: source?.containerID ?? '', ended: !source?.running };
  printLines(ctx, stream, lines, times, sel);
  return stream;
}

/** Print each stream's new lines; a stream ends with its container instance (stopped, restarted, pod gone). */
function printNew(ctx: CommandContext, state: ClusterState, env: Env, streams: LogStream[], sel: Selection): void {
  for (const s of streams) {
    if (s.ended) continue;
    const pod = getObject(state, 'pods', s.pod.metadata.namespace, s.pod.metadata.name);
    if (!pod || pod.metadata.uid !== s.pod.metadata.uid) {
      s.ended = true;
      continue;
    }
    const source = logSource(state, pod, s.container);
    if (!source || source.containerID !== s.containerID) {
      // Restarted: the last lines of the instance followed are its previous log now.
      const previous = kubeletMemory(state).pods[pod.metadata.uid ?? '']?.containers[s.container]?.previousLogs ?? [];
      const rest = previous.slice(Math.min(s.consumed, previous.length));
      printLines(ctx, s, rest, rest.map(() => env.now().getTime()), sel);
      s.ended = true;
      continue;
    }
    const fresh = Math.min(source.written - s.consumed, source.lines.length);
    if (fresh > 0) printLines(ctx, s, source.lines.slice(-fresh), source.times.slice(-fresh), sel);
    s.consumed = source.written;
    if (!source.running) s.ended = true;
  }
}

/**
 * `-f`: follow the streams until every one has ended (kubectl then exits 0) or Ctrl-C (its interrupt
 * handler exits 1). On the virtual clock nothing is written while the command runs: it returns at once.
 */
async function followLogs(ctx: CommandContext, streams: LogStream[], sel: Selection, maxRequests: number): Promise<number> {
  if (streams.length > 1 && streams.length > maxRequests) {
    throw new CliError(`you are attempting to follow ${streams.length} log streams, but maximum allowed concurrency is ${maxRequests}, use --max-log-requests to increase the limit`);
  }
  const end = await follow(ctx, ({ state, env }) => {
    printNew(ctx, state, env, streams, sel);
    return streams.every((s) => s.ended);
  });
  return end === 'interrupted' ? 1 : 0;
}

/** --since / --since-time as the instant lines must be written at or after (undefined: all). */
function sinceInstant(opts: LogsOptions, now: Date): number | undefined {
  if (opts.sinceTime !== undefined && opts.since !== undefined) throw new CliError('at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (opts.since !== undefined) {
    const ms = durationFlag(opts.since, '--since', 'logs');
    // The request carries whole seconds, rounded as Go's Duration.Round does.
    const seconds = Math.round(ms / 1000);
    if (seconds < 0) throw new CliError('--since must be greater than 0');
    return seconds ? now.getTime() - seconds * 1000 : undefined;
  }
  if (opts.sinceTime !== undefined) {
    const t = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(opts.sinceTime) ? Date.parse(opts.sinceTime) : NaN;
    if (Number.isNaN(t)) throw new CliError(`parsing time ${JSON.stringify(opts.sinceTime)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(opts.sinceTime)} as "2006"`);
    return t;
  }
  return undefined;
}

export function register(program: Command, h: Harness): void {
  program
    .command('logs')
    .description('Print the logs for a container in a pod')
    .argument('[args...]')
    .option('-c, --container <name>', 'Print the logs of this container')
    .option('--tail <n>', 'Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10')
    .option('-p, --previous', 'Print the logs for the previous instance of the container in a pod if it exists')
    .option('-f, --follow', 'Specify if the logs should be streamed (on the virtual clock: print what is there)')
    .option('--all-containers', 'Get all containers\' logs in the pod(s)')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--prefix', 'Prefix each log line with the log source (pod name and container name)')
    .option('--timestamps', 'Include timestamps on each line in the log output')
    .option('--ignore-errors', 'Accepted for compatibility')
    .option('--since <duration>', 'Only return logs newer than a relative duration like 5s, 2m, or 3h. Only one of since-time / since may be used')
    .option('--since-time <time>', 'Only return logs after a specific date (RFC3339). Only one of since-time / since may be used')
    .option('--limit-bytes <n>', 'Maximum bytes of logs to return')
    .option('--max-log-requests <n>', 'Maximum number of concurrent logs to follow when using by a selector. Defaults to 5', '5')
    .option('--pod-running-timeout <d>', 'Accepted for compatibility')
    .action(h.action<LogsOptions>(async (ctx, args, opts) => {
      if (opts.selector ? args.length > 0 : args.length === 0 || args.length > 2) throw new CliError(USAGE, 'logs');
      const { state, env } = ctx.read();
      const since = sinceInstant(opts, env.now());
      const streams: LogStream[] = [];
      const selection = (tail: number): Selection => ({ tail, since, prefix: !!opts.prefix, timestamps: !!opts.timestamps });
      if (opts.selector) {
        const sel = parseSelector(opts.selector);
        const pods = listObjects(state, 'pods', ctx.namespace).filter((p) => matches(sel, p.metadata.labels));
        if (!pods.length) {
          ctx.err(`No resources found in ${ctx.namespace} namespace.\n`);
          return 0;
        }
        const tail = opts.tail !== undefined ? goInt(opts.tail) : 10;
        for (const pod of pods) {
          const names = opts.allContainers ? (pod as unknown as Pod).spec!.containers.map((c) => c.name) : [opts.container ?? defaultContainer(pod).name];
          for (const c of names) streams.push(printLog(ctx, state, pod, c, opts, selection(tail)));
        }
      } else {
        const pod = resolveLogTarget(ctx, state, args[0]!).pod;
        const spec = (pod as unknown as Pod).spec!;
        let names: string[];
        if (opts.allContainers) names = [...(spec.initContainers ?? []), ...spec.containers].map((c) => c.name);
        else {
          const named = opts.container ?? args[1];
          if (named) {
            if (![...spec.containers, ...(spec.initContainers ?? []), ...((spec as { ephemeralContainers?: { name: string }[] }).ephemeralContainers ?? [])].some((c) => c.name === named)) throw new CliError(`container ${named} is not valid for pod ${pod.metadata.name}`);
            names = [named];
          } else {
            const d = defaultContainer(pod);
            if (d.notice) ctx.err(d.notice);
            names = [d.name];
          }
        }
        for (const c of names) streams.push(printLog(ctx, state, pod, c, opts, selection(opts.tail !== undefined ? goInt(opts.tail) : -1)));
      }
      if (!opts.follow || opts.previous) return 0;
      // New lines are printed whole: neither --tail nor --since holds them back.
      return followLogs(ctx, streams, selection(-1), goInt(opts.maxLogRequests ?? '5'));
    }));
}

/** Re-exported so other commands can look a pod up with logs' wording. */
export function podOrError(state: ClusterState, namespace: string, name: string): KubeObject {
  const pod = getObject(state, 'pods', namespace, name);
  if (!pod) throw new RawError(`error: error from server (NotFound): pods "${name}" not found in namespace "${namespace}"`);
  return pod;
}
