/** apps/v1 StatefulSet schema (ControllerRevision's is in cluster.ts). */
import { obj, str, i32, intstr, arr, named } from './types.js';
import { kindType, labelSelector, objectMeta, statusAny } from './meta.js';
import { persistentVolumeClaimSpec } from './storage.js';
import { podTemplateSpec } from './pod.js';

export const statefulSet = kindType('StatefulSet', 'StatefulSet represents a set of pods with consistent identities.', () => ({
  spec: [obj('StatefulSetSpec', 'A StatefulSetSpec is the specification of a StatefulSet.', () => ({
    minReadySeconds: [i32, 'Minimum number of seconds for which a newly created pod should be ready without any of its container crashing for it to be considered available. Defaults to 0.'],
    ordinals: [obj('StatefulSetOrdinals', 'StatefulSetOrdinals describes the policy used for replica ordinal assignment in this StatefulSet.', () => ({
      start: [i32, 'start is the number representing the first replica\'s index.'],
    })), 'ordinals controls the numbering of replica indices in a StatefulSet. The default ordinals behavior assigns a "0" index to the first replica.'],
    persistentVolumeClaimRetentionPolicy: [obj('StatefulSetPersistentVolumeClaimRetentionPolicy', 'StatefulSetPersistentVolumeClaimRetentionPolicy describes the policy used for PVCs created from the StatefulSet VolumeClaimTemplates.', () => ({
      whenDeleted: [named('v1.PersistentVolumeClaimRetentionPolicyType', ['Delete', 'Retain']), 'WhenDeleted specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is deleted.'],
      whenScaled: [named('v1.PersistentVolumeClaimRetentionPolicyType', ['Delete', 'Retain']), 'WhenScaled specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is scaled down.'],
    })), 'persistentVolumeClaimRetentionPolicy describes the lifecycle of persistent volume claims created from volumeClaimTemplates.'],
    podManagementPolicy: [named('v1.PodManagementPolicyType', ['OrderedReady', 'Parallel']), 'podManagementPolicy controls how pods are created during initial scale up, when replacing pods on nodes, or when scaling down. The default policy is `OrderedReady`.'],
    replicas: [i32, 'replicas is the desired number of replicas of the given Template. Defaults to 1.'],
    revisionHistoryLimit: [i32, 'revisionHistoryLimit is the maximum number of revisions that will be maintained in the StatefulSet\'s revision history. Defaults to 10.'],
    selector: [labelSelector, 'selector is a label query over pods that should match the replica count. It must match the pod template\'s labels.', true],
    serviceName: [str, 'serviceName is the name of the service that governs this StatefulSet. This service must exist before the StatefulSet, and is responsible for the network identity of the set.'],
    template: [podTemplateSpec, 'template is the object that describes the pod that will be created if insufficient replicas are detected.', true],
    updateStrategy: [obj('StatefulSetUpdateStrategy', 'StatefulSetUpdateStrategy indicates the strategy that the StatefulSet controller will use to perform updates.', () => ({
      rollingUpdate: [obj('RollingUpdateStatefulSetStrategy', 'RollingUpdateStatefulSetStrategy is used to communicate parameter for RollingUpdateStatefulSetStrategyType.', () => ({
        maxUnavailable: [intstr, 'The maximum number of pods that can be unavailable during the update.'],
        partition: [i32, 'Partition indicates the ordinal at which the StatefulSet should be partitioned for updates. Default value is 0.'],
      })), 'RollingUpdate is used to communicate parameters when Type is RollingUpdateStatefulSetStrategyType.'],
      type: [named('v1.StatefulSetUpdateStrategyType', ['OnDelete', 'RollingUpdate']), 'Type indicates the type of the StatefulSetUpdateStrategy. Default is RollingUpdate.'],
    })), 'updateStrategy indicates the StatefulSetUpdateStrategy that will be employed to update Pods in the StatefulSet when a revision is made to Template.'],
    volumeClaimTemplates: [arr(obj('PersistentVolumeClaim', "PersistentVolumeClaim is a user's request for and claim to a persistent volume", () => ({
      apiVersion: [str, 'APIVersion defines the versioned schema of this representation of an object.'],
      kind: [str, 'Kind is a string value representing the REST resource this object represents.'],
      metadata: [objectMeta, "Standard object's metadata."],
      spec: [persistentVolumeClaimSpec, 'spec defines the desired characteristics of a volume requested by a pod author.'],
      status: statusAny('v1.PersistentVolumeClaimStatus', 'PersistentVolumeClaimStatus'),
    }))), 'volumeClaimTemplates is a list of claims that pods are allowed to reference.'],
  })), 'Spec defines the desired identities of pods in this set.'],
  status: statusAny('v1.StatefulSetStatus', 'StatefulSetStatus'),
}));

