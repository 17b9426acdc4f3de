/** The ReplicaSet controller (apps/v1, matchLabels and matchExpressions selectors). */
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { makeReplicaController } from './replica-core.js';
import { fromLabelSelector, matches } from '../api/selectors.js';

export const replicaSetController = makeReplicaController({
  name: 'replicaset-controller',
  resource: 'replicasets',
  kind: 'ReplicaSet',
  apiVersion: 'apps/v1',
  component: 'replicaset-controller',
  selector(owner) {
    const reqs = fromLabelSelector((owner.spec as { selector?: LabelSelector } | undefined)?.selector);
    // An empty selector would select every pod; the API rejects it, and the controller ignores it.
    return reqs && reqs.length ? (l) => matches(reqs, l) : null;
  },
});
