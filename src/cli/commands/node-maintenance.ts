/**
 * `kube-sim cordon|uncordon|drain NODE...` (or `-l SELECTOR`): mark nodes (un)schedulable, and drain
 * them by evicting their pods as kubectl's drain helper does: DaemonSet pods need --ignore-daemonsets,
 * pods with emptyDir need --delete-emptydir-data, pods no controller owns need --force, mirror pods stay.
 * Evictions go through the eviction subresource, so PodDisruptionBudgets hold them back (drain-evict.ts);
 * the evicted pods' controllers recreate them and the scheduler puts them elsewhere.
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import type { ClusterState, KubeObject } from '../../api/types.js';
import { CliError, RawError, notFound } from '../../api/errors.js';
import { KINDS } from '../../api/registry.js';
import { getObject, listObjects, updateObject } from '../../api/objects.js';
import { deleteObject } from '../../api/server.js';
import { durationFlag } from '../watch.js';
import { evictPods } from './drain-evict.js';
import { matches, parseSelector } from '../../api/selectors.js';
import { controllerRef } from '../../controllers/pod-index.js';

interface NodeFlags {
  selector?: string;
  dryRun?: string;
}

interface DrainFlags extends NodeFlags {
  force?: boolean;
  ignoreDaemonsets?: boolean;
  deleteEmptydirData?: boolean;
  podSelector?: string;
  disableEviction?: boolean;
  timeout?: string;
}

/** ` (dry run)` / ` (server dry run)` after a name-printer line. */
function dryRunSuffix(mode: string | undefined): string {
  return mode === 'client' ? ' (dry run)' : mode === 'server' ? ' (server dry run)' : '';
}

function dryRunMode(flag: string | undefined): string | undefined {
  if (flag === undefined || flag === 'none') return undefined;
  if (flag !== 'client' && flag !== 'server') throw new CliError(`Invalid dry-run value (${flag}). Must be "none", "server", or "client".`);
  return flag;
}

/** The nodes named (all must exist) or selected, in the order given / by name. */
function selectNodes(state: ClusterState, verb: string, args: string[], selector: string | undefined): KubeObject[] {
  if (!args.length && selector === undefined) throw new CliError(`USAGE: ${verb} NODE [flags]`, verb);
  if (args.length && selector) throw new CliError('error: cannot specify both a node name and a --selector option', verb);
  if (selector !== undefined) {
    const reqs = parseSelector(selector);
    return listObjects(state, 'nodes').filter((n) => matches(reqs, n.metadata.labels));
  }
  return args.map((name) => {
    const n = getObject(state, 'nodes', undefined, name);
    if (!n) throw notFound('nodes', name);
    return n;
  });
}

/** Cordon or uncordon: the printer lines, and the change made to the state (unless a client dry run). */
function setUnschedulable(ctx: CommandContext, state: ClusterState, nodes: KubeObject[], desired: boolean, dryRun: string | undefined): void {
  for (const node of nodes) {
    const spec = (node.spec ??= {}) as { unschedulable?: boolean };
    if (!!spec.unschedulable === desired) {
      ctx.out(`node/${node.metadata.name} already ${desired ? 'cordoned' : 'uncordoned'}${dryRunSuffix(dryRun)}\n`);
      continue;
    }
    if (!dryRun) {
      const copy = structuredClone(node);
      const s = (copy.spec ??= {}) as { unschedulable?: boolean };
      if (desired) s.unschedulable = true;
      else delete s.unschedulable;
      updateObject(state, 'nodes', copy);
    }
    ctx.out(`node/${node.metadata.name} ${desired ? 'cordoned' : 'uncordoned'}${dryRunSuffix(dryRun)}\n`);
  }
}

type Verdict = { evict: true; warning?: string } | { evict: false; warning?: string; error?: string };

