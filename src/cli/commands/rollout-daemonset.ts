/**
 * `rollout status|history|undo|restart` for DaemonSets, as kubectl's DaemonSetStatusViewer,
 * DaemonSetHistoryViewer and DaemonSetRollbacker do them over the DaemonSet's ControllerRevisions.
 */
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { DsSpec, DsStatus } from '../../kinds/daemonset.js';
import type { PodTemplate } from '../../kinds/pod-template.js';
import { CliError, notFound } from '../../api/errors.js';
import type { Env } from '../../env.js';
import { getObject } from '../../api/objects.js';
import { replaceObject } from '../../api/server.js';
import { KINDS } from '../../api/registry.js';
import { tabwrite } from '../../printers/tabwriter.js';
import { templateKey } from '../../kinds/deployment.js';
import { revisionsOf, revisionTemplate } from '../../controllers/daemonset.js';

const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/** The DaemonSet or kubectl's NotFound. */
export function daemonSet(state: ClusterState, namespace: string, name: string): KubeObject {
  const ds = getObject(state, 'daemonsets', namespace, name);
  if (!ds) throw notFound('daemonsets.apps', name);
  return ds;
}

/** DaemonSetStatusViewer: the status line and whether the rollout is done. */
export function daemonSetStatusText(ds: KubeObject): { text: string; done: boolean } {
  const spec = (ds.spec ?? {}) as DsSpec;
  if ((spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') throw new CliError('rollout status is only available for RollingUpdate strategy type');
  const st = (ds.status ?? {}) as DsStatus & { observedGeneration?: number };
  const name = JSON.stringify(ds.metadata.name);
  if ((ds.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) return { text: 'Waiting for daemon set spec update to be observed...\n', done: false };
  const desired = st.desiredNumberScheduled ?? 0;
  if ((st.updatedNumberScheduled ?? 0) < desired) return { text: `Waiting for daemon set ${name} rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...\n`, done: false };
  if ((st.numberAvailable ?? 0) < desired) return { text: `Waiting for daemon set ${name} rollout to finish: ${st.numberAvailable ?? 0} of ${desired} updated pods are available...\n`, done: false };
  return { text: `daemon set ${name} successfully rolled out\n`, done: true };
}

/** The revision overview (REVISION / CHANGE-CAUSE), or one revision's template through `describeTemplate`. */
export function daemonSetHistoryText(state: ClusterState, ds: KubeObject, revision: number, describeTemplate: (t: PodTemplate) => string): string {
  const prefix = `daemonset.apps/${ds.metadata.name}`;
  const revs = revisionsOf(state, ds);
  if (!revs.length) return `${prefix} \nNo rollout history found.\n`;
  if (revision > 0) {
    const hit = revs.find((r) => Number(r.revision) === revision);
    if (!hit) throw new CliError('unable to find the specified revision');
    return `${prefix} with revision #${revision}\n${describeTemplate(revisionTemplate(hit) ?? {})}\n`;
  }
  const rows = revs.map((r) => `${r.revision}\t${r.metadata.annotations?.[CHANGE_CAUSE] || '<none>'}`);
  return `${prefix} \n${tabwrite(['REVISION\tCHANGE-CAUSE', ...rows].join('\n') + '\n', { minWidth: 0, padding: 2 })}\n`;
}

/** DaemonSetRollbacker: restore revision `to` (0: the one before the newest); returns kubectl's result word. */
export function undoDaemonSet(state: ClusterState, env: Env, ds: KubeObject, to: number, dryRun: boolean): string {
  const revs = revisionsOf(state, ds);
  if (to === 0 && revs.length <= 1) throw new CliError('no last revision to roll back to');
  const hit = to > 0 ? revs.find((r) => Number(r.revision) === to) : revs[revs.length - 2];
  if (!hit) throw new CliError(`unable to find specified revision ${to} in history`);
  const template = revisionTemplate(hit) ?? {};
  if (templateKey(template) === templateKey((ds.spec as DsSpec).template)) return `skipped rollback (current template already matches revision ${to})`;
  if (!dryRun) {
    const copy = structuredClone(ds);
    (copy.spec as DsSpec).template = structuredClone(template);
    replaceObject(state, env, KINDS.DaemonSet, copy);
  }
  return 'rolled back';
}
