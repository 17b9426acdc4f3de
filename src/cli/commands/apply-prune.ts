/**
 * `kubectl apply --prune -l SELECTOR | --all`, kubectl 1.32's allowlist-based alpha (pkg/cmd/apply/prune.go):
 * once every object applied, the objects of the default prune kinds that match the selector, carry the
 * last-applied annotation and were not applied this time are deleted, in the namespaces applied to, then
 * cluster-wide for the cluster-scoped kinds.
 */
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { Env } from '../../env.js';
import type { Requirement } from '../../api/selectors.js';
import { KINDS } from '../../api/registry.js';
import { kindPrefix } from '../../api/kind.js';
import { listObjects } from '../../api/objects.js';
import { deleteObject } from '../../api/server.js';
import { matches } from '../../api/selectors.js';
import { CliError } from '../../api/errors.js';
import { klogHeader } from './port-forward-listen.js';

/** kubectl's default prune allowlist (pkg/util/prune/prune.go), in its order: namespaced kinds first. */
const NAMESPACED_KINDS = ['ConfigMap', 'Endpoints', 'PersistentVolumeClaim', 'Pod', 'ReplicationController', 'Secret', 'Service', 'Job', 'CronJob', 'Ingress', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'] as const;
const CLUSTER_KINDS = ['Namespace', 'PersistentVolume'] as const;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** What the apply run tells the pruner: its selector, what it applied and where, and its dry-run mode. */
export interface PruneScope {
  selector?: Requirement[];
  visitedUids: Set<string>;
  visitedNamespaces: Set<string>;
  dryRun?: 'client' | 'server';
}

/** apply's Validate for the pruning flags (pkg/cmd/apply/apply.go), in its order. */
export function validatePruneFlags(flags: { prune?: boolean; all?: boolean; selector?: string; force?: boolean; serverSide?: boolean }): void {
  if (flags.all && flags.selector) throw new CliError('cannot set --all and --selector at the same time');
  if (!flags.prune) return;
  if (flags.force) throw new CliError('--force cannot be used with --prune');
  if (!flags.all && !flags.selector) {
    throw new CliError('all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector');
  }
  if (flags.serverSide) throw new CliError("--prune is in alpha and doesn't currently work on objects created by server-side apply");
}

/**
 * The klog warning GetRESTMappings prints with the default allowlist: kubectl always resolves a namespace
 * (the context's, else `default`), so it always counts as specified.
 */
export function pruneDeprecationWarning(now: Date): string {
  return `${klogHeader('W', now, 'prune.go:71')} Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used with the --namespace flag in a future release. To preserve the current behaviour, list the resources you want to target explicitly in the --prune-allowlist flag.\n`;
}

/** Delete (unless a client dry run) what the scope prunes; returns each pruned object's `TYPE/NAME`, in kubectl's order. */
export function pruneUnapplied(state: ClusterState, env: Env, scope: PruneScope): string[] {
  const pruned: string[] = [];
  const visit = (kind: (typeof NAMESPACED_KINDS)[number] | (typeof CLUSTER_KINDS)[number], namespace: string | undefined) => {
    const info = KINDS[kind];
    for (const obj of listObjects(state, info.resource, namespace)) {
      if (!prunable(obj, scope)) continue;
      if (scope.dryRun !== 'client') deleteObject(state, env, info, namespace, obj.metadata.name, { dryRun: scope.dryRun === 'server' });
      pruned.push(`${kindPrefix(info)}/${obj.metadata.name}`);
    }
  };
  // kubectl walks a Go set of namespaces; one namespace, the usual case, has one order.
  for (const ns of [...scope.visitedNamespaces].sort()) for (const kind of NAMESPACED_KINDS) visit(kind, ns);
  for (const kind of CLUSTER_KINDS) visit(kind, undefined);
  return pruned;
}

/** Applied by kubectl (the annotation), selected, and not among the objects applied this time. */
function prunable(obj: KubeObject, scope: PruneScope): boolean {
  if (obj.metadata.annotations?.[LAST_APPLIED] === undefined) return false;
  if (scope.selector && !matches(scope.selector, obj.metadata.labels ?? {})) return false;
  return !scope.visitedUids.has(obj.metadata.uid ?? '');
}