/** kubectl's drain filters, in their order: DaemonSet, mirror, local storage, unreplicated. */
function verdict(state: ClusterState, pod: KubeObject, flags: DrainFlags): Verdict {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  const finished = phase === 'Succeeded' || phase === 'Failed';
  const ref = controllerRef(pod);
  let warning: string | undefined;
  if (ref?.kind === 'DaemonSet' && !finished) {
    const ds = state.objects.daemonsets?.[`${pod.metadata.namespace}/${ref.name}`];
    if (!ds) {
      const text = `daemonsets.apps "${ref.name}" not found`;
      if (!flags.force) return { evict: false, error: text };
      warning = text;
    } else if (!flags.ignoreDaemonsets) return { evict: false, error: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)' };
    else return { evict: false, warning: 'ignoring DaemonSet-managed Pods' };
  }
  if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) return { evict: false };
  const volumes = (pod.spec as { volumes?: { emptyDir?: unknown }[] } | undefined)?.volumes ?? [];
  if (volumes.some((v) => v.emptyDir) && !finished) {
    if (!flags.deleteEmptydirData) return { evict: false, error: 'Pods with local storage (use --delete-emptydir-data to override)' };
    warning = 'deleting Pods with local storage';
  }
  if (!finished && !ref) {
    if (!flags.force) return { evict: false, error: 'cannot delete Pods that declare no controller (use --force to override)' };
    warning = 'deleting Pods that declare no controller';
  }
  return { evict: true, warning };
}

/** An aggregate error's text: its one message, or `[a, b]`. */
function aggregate(messages: string[]): string {
  return messages.length === 1 ? messages[0]! : `[${messages.join(', ')}]`;
}

/** Group `ns/name` lists by message as kubectl's PodDeleteList does (`msg: a, b`). */
function grouped(items: [string, string][]): [string, string[]][] {
  const by = new Map<string, string[]>();
  for (const [msg, pod] of items) by.set(msg, [...(by.get(msg) ?? []), pod]);
  return [...by];
}

/** GetPodsForDeletion: the pods of the node drain would remove, and why it cannot remove the others. */
function podsForDeletion(state: ClusterState, node: string, flags: DrainFlags): { evict: KubeObject[]; errors: [string, string][]; warnings: [string, string][] } {
  const podSel = flags.podSelector ? parseSelector(flags.podSelector) : [];
  const pods = listObjects(state, 'pods').filter((p) => (p.spec as { nodeName?: string }).nodeName === node && matches(podSel, p.metadata.labels));
  const evict: KubeObject[] = [];
  const errors: [string, string][] = [];
  const warnings: [string, string][] = [];
  for (const p of pods) {
    const v = verdict(state, p, flags);
    const id = `${p.metadata.namespace}/${p.metadata.name}`;
    if (v.warning) warnings.push([v.warning, id]);
    if (v.evict) evict.push(p);
    else if ('error' in v && v.error) errors.push([v.error, id]);
  }
  return { evict, errors, warnings };
}

/**
 * Drain one node (deleteOrEvictPodsSimple): its pods' verdicts, then the evictions (or deletions with
 * --disable-eviction). Returns the errors when it cannot, 'interrupted' when stopped while it waited.
 */
async function drainNode(ctx: CommandContext, node: string, flags: DrainFlags, dryRun: string | undefined, timeoutMs: number): Promise<string[] | undefined | 'interrupted'> {
  const list = podsForDeletion(ctx.read().state, node, flags);
  if (list.errors.length) return grouped(list.errors).map(([msg, ids]) => `cannot delete ${msg}: ${ids.join(', ')}`);
  if (list.warnings.length) ctx.err(`Warning: ${grouped(list.warnings).map(([msg, ids]) => `${msg}: ${ids.join(', ')}`).join('; ')}\n`);
  if (dryRun === 'client') {
    for (const p of list.evict) ctx.out(`evicting pod ${p.metadata.namespace}/${p.metadata.name} (dry run)\n`);
    return undefined;
  }
  if (flags.disableEviction) {
    if (dryRun === 'server') return undefined;
    ctx.mutate((state, env) => {
      for (const p of list.evict) if (getObject(state, 'pods', p.metadata.namespace, p.metadata.name)) deleteObject(state, env, KINDS.Pod, p.metadata.namespace, p.metadata.name);
    });
    for (const p of list.evict) ctx.out(`pod/${p.metadata.name} deleted\n`);
    return undefined;
  }
  const errors = await evictPods(ctx, list.evict, { timeoutMs, serverDryRun: dryRun === 'server' });
  if (errors === undefined) return 'interrupted';
  if (!errors.length) return undefined;
  // kubectl lists what is still to go, by another GetPodsForDeletion.
  const left = podsForDeletion(ctx.read().state, node, flags).evict;
  if (left.length) ctx.err(`There are pending pods in node "${node}" when an error occurred: ${aggregate(errors)}\n${left.map((p) => `pod/${p.metadata.name}\n`).join('')}`);
  return errors;
}

