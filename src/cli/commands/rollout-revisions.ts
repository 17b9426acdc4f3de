/**
 * `rollout history|undo` for owners whose history is kept in ControllerRevisions (DaemonSet and
 * StatefulSet, as kubectl's DaemonSet/StatefulSet history viewers and rollbackers do them), and
 * kubectl's StatefulSetStatusViewer for `rollout status`.
 */
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { Env } from '../../env.js';
import type { KindInfo } from '../../api/kind.js';
import type { PodTemplate } from '../../kinds/pod-template.js';
import type { StatefulSetSpec, StatefulSetStatus } from '../../kinds/statefulset.js';
import { CliError } from '../../api/errors.js';
import { kindPrefix } from '../../api/kind.js';
import { replaceObject } from '../../api/server.js';
import { tabwrite } from '../../printers/tabwriter.js';
import { templateKey } from '../../kinds/deployment.js';
import { revisionsOf, revisionTemplate } from '../../controllers/revisions.js';

const CHANGE_CAUSE = 'kubernetes.io/change-cause';

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

/** `rollout history`: the REVISION / CHANGE-CAUSE overview, or one revision's template through `describeTemplate`. */
export function revisionHistoryText(state: ClusterState, info: KindInfo, owner: KubeObject, revision: number, describeTemplate: (t: PodTemplate) => string): string {
  const prefix = `${kindPrefix(info)}/${owner.metadata.name}`;
  const revs = revisionsOf(state, owner);
  if (!revs.length) return `${prefix} \nNo rollout history found.\n`;
  if (revision > 0) {
    const hit = revs.find((r) => Number(r.revision) === revision);
    if (!hit) throw new CliError('unable to find the specified revision');
    return `${prefix} with revision #${revision}\n${describeTemplate(revisionTemplate(hit) ?? {})}\n`;
  }
  const rows = revs.map((r) => `${r.revision}\t${r.metadata.annotations?.[CHANGE_CAUSE] || '<none>'}`);
  return `${prefix} \n${tabwrite(['REVISION\tCHANGE-CAUSE', ...rows].join('\n') + '\n', { minWidth: 0, padding: 2 })}\n`;
}

/** The rollbacker: restore revision `to` (0: the one before the newest) through the write path; returns kubectl's result word(s). */
export function undoToRevision(state: ClusterState, env: Env, info: KindInfo, owner: KubeObject, to: number, dryRun: boolean): string {
  const revs = revisionsOf(state, owner);
  if (to === 0 && revs.length <= 1) throw new CliError('no last revision to roll back to');
  const hit = to > 0 ? revs.find((r) => Number(r.revision) === to) : revs[revs.length - 2];
  if (!hit) throw new CliError(`unable to find specified revision ${to} in history`);
  const template = revisionTemplate(hit) ?? {};
  if (templateKey(template) === templateKey((owner.spec as { template?: PodTemplate }).template)) return `skipped rollback (current template already matches revision ${to})`;
  if (!dryRun) {
    const copy = structuredClone(owner);
    (copy.spec as { template?: PodTemplate }).template = template;
    replaceObject(state, env, info, copy);
  }
  return 'rolled back';
}
