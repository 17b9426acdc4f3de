/**
 * Which pod `logs TYPE/NAME` reads: the pod itself, or for a Service/RC/ReplicaSet/Deployment/DaemonSet/
 * StatefulSet/Job the most
 * "active" pod of its selector (kubectl's ActivePods order, reversed: bound, running, ready longest,
 * fewest restarts, oldest), announcing `Found N pods, using pod/<name>` when there is a choice.
 */
import type { CommandContext } from '../context.js';
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { CliError, notFound } from '../../api/errors.js';
import { getObject, listObjects } from '../../api/objects.js';
import { fromLabelSelector, fromMap, matches, type Requirement } from '../../api/selectors.js';
import { qualifiedResource, type KindInfo } from '../../api/kind.js';
import { resolveType } from '../resource-args.js';
import { podOrError } from './logs.js';

/** Kinds whose `spec.selector` is a LabelSelector kubectl resolves to pods (polymorphichelpers SelectorsForObject). */
const LABEL_SELECTOR_OWNERS = new Set(['ReplicaSet', 'Deployment', 'DaemonSet', 'StatefulSet', 'Job']);

function rank(p: KubeObject): number[] {
  const pod = p as unknown as Pod;
  const phase = pod.status?.phase;
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const restarts = (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
  return [
    pod.spec?.nodeName ? 1 : 0,
    phase === 'Running' ? 2 : phase === 'Unknown' ? 1 : 0,
    ready?.status === 'True' ? 1 : 0,
    ready?.status === 'True' ? -Date.parse(ready.lastTransitionTime ?? '') : 0,
    -restarts,
    -Date.parse(p.metadata.creationTimestamp ?? ''),
  ];
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i]! - a[i]!;
  return 0;
}

/**
 * The pod kubectl attaches to for an object (polymorphichelpers.AttachablePodForObject): a Pod itself,
 * else the most active pod of the Service's, ReplicationController's, ReplicaSet's or Deployment's
 * selector, with how many pods matched.
 */
export function attachablePod(state: ClusterState, namespace: string, info: KindInfo, obj: KubeObject): { pod: KubeObject; matched: number } {
  if (info.kind === 'Pod') return { pod: obj, matched: 1 };
  let sel: Requirement[] | null;
  const spec = obj.spec as { selector?: unknown } | undefined;
  const goType = `*${info.group ? info.version : 'v1'}.${info.kind}`;
  if (info.kind === 'Service' || info.kind === 'ReplicationController') sel = fromMap(spec?.selector as Record<string, string> | undefined);
  else if (LABEL_SELECTOR_OWNERS.has(info.kind)) sel = fromLabelSelector(spec?.selector as never);
  else throw new CliError(`cannot attach to ${goType}: selector for ${goType} not implemented`);
  if (!sel || sel.length === 0) throw new CliError(`cannot attach to *v1.${info.kind}: invalid service '${obj.metadata.name}': Service is defined without a selector`);
  const pods = listObjects(state, 'pods', namespace).filter((p) => matches(sel!, p.metadata.labels));
  // kubectl watches up to --pod-running-timeout for a first pod; nothing appears meanwhile in a simulated cluster.
  if (!pods.length) throw new CliError('timed out waiting for the condition');
  pods.sort((a, b) => compareRank(rank(a), rank(b)));
  return { pod: pods[0]!, matched: pods.length };
}

/** Resolve `POD` or `TYPE/NAME` to one pod. */
export function resolveLogTarget(ctx: CommandContext, state: ClusterState, arg: string): { pod: KubeObject } {
  const slash = arg.indexOf('/');
  if (slash < 0) return { pod: podOrError(state, ctx.namespace, arg) };
  const info = resolveType(arg.slice(0, slash));
  const name = arg.slice(slash + 1);
  const obj = getObject(state, info.resource, info.namespaced ? ctx.namespace : undefined, name);
  if (!obj) throw notFound(qualifiedResource(info), name);
  if (info.kind !== 'Pod' && info.kind !== 'Service' && info.kind !== 'ReplicationController' && !LABEL_SELECTOR_OWNERS.has(info.kind)) {
    throw new CliError(`cannot get the logs from ${info.group ? `*${info.version}.${info.kind}` : `*v1.${info.kind}`}: selector for *v1.${info.kind} not implemented`);
  }
  const { pod, matched } = attachablePod(state, ctx.namespace, info, obj);
  if (matched > 1) ctx.err(`Found ${matched} pods, using pod/${pod.metadata.name}\n`);
  return { pod };
}