export function register(program: Command, h: Harness): void {
  for (const [verb, desired, description] of [
    ['cordon', true, 'Mark node as unschedulable'],
    ['uncordon', false, 'Mark node as schedulable'],
  ] as const) {
    program
      .command(verb)
      .description(description)
      .argument('[nodes...]')
      .option('-l, --selector <selector>', 'Selector (label query) to filter on')
      .option('--dry-run <mode>', 'Must be "none", "server", or "client".')
      .action(h.action<NodeFlags>((ctx, args, opts) => {
        const dryRun = dryRunMode(opts.dryRun);
        const { state } = ctx.read();
        const nodes = selectNodes(state, verb, args, opts.selector);
        if (dryRun === 'client') setUnschedulable(ctx, state, nodes, desired, dryRun);
        else ctx.mutate((st) => setUnschedulable(ctx, st, selectNodes(st, verb, args, opts.selector), desired, dryRun === 'server' ? 'server' : undefined));
      }));
  }

  program
    .command('drain')
    .description('Drain node in preparation for maintenance')
    .argument('[nodes...]')
    .option('--force', 'Continue even if there are pods that do not declare a controller.')
    .option('--ignore-daemonsets', 'Ignore DaemonSet-managed pods.')
    .option('--delete-emptydir-data', 'Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).')
    .option('--disable-eviction', 'Force drain to use delete, even if eviction is supported. This will bypass checking PodDisruptionBudgets, use with caution.')
    .option('--grace-period <seconds>', 'Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.')
    .option('--timeout <duration>', 'The length of time to wait before giving up, zero means infinite')
    .option('--pod-selector <selector>', 'Label selector to filter pods on the node')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--dry-run <mode>', 'Must be "none", "server", or "client".')
    .action(h.action<DrainFlags>(async (ctx, args, opts) => {
      const dryRun = dryRunMode(opts.dryRun);
      if (opts.podSelector !== undefined) {
        try {
          parseSelector(opts.podSelector);
        } catch {
          throw new CliError('--pod-selector=<pod_selector> must be a valid label selector');
        }
      }
      const timeoutMs = opts.timeout === undefined ? 0 : durationFlag(opts.timeout, '--timeout', 'drain');
      const names = selectNodes(ctx.read().state, 'drain', args, opts.selector).map((n) => n.metadata.name);
      // RunCordonOrUncordon first, every node; then each node's pods.
      if (dryRun === 'client') setUnschedulable(ctx, ctx.read().state, selectNodes(ctx.read().state, 'drain', args, opts.selector), true, dryRun);
      else ctx.mutate((state) => setUnschedulable(ctx, state, selectNodes(state, 'drain', args, opts.selector), true, dryRun));
      const failed: [string, string[]][] = [];
      for (const node of names) {
        const error = await drainNode(ctx, node, opts, dryRun, timeoutMs);
        // Stopped while it waited: what a shell reports for a command ended by Ctrl-C.
        if (error === 'interrupted') return 130;
        if (error === undefined) ctx.out(`node/${node} drained${dryRunSuffix(dryRun)}\n`);
        else {
          ctx.err(`error: unable to drain node "${node}" due to error: ${aggregate(error)}, continuing command...\n`);
          failed.push([node, error]);
        }
      }
      if (!failed.length) return 0;
      ctx.err(`There are pending nodes to be drained:\n${failed.map(([n]) => ` ${n}\n`).join('')}`);
      // kubectl's CheckErr of the aggregate: one node's is unwrapped to its own aggregate; each error is a
      // line (MultipleErrors), without the "error: " a single plain error gets (the real kubectl 1.32, through serve).
      const errors = failed.length === 1 ? failed[0]![1] : failed.map(([, e]) => aggregate(e));
      throw new RawError(errors.join('\n'));
    }));
}
