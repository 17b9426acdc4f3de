/** Schemas of the storage kinds: PersistentVolume, PersistentVolumeClaim (core/v1) and StorageClass (storage.k8s.io/v1). */
import { obj, str, strPtr, bool, quantity, strMap, strList, arr, map, named, anyObj, type ObjectType } from './types.js';
import { kindType, labelSelector, objectReference, statusAny } from './meta.js';

const accessModes = arr(named('v1.PersistentVolumeAccessMode', ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod']));
const volumeMode = named('v1.PersistentVolumeMode', ['Block', 'Filesystem']);
const resourceList = map(quantity, 'map[string]resource.Quantity', 'map[string]Quantity');

const nodeSelectorRequirement = obj('NodeSelectorRequirement', 'A node selector requirement is a selector that contains values, a key, and an operator that relates the key and values.', () => ({
  key: [str, 'The label key that the selector applies to.', true],
  operator: [named('v1.NodeSelectorOperator', ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn']), "Represents a key's relationship to a set of values.", true],
  values: [strList, 'An array of string values.'],
}));

const volumeNodeAffinity = obj('VolumeNodeAffinity', 'VolumeNodeAffinity defines constraints that limit what nodes this volume can be accessed from.', () => ({
  required: [obj('NodeSelector', 'A node selector represents the union of the results of one or more label queries over a set of nodes.', () => ({
    nodeSelectorTerms: [arr(obj('NodeSelectorTerm', 'A null or empty node selector term matches no objects.', () => ({
      matchExpressions: [arr(nodeSelectorRequirement), "A list of node selector requirements by node's labels."],
      matchFields: [arr(nodeSelectorRequirement), "A list of node selector requirements by node's fields."],
    }))), 'Required. A list of node selector terms. The terms are ORed.', true],
  })), 'required specifies hard node constraints that must be met.'],
}));

/** The volume sources kube-sim knows by shape; every other one is accepted as any object. */
const OTHER_PV_SOURCES: Record<string, string> = {
  awsElasticBlockStore: 'v1.AWSElasticBlockStoreVolumeSource', azureDisk: 'v1.AzureDiskVolumeSource', azureFile: 'v1.AzureFilePersistentVolumeSource',
  cephfs: 'v1.CephFSPersistentVolumeSource', cinder: 'v1.CinderPersistentVolumeSource', csi: 'v1.CSIPersistentVolumeSource', fc: 'v1.FCVolumeSource',
  flexVolume: 'v1.FlexPersistentVolumeSource', flocker: 'v1.FlockerVolumeSource', gcePersistentDisk: 'v1.GCEPersistentDiskVolumeSource',
  glusterfs: 'v1.GlusterfsPersistentVolumeSource', iscsi: 'v1.ISCSIPersistentVolumeSource', nfs: 'v1.NFSVolumeSource',
  photonPersistentDisk: 'v1.PhotonPersistentDiskVolumeSource', portworxVolume: 'v1.PortworxVolumeSource', quobyte: 'v1.QuobyteVolumeSource',
  rbd: 'v1.RBDPersistentVolumeSource', scaleIO: 'v1.ScaleIOPersistentVolumeSource', storageos: 'v1.StorageOSPersistentVolumeSource',
  vsphereVolume: 'v1.VsphereVirtualDiskVolumeSource',
};

export const persistentVolume: ObjectType = kindType('PersistentVolume', 'PersistentVolume (PV) is a storage resource provisioned by an administrator. It is analogous to a node.', () => ({
  spec: [obj('PersistentVolumeSpec', 'PersistentVolumeSpec is the specification of a persistent volume.', () => ({
    ...Object.fromEntries(Object.entries(OTHER_PV_SOURCES).map(([k, go]) => [k, [anyObj(go), `${k} represents a ${go.replace(/^v1\./, '')} volume.`]])),
    accessModes: [accessModes, 'accessModes contains all ways the volume can be mounted.'],
    capacity: [resourceList, "capacity is the description of the persistent volume's resources and capacity."],
    claimRef: [objectReference, 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'],
    hostPath: [obj('HostPathVolumeSource', 'Represents a host path mapped into a pod.', () => ({
      path: [str, 'path of the directory on the host.', true],
      type: [named('v1.HostPathType'), 'type for HostPath Volume. Defaults to "".'],
    })), 'hostPath represents a directory on the host.'],
    local: [obj('LocalVolumeSource', 'Local represents directly-attached storage with node affinity', () => ({
      fsType: [str, 'fsType is the filesystem type to mount.'],
      path: [str, 'path of the full path to the volume on the node.', true],
    })), 'local represents directly-attached storage with node affinity'],
    mountOptions: [strList, 'mountOptions is the list of mount options, e.g. ["ro", "soft"].'],
    nodeAffinity: [volumeNodeAffinity, 'nodeAffinity defines constraints that limit what nodes this volume can be accessed from.'],
    persistentVolumeReclaimPolicy: [named('v1.PersistentVolumeReclaimPolicy', ['Delete', 'Recycle', 'Retain']), 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'],
    storageClassName: [str, 'storageClassName is the name of StorageClass to which this persistent volume belongs.'],
    volumeAttributesClassName: [str, 'Name of VolumeAttributesClass to which this persistent volume belongs.'],
    volumeMode: [volumeMode, 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.'],
  })), 'spec defines a specification of a persistent volume owned by the cluster.'],
  status: statusAny('v1.PersistentVolumeStatus', 'PersistentVolumeStatus'),
}));

const typedLocalObjectReference = obj('TypedLocalObjectReference', 'TypedLocalObjectReference contains enough information to let you locate the typed referenced object inside the same namespace.', () => ({
  apiGroup: [str, 'APIGroup is the group for the resource being referenced.'],
  kind: [str, 'Kind is the type of resource being referenced', true],
  name: [str, 'Name is the name of resource being referenced', true],
}));

/** PersistentVolumeClaimSpec, shared with StatefulSet volumeClaimTemplates. */
export const persistentVolumeClaimSpec = obj('PersistentVolumeClaimSpec', 'PersistentVolumeClaimSpec describes the common attributes of storage devices and allows a Source for provider-specific attributes', () => ({
  accessModes: [accessModes, 'accessModes contains the desired access modes the volume should have.'],
  dataSource: [typedLocalObjectReference, 'dataSource field can be used to specify an existing VolumeSnapshot or PersistentVolumeClaim.'],
  dataSourceRef: [anyObj('v1.TypedObjectReference'), 'dataSourceRef specifies the object from which to populate the volume with data.'],
  resources: [obj('VolumeResourceRequirements', 'VolumeResourceRequirements describes the storage resource requirements for a volume.', () => ({
    limits: [resourceList, 'Limits describes the maximum amount of compute resources allowed.'],
    requests: [resourceList, 'Requests describes the minimum amount of compute resources required.'],
  })), 'resources represents the minimum resources the volume should have.'],
  selector: [labelSelector, 'selector is a label query over volumes to consider for binding.'],
  storageClassName: [strPtr, 'storageClassName is the name of the StorageClass required by the claim.'],
  volumeAttributesClassName: [str, 'volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim.'],
  volumeMode: [volumeMode, 'volumeMode defines what type of volume is required by the claim.'],
  volumeName: [str, 'volumeName is the binding reference to the PersistentVolume backing this claim.'],
}));

export const persistentVolumeClaim: ObjectType = kindType('PersistentVolumeClaim', "PersistentVolumeClaim is a user's request for and claim to a persistent volume", () => ({
  spec: [persistentVolumeClaimSpec, 'spec defines the desired characteristics of a volume requested by a pod author.'],
  status: statusAny('v1.PersistentVolumeClaimStatus', 'PersistentVolumeClaimStatus'),
}));

export const storageClass: ObjectType = kindType('StorageClass', 'StorageClass describes the parameters for a class of storage for which PersistentVolumes can be dynamically provisioned.', () => ({
  allowVolumeExpansion: [bool, 'allowVolumeExpansion shows whether the storage class allow volume expand.'],
  allowedTopologies: [arr(anyObj('v1.TopologySelectorTerm')), 'allowedTopologies restrict the node topologies where volumes can be dynamically provisioned.'],
  mountOptions: [strList, 'mountOptions controls the mountOptions for dynamically provisioned PersistentVolumes of this storage class.'],
  parameters: [strMap, 'parameters holds the parameters for the provisioner that should create volumes of this storage class.'],
  provisioner: [str, 'provisioner indicates the type of the provisioner.', true],
  reclaimPolicy: [named('v1.PersistentVolumeReclaimPolicy', ['Delete', 'Recycle', 'Retain']), 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.'],
  volumeBindingMode: [named('v1.VolumeBindingMode', ['Immediate', 'WaitForFirstConsumer']), 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound. When unset, VolumeBindingImmediate is used.'],
}), 'v1');
