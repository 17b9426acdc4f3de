/**
 * `rollout status` for DaemonSets, as kubectl's DaemonSetStatusViewer does it (history and undo over the
 * DaemonSet's ControllerRevisions are rollout-revisions.ts', shared with StatefulSets).
 */
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { DsSpec, DsStatus } from '../../kinds/daemonset.js';
import { CliError, notFound } from '../../api/errors.js';
import { getObject } from '../../api/objects.js';

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
