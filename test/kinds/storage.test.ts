/**
 * PersistentVolume, PersistentVolumeClaim and StorageClass: tables (and -o wide), describe, defaults and
 * validation errors as kubectl 1.32 prints them, and kind's local-path provisioner binding a claim when
 * its first consumer is scheduled. describe and -o yaml of these objects were checked against the real
 * kubectl with the kubectl-oracle.
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';

const CLAIM = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
`;

const CONSUMER = `apiVersion: v1
kind: Pod
metadata:
  name: writer
spec:
  containers:
  - name: main
    image: busybox
    command: [sleep, "3600"]
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
`;

const STATIC_PV = `apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv1
  labels:
    tier: fast
spec:
  capacity: {storage: 2Gi}
  accessModes: [ReadWriteOnce, ReadOnlyMany]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: ""
  hostPath: {path: /data}
`;

describe('StorageClass', () => {
  it('kind has the default standard class', async () => {
    const c = new TestCluster();
    expect(await c.ok('get sc')).toMatchInlineSnapshot(`
      "NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE
      standard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false                  5m
      "
    `);
    expect(await c.ok('describe sc standard')).toMatchInlineSnapshot(`
      "Name:                  standard
      IsDefaultClass:        Yes
      Annotations:           storageclass.kubernetes.io/is-default-class=true
      Provisioner:           rancher.io/local-path
      Parameters:            <none>
      AllowVolumeExpansion:  <unset>
      MountOptions:          <none>
      ReclaimPolicy:         Delete
      VolumeBindingMode:     WaitForFirstConsumer
      Events:                <none>
      "
    `);
  });

  it('defaults and validation', async () => {
    const c = new TestCluster();
    c.file('sc.yaml', 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\nprovisioner: example.com/fast\n');
    expect(await c.ok('create -f sc.yaml')).toBe('storageclass.storage.k8s.io/fast created\n');
    expect(await c.ok('get sc fast -o wide')).toMatchInlineSnapshot(`
      "NAME   PROVISIONER        RECLAIMPOLICY   VOLUMEBINDINGMODE   ALLOWVOLUMEEXPANSION   AGE
      fast   example.com/fast   Delete          Immediate           false                  0s
      "
    `);
    c.file('bad.yaml', 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: bad\nprovisioner: x\nreclaimPolicy: Recycle\n');
    expect(await c.run('create -f bad.yaml')).toMatchInlineSnapshot(`
      {
        "exitCode": 1,
        "stderr": "The StorageClass "bad" is invalid: reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"
      ",
        "stdout": "",
      }
    `);
    expect(await c.run(`patch sc fast -p '{"parameters":{"a":"b"}}'`)).toMatchInlineSnapshot(`
      {
        "exitCode": 1,
        "stderr": "The StorageClass "fast" is invalid: parameters: Forbidden: updates to parameters are forbidden.
      ",
        "stdout": "",
      }
    `);
  });
});

describe('PersistentVolumeClaim and the local-path provisioner', () => {
  it('waits for its first consumer, then gets a pvc-<uid> volume on the consumer node', async () => {
    const c = new TestCluster();
    c.file('claim.yaml', CLAIM);
    c.file('pod.yaml', CONSUMER);
    expect(await c.ok('create -f claim.yaml')).toBe('persistentvolumeclaim/data created\n');
    expect(await c.ok('get pvc')).toMatchInlineSnapshot(`
      "NAME   STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
      data   Pending                                      standard       <unset>                 0s
      "
    `);
    expect(await c.ok('describe pvc data')).toMatchInlineSnapshot(`
      "Name:          data
      Namespace:     default
      StorageClass:  standard
      Status:        Pending
      Volume:        
      Labels:        <none>
      Annotations:   <none>
      Finalizers:    [kubernetes.io/pvc-protection]
      Capacity:      
      Access Modes:  
      VolumeMode:    Filesystem
      Used By:       <none>
      Events:
        Type    Reason                Age   From                         Message
        ----    ------                ----  ----                         -------
        Normal  WaitForFirstConsumer  0s    persistentvolume-controller  waiting for first consumer to be created before binding
      "
    `);
    await c.ok('create -f pod.yaml');
    expect(await c.ok('get pvc -o wide')).toMatchInlineSnapshot(`
      "NAME   STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE   VOLUMEMODE
      data   Bound    pvc-1ee793bb-eb95-4569-88af-2114f246ffba   1Gi        RWO            standard       <unset>                 0s    Filesystem
      "
    `);
    expect(await c.ok('get pv')).toMatchInlineSnapshot(`
      "NAME                                       CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM          STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE
      pvc-1ee793bb-eb95-4569-88af-2114f246ffba   1Gi        RWO            Delete           Bound    default/data   standard       <unset>                          0s
      "
    `);
    const pv = (await c.ok('get pv -o name')).trim().replace('persistentvolume/', '');
    expect(await c.ok(`describe pv ${pv}`)).toMatchInlineSnapshot(`
      "Name:              pvc-1ee793bb-eb95-4569-88af-2114f246ffba
      Labels:            <none>
      Annotations:       local.path.provisioner/selected-node: kind-worker2
                         pv.kubernetes.io/provisioned-by: rancher.io/local-path
      Finalizers:        [kubernetes.io/pv-protection]
      StorageClass:      standard
      Status:            Bound
      Claim:             default/data
      Reclaim Policy:    Delete
      Access Modes:      RWO
      VolumeMode:        Filesystem
      Capacity:          1Gi
      Node Affinity:     
        Required Terms:  
          Term 0:        kubernetes.io/hostname in [kind-worker2]
      Message:           
      Source:
          Type:          HostPath (bare host directory volume)
          Path:          /var/local-path-provisioner/pvc-1ee793bb-eb95-4569-88af-2114f246ffba_default_data
          HostPathType:  DirectoryOrCreate
      Events:            <none>
      "
    `);
    expect(await c.ok('describe pvc data')).toMatchInlineSnapshot(`
      "Name:          data
      Namespace:     default
      StorageClass:  standard
      Status:        Bound
      Volume:        pvc-1ee793bb-eb95-4569-88af-2114f246ffba
      Labels:        <none>
      Annotations:   pv.kubernetes.io/bind-completed: yes
                     pv.kubernetes.io/bound-by-controller: yes
                     volume.beta.kubernetes.io/storage-provisioner: rancher.io/local-path
                     volume.kubernetes.io/selected-node: kind-worker2
                     volume.kubernetes.io/storage-provisioner: rancher.io/local-path
      Finalizers:    [kubernetes.io/pvc-protection]
      Capacity:      1Gi
      Access Modes:  RWO
      VolumeMode:    Filesystem
      Used By:       writer
      Events:
        Type    Reason                 Age   From                                                                                                Message
        ----    ------                 ----  ----                                                                                                -------
        Normal  WaitForFirstConsumer   0s    persistentvolume-controller                                                                         waiting for first consumer to be created before binding
        Normal  ExternalProvisioning   0s    persistentvolume-controller                                                                         Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.
        Normal  Provisioning           0s    rancher.io/local-path_local-path-provisioner-844c464cbf-5rhtn_482ad16c-75b1-4076-b555-2c6b10a8c9e1  External provisioner is provisioning volume for claim "default/data"
        Normal  ProvisioningSucceeded  0s    rancher.io/local-path_local-path-provisioner-844c464cbf-5rhtn_482ad16c-75b1-4076-b555-2c6b10a8c9e1  Successfully provisioned volume pvc-1ee793bb-eb95-4569-88af-2114f246ffba
      "
    `);
    expect(await c.ok('get po writer -o jsonpath={.spec.nodeName}')).toBe('kind-worker2');
    // Deleting the claim lets the provisioner delete its volume (reclaim policy Delete).
    await c.ok('delete po writer');
    await c.ok('delete pvc data');
    expect(await c.run('get pv')).toEqual({ stdout: '', stderr: 'No resources found\n', exitCode: 0 });
  });

  it('binds a matching static volume of the same class; the volume is Released when the claim goes', async () => {
    const c = new TestCluster();
    c.file('pv.yaml', STATIC_PV);
    c.file('claim.yaml', CLAIM.replace('spec:\n', 'spec:\n  storageClassName: ""\n'));
    await c.ok('create -f pv.yaml');
    expect(await c.ok('get pv')).toMatchInlineSnapshot(`
      "NAME   CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS      CLAIM   STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE
      pv1    2Gi        RWO,ROX        Retain           Available                          <unset>                          0s
      "
    `);
    await c.ok('create -f claim.yaml');
    expect(await c.ok('get pv,pvc')).toMatchInlineSnapshot(`
      "NAME                   CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM          STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE
      persistentvolume/pv1   2Gi        RWO,ROX        Retain           Bound    default/data                  <unset>                          0s

      NAME                         STATUS   VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
      persistentvolumeclaim/data   Bound    pv1      2Gi        RWO,ROX                       <unset>                 0s
      "
    `);
    expect(await c.ok('describe pv pv1')).toMatchInlineSnapshot(`
      "Name:            pv1
      Labels:          tier=fast
      Annotations:     pv.kubernetes.io/bound-by-controller: yes
      Finalizers:      [kubernetes.io/pv-protection]
      StorageClass:    
      Status:          Bound
      Claim:           default/data
      Reclaim Policy:  Retain
      Access Modes:    RWO,ROX
      VolumeMode:      Filesystem
      Capacity:        2Gi
      Node Affinity:   <none>
      Message:         
      Source:
          Type:          HostPath (bare host directory volume)
          Path:          /data
          HostPathType:  <none>
      Events:            <none>
      "
    `);
    await c.ok('delete pvc data');
    expect(await c.ok('get pv -o wide')).toMatchInlineSnapshot(`
      "NAME   CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS     CLAIM          STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE   VOLUMEMODE
      pv1    2Gi        RWO,ROX        Retain           Released   default/data                  <unset>                          0s    Filesystem
      "
    `);
  });

  it('validation errors', async () => {
    const c = new TestCluster();
    c.file('bad.yaml', 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: bad\nspec:\n  resources: {}\n');
    expect(await c.run('create -f bad.yaml')).toMatchInlineSnapshot(`
      {
        "exitCode": 1,
        "stderr": "The PersistentVolumeClaim "bad" is invalid: 
      * spec.accessModes: Required value: at least 1 access mode is required
      * spec.resources[storage]: Required value
      ",
        "stdout": "",
      }
    `);
    c.file('badpv.yaml', 'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: bad\nspec:\n  accessModes: [ReadWriteSometimes]\n');
    expect(await c.run('create -f badpv.yaml')).toMatchInlineSnapshot(`
      {
        "exitCode": 1,
        "stderr": "The PersistentVolume "bad" is invalid: 
      * spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"
      * spec.capacity: Required value
      * spec: Required value: must specify a volume type
      ",
        "stdout": "",
      }
    `);
    expect(await c.run('get pvc nope')).toMatchInlineSnapshot(`
      {
        "exitCode": 1,
        "stderr": "Error from server (NotFound): persistentvolumeclaims "nope" not found
      ",
        "stdout": "",
      }
    `);
    expect(await c.run('describe pv nope')).toMatchInlineSnapshot(`
      {
        "exitCode": 1,
        "stderr": "Error from server (NotFound): persistentvolumes "nope" not found
      ",
        "stdout": "",
      }
    `);
  });
});
