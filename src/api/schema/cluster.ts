/** Schemas of ServiceAccount (core/v1), Lease (coordination.k8s.io/v1), DaemonSet and ControllerRevision (apps/v1). */
import { obj, str, i32, i64, bool, time, arr, named, anyJson, intstr, type ObjectType } from './types.js';
import { kindType, labelSelector, objectReference, statusAny } from './meta.js';
import { podTemplateSpec } from './pod.js';

const localObjectReference = obj('LocalObjectReference', 'LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.', () => ({
  name: [str, 'Name of the referent.'],
}));

export const serviceAccount: ObjectType = kindType('ServiceAccount', 'ServiceAccount binds together: * a name, understood by users, and perhaps by peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of secrets', () => ({
  automountServiceAccountToken: [bool, 'AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted.'],
  imagePullSecrets: [arr(localObjectReference), 'ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images in pods that reference this ServiceAccount.'],
  secrets: [arr(objectReference), 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'],
}));

export const lease: ObjectType = kindType('Lease', 'Lease defines a lease concept.', () => ({
  spec: [obj('LeaseSpec', 'LeaseSpec is a specification of a Lease.', () => ({
    acquireTime: [time, 'acquireTime is a time when the current lease was acquired.'],
    holderIdentity: [str, 'holderIdentity contains the identity of the holder of a current lease.'],
    leaseDurationSeconds: [i32, 'leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it.'],
    leaseTransitions: [i32, 'leaseTransitions is the number of transitions of a lease between holders.'],
    preferredHolder: [str, 'PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up.'],
    renewTime: [time, 'renewTime is a time when the current holder of a lease has last updated the lease.'],
    strategy: [str, 'Strategy indicates the strategy for picking the leader for coordinated leader election.'],
  }), 'v1'), 'spec contains the specification of the Lease.'],
}), 'v1');

export const daemonSet: ObjectType = kindType('DaemonSet', 'DaemonSet represents the configuration of a daemon set.', () => ({
  spec: [obj('DaemonSetSpec', 'DaemonSetSpec is the specification of a daemon set.', () => ({
    minReadySeconds: [i32, 'The minimum number of seconds for which a newly created DaemonSet pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0.'],
    revisionHistoryLimit: [i32, 'The number of old history to retain to allow rollback. Defaults to 10.'],
    selector: [labelSelector, "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels.", true],
    template: [podTemplateSpec, "An object that describes the pod that will be created. The DaemonSet will create exactly one copy of this pod on every node that matches the template's node selector (or on every node if no node selector is specified).", true],
    updateStrategy: [obj('DaemonSetUpdateStrategy', 'DaemonSetUpdateStrategy is a struct used to control the update strategy for a DaemonSet.', () => ({
      rollingUpdate: [obj('RollingUpdateDaemonSet', 'Spec to control the desired behavior of daemon set rolling update.', () => ({
        maxSurge: [intstr, 'The maximum number of nodes with an existing available DaemonSet pod that can have an updated DaemonSet pod during during an update.'],
        maxUnavailable: [intstr, 'The maximum number of DaemonSet pods that can be unavailable during the update.'],
      })), 'Rolling update config params. Present only if type = "RollingUpdate".'],
      type: [named('v1.DaemonSetUpdateStrategyType', ['OnDelete', 'RollingUpdate']), 'Type of daemon set update. Can be "RollingUpdate" or "OnDelete". Default is RollingUpdate.'],
    })), 'An update strategy to replace existing DaemonSet pods with new pods.'],
  })), 'The desired behavior of this daemon set.'],
  status: statusAny('v1.DaemonSetStatus', 'DaemonSetStatus'),
}));

export const controllerRevision: ObjectType = kindType('ControllerRevision', 'ControllerRevision implements an immutable snapshot of state data.', () => ({
  data: [anyJson('runtime.RawExtension', 'Object'), 'Data is the serialized representation of the state.'],
  revision: [i64, 'Revision indicates the revision of the state represented by Data.', true],
}));
