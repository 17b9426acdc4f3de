/** The ReplicationController controller (v1, plain map selector). */
import { makeReplicaController } from './replica-core.js';
import { fromMap, matches } from '../api/selectors.js';

export const replicationControllerController = makeReplicaController({
  name: 'replication-controller',
  resource: 'replicationcontrollers',
  kind: 'ReplicationController',
  apiVersion: 'v1',
  component: 'replication-controller',
  selector(owner) {
    const reqs = fromMap((owner.spec as { selector?: Record<string, string> } | undefined)?.selector);
    return reqs.length ? (l) => matches(reqs, l) : null;
  },
});
