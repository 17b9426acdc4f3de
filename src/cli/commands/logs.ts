/**
 * `kube-sim logs POD|TYPE/NAME [CONTAINER] [-c C] [--tail N] [-p] [--all-containers] [-l sel] [--prefix]`:
 * what the application in the container wrote, with kubectl's container defaulting and the kubelet's
 * errors for containers that have no logs yet. `-f` prints what is there and returns (nothing changes
 * between commands in a simulated cluster).
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ApiError, CliError, RawError } from '../../api/errors.js';
import { getObject, listObjects } from '../../api/objects.js';
import { parseSelector, matches } from '../../api/selectors.js';
import { kubeletMemory } from '../../controllers/kubelet-state.js';
import { resolveLogTarget } from './logs-target.js';

interface LogsOptions {
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

/** Log lines of one container, or the kubelet's error (as an ApiError BadRequest). */
export function containerLogs(state: ClusterState, pod: KubeObject, container: string, previous: boolean): string[] {
  const p = pod as unknown as Pod;
  if (!p.spec?.nodeName) return [];
  const cs = [...(p.status?.containerStatuses ?? []), ...(p.status?.initContainerStatuses ?? [])].find((s) => s.name === container);
  const podName = pod.metadata.name;
  const k = kubeletMemory(state).pods[pod.metadata.uid ?? '']?.containers[container];
  const rt = state.runtime[pod.metadata.uid ?? '']?.[container];
  const last = cs?.lastState?.terminated;
  const st = cs?.state ?? {};
  if (previous) {
    if (!last?.containerID) throw new ApiError('BadRequest', `previous terminated container "${container}" in pod "${podName}" not found`);
    return st.waiting ? rt?.logs ?? [] : k?.previousLogs ?? [];
  }
  if (st.running || (st.terminated && st.terminated.containerID)) return rt?.logs ?? [];
  if (st.terminated || last) {
    if (!(last?.containerID || st.terminated?.containerID)) throw new ApiError('BadRequest', `container "${container}" in pod "${podName}" is terminated`);
    return rt?.logs ?? [];
  }
  const reason = st.waiting?.reason ?? 'ContainerCreating';
  const why = reason === 'ErrImagePull' ? "image can't be pulled" : reason === 'ImagePullBackOff' ? 'trying and failing to pull image' : reason;
  throw new ApiError('BadRequest', `container "${container}" in pod "${podName}" is waiting to start: ${why}`);
}

function tailOf(lines: string[], tail: number): string[] {
  return tail >= 0 ? lines.slice(Math.max(0, lines.length - tail)) : lines;
}

function print(ctx: CommandContext, state: ClusterState, pod: KubeObject, containers: string[], opts: LogsOptions, tail: number): void {
  for (const c of containers) {
    const lines = tailOf(containerLogs(state, pod, c, !!opts.previous), tail);
    const prefix = opts.prefix ? `[pod/${pod.metadata.name}/${c}] ` : '';
    if (lines.length) ctx.out(lines.map((l) => prefix + l + '\n').join(''));
  }
}

export function register(program: Command, h: Harness): void {
  program
    .command('logs')
    .description('Print the logs for a container in a pod')
    .argument('[args...]')
    .option('-c, --container <name>', 'Print the logs of this container')
    .option('--tail <n>', 'Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10')
    .option('-p, --previous', 'Print the logs for the previous instance of the container in a pod if it exists')
    .option('-f, --follow', 'Accepted; prints the logs written so far')
    .option('--all-containers', 'Get all containers\' logs in the pod(s)')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--prefix', 'Prefix each log line with the log source (pod name and container name)')
    .option('--timestamps', 'Accepted for compatibility')
    .option('--ignore-errors', 'Accepted for compatibility')
    .option('--since <duration>', 'Accepted for compatibility (all lines are shown)')
    .option('--since-time <time>', 'Accepted for compatibility (all lines are shown)')
    .option('--limit-bytes <n>', 'Maximum bytes of logs to return')
    .option('--max-log-requests <n>', 'Accepted for compatibility')
    .option('--pod-running-timeout <d>', 'Accepted for compatibility')
    .action(h.action<LogsOptions>((ctx, args, opts) => {
      if (opts.selector ? args.length > 0 : args.length === 0 || args.length > 2) throw new CliError(USAGE, 'logs');
      if (opts.tail !== undefined && !/^-?\d+$/.test(opts.tail)) throw new CliError(`invalid argument "${opts.tail}" for "--tail" flag: strconv.ParseInt: parsing "${opts.tail}": invalid syntax\nSee 'kubectl logs --help' for usage.`);
      const { state } = ctx.read();
      if (opts.selector) {
        const sel = parseSelector(opts.selector);
        const pods = listObjects(state, 'pods', ctx.namespace).filter((p) => matches(sel, p.metadata.labels));
        if (!pods.length) {
          ctx.err(`No resources found in ${ctx.namespace} namespace.\n`);
          return 0;
        }
        const tail = opts.tail !== undefined ? Number(opts.tail) : 10;
        for (const pod of pods) {
          const names = opts.allContainers ? (pod as unknown as Pod).spec!.containers.map((c) => c.name) : [opts.container ?? defaultContainer(pod).name];
          print(ctx, state, pod, names, opts, tail);
        }
        return 0;
      }
      const target = resolveLogTarget(ctx, state, args[0]!);
      const pod = target.pod;
      const spec = (pod as unknown as Pod).spec!;
      const tail = opts.tail !== undefined ? Number(opts.tail) : -1;
      let names: string[];
      if (opts.allContainers) names = [...(spec.initContainers ?? []), ...spec.containers].map((c) => c.name);
      else {
        const named = opts.container ?? args[1];
        if (named) {
          if (![...spec.containers, ...(spec.initContainers ?? [])].some((c) => c.name === named)) throw new CliError(`container ${named} is not valid for pod ${pod.metadata.name}`);
          names = [named];
        } else {
          const d = defaultContainer(pod);
          if (d.notice) ctx.err(d.notice);
          names = [d.name];
        }
      }
      print(ctx, state, pod, names, opts, tail);
      return 0;
    }));
}

/** Re-exported so other commands can look a pod up with logs' wording. */
export function podOrError(state: ClusterState, namespace: string, name: string): KubeObject {
  const pod = getObject(state, 'pods', namespace, name);
  if (!pod) throw new RawError(`error: error from server (NotFound): pods "${name}" not found in namespace "${namespace}"`);
  return pod;
}
