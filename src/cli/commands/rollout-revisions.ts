/**
 * `rollout status|history|undo` for owners whose history is kept in ControllerRevisions (StatefulSet;
 * DaemonSet works the same way): kubectl's StatefulSetStatusViewer texts, the REVISION / CHANGE-CAUSE
 * table, a revision's pod template, and rolling back by applying the revision's stored template.
 */
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { PodTemplate } from '../../kinds/pod-template.js';
import type { StatefulSetSpec, StatefulSetStatus } from '../../kinds/statefulset.js';
import { CliError } from '../../api/errors.js';
import { updateObject } from '../../api/objects.js';
import { tabwrite } from '../../printers/tabwriter.js';
import { stableJson } from '../../kinds/deployment.js';
import { defaultPodTemplate, describePodTemplate } from '../../kinds/pod-template.js';
import { DescribeWriter } from '../../printers/describe.js';

const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/** The owner's ControllerRevisions, oldest revision first. */
export function ownedRevisions(state: ClusterState, owner: KubeObject): KubeObject[] {
  return Object.values(state.objects.controllerrevisions ?? {})
    .filter((r) => r.metadata.namespace === owner.metadata.namespace && r.metadata.ownerReferences?.some((o) => o.controller && o.uid === owner.metadata.uid))
    .sort((a, b) => revisionOf(a) - revisionOf(b));
}

function revisionOf(r: KubeObject): number {
  return Number((r as { revision?: number }).revision ?? 0);
}

/** The pod template a revision stores (its replace patch without the directive). */
function templateOf(r: KubeObject): PodTemplate {
  const t = structuredClone(((r as { data?: { spec?: { template?: Record<string, unknown> } } }).data?.spec?.template ?? {}) as Record<string, unknown>);
  delete t.$patch;
  return t as PodTemplate;
}

/** kubectl's StatefulSetStatusViewer: the status line and whether the rollout is done. */
export function statefulSetStatusText(sts: KubeObject): { text: string; done: boolean } {
  const s = (sts.spec ?? {}) as StatefulSetSpec;
  const st = (sts.status ?? {}) as StatefulSetStatus;
  if (s.updateStrategy?.type !== 'RollingUpdate') throw new CliError('rollout status is only available for RollingUpdate strategy type');
  if (!st.observedGeneration || (sts.metadata.generation ?? 0) > st.observedGeneration) return { text: 'Waiting for statefulset spec update to be observed...\n', done: false };
  const replicas = s.replicas ?? 1;
  if ((st.readyReplicas ?? 0) < replicas) return { text: `Waiting for ${replicas - (st.readyReplicas ?? 0)} pods to be ready...\n`, done: false };
  const partition = s.updateStrategy.rollingUpdate?.partition;
  if (s.updateStrategy.rollingUpdate) {
    if (partition !== undefined && (st.updatedReplicas ?? 0) < replicas - partition) {
      return { text: `Waiting for partitioned roll out to finish: ${st.updatedReplicas ?? 0} out of ${replicas - partition} new pods have been updated...\n`, done: false };
    }
    return { text: `partitioned roll out complete: ${st.updatedReplicas ?? 0} new pods have been updated...\n`, done: true };
  }
  if (st.updateRevision !== st.currentRevision) return { text: `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision}...\n`, done: false };
  return { text: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision}...\n`, done: true };
}

/** `rollout history` text after the `<kind>/<name> ` line: the table, or one revision's template. */
export function revisionHistoryText(state: ClusterState, owner: KubeObject, revision: number): string {
  const revs = ownedRevisions(state, owner);
  if (!revs.length) return 'No rollout history found.';
  if (revision > 0) {
    const hit = revs.find((r) => revisionOf(r) === revision);
    if (!hit) throw new CliError('unable to find the specified revision');
    const w = new DescribeWriter();
    describePodTemplate(w, templateOf(hit));
    return w.rawText();
  }
  return tabwrite(['REVISION\tCHANGE-CAUSE', ...revs.map((r) => `${revisionOf(r)}\t${r.metadata.annotations?.[CHANGE_CAUSE] || '<none>'}`)].join('\n') + '\n', { minWidth: 0, padding: 2 });
}

/** Roll the owner back to revision `to` (0: the one before the newest); returns kubectl's result word(s). */
export function rollbackToRevision(state: ClusterState, owner: KubeObject, resource: string, to: number, dryRun: boolean): string {
  if (to < 0) throw new CliError(`unable to find specified revision ${to} in history`);
  const revs = ownedRevisions(state, owner);
  if (to === 0 && revs.length <= 1) throw new CliError('no last revision to roll back to');
  const target = to === 0 ? revs[revs.length - 2] : revs.find((r) => revisionOf(r) === to);
  if (!target) throw new CliError(`unable to find specified revision ${to} in history`);
  const template = templateOf(target);
  const spec = (owner.spec ?? {}) as { template?: PodTemplate };
  const current = structuredClone(spec.template ?? {}) as PodTemplate;
  defaultPodTemplate(current);
  defaultPodTemplate(template);
  if (stableJson(current) === stableJson(template)) return `skipped rollback (current template already matches revision ${to})`;
  if (!dryRun) {
    const copy = structuredClone(owner);
    (copy.spec as { template?: PodTemplate }).template = template;
    updateObject(state, resource, copy);
  }
  return 'rolled back';
}
