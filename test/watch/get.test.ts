/**
 * `get -w` and its variants, against changes other commands make while it watches (as another process
 * would) and a wall clock the test moves: the list, then one row per change in the order written, rows
 * aligned through one width-remembering tabwriter as kubectl's, Ctrl-C ending it with kubectl's exit 1.
 */
import { describe, expect, test } from 'vitest';
import { ClockedCluster, type Background } from './clocked.js';
import { REPLICASET, TestCluster } from '../helpers.js';

describe('get -w', () => {
  test('prints the list, then a row for each added, changed and deleted pod; Ctrl-C ends it with exit 1', async () => {
    const c = new ClockedCluster();
    await c.ok('run bb --image=busybox -- sleep 3600');
    const w = c.start('get po -w');
    await w.printed('bb     1/1     Running   0          0s\n');
    c.advance(5);
    await c.ok('run nginx-with-a-long-name --image=nginx');
    await w.printed('nginx-with-a-long-name');
    c.advance(3);
    await c.ok('label po bb demo=web');
    await w.printed('8s');
    c.advance(1);
    await c.ok('delete po nginx-with-a-long-name');
    await w.printed('Terminating');
    expect(await w.interrupt()).toBe(1);
    // A wider name widens its column from then on; the deleted pod's last row shows it Terminating.
    expect(w.screen).toBe(`NAME   READY   STATUS    RESTARTS   AGE
bb     1/1     Running   0          0s
nginx-with-a-long-name   1/1     Running   0          0s
bb                       1/1     Running   0          8s
nginx-with-a-long-name   1/1     Terminating   0          4s
`);
  });

  test('an empty list prints nothing (no "No resources found"); the header comes with the first row', async () => {
    const c = new ClockedCluster();
    await c.ok('create namespace empty');
    const w = c.start('get po -n empty -w');
    await w.looked();
    await c.ok('run -n empty a --image=nginx');
    await w.printed('a   ');
    expect(await w.interrupt()).toBe(1);
    expect(w.screen).toBe('NAME   READY   STATUS    RESTARTS   AGE\na      1/1     Running   0          0s\n');
  });

  test('--watch-only skips the list; -o wide, -L and -A decorate the rows as get does', async () => {
    const c = new ClockedCluster();
    await c.ok('run bb --image=busybox -l demo=x -- sleep 3600');
    const only = c.start('get po --watch-only');
    await only.looked();
    await c.ok('label po bb demo=y --overwrite');
    await only.printed('bb');
    expect(await only.interrupt()).toBe(1);
    expect(only.screen).toBe('NAME   READY   STATUS    RESTARTS   AGE\nbb     1/1     Running   0          0s\n');

    const wide = c.start('get po -o wide -L demo -A -l demo -w');
    await wide.printed('bb');
    await c.ok('run -n kube-public web --image=nginx -l demo=z');
    await wide.printed('web');
    expect(await wide.interrupt()).toBe(1);
    expect(wide.screen).toBe(`NAMESPACE   NAME   READY   STATUS    RESTARTS   AGE   IP           NODE           NOMINATED NODE   READINESS GATES   DEMO
default     bb     1/1     Running   0          0s    10.244.2.2   kind-worker2   <none>           <none>            y
kube-public   web    1/1     Running   0          0s    10.244.1.2   kind-worker    <none>           <none>            z
`);
  });

  test('-l: an object whose labels no longer match leaves the watch as DELETED, shown as it is (not Terminating)', async () => {
    const c = new ClockedCluster();
    await c.ok('run bb --image=busybox -l app=x -- sleep 3600');
    const w = c.start('get po -l app=x --output-watch-events -w');
    await w.printed('bb');
    await c.ok('label po bb app=y --overwrite');
    await w.printed('DELETED');
    expect(await w.interrupt()).toBe(1);
    expect(w.screen).toBe('EVENT      NAME   READY   STATUS    RESTARTS   AGE\nADDED      bb     1/1     Running   0          0s\nDELETED    bb     1/1     Running   0          0s\n');
  });

  test('a named object: its own changes only', async () => {
    const c = new ClockedCluster();
    await c.ok('create configmap one --from-literal=a=b');
    await c.ok('create configmap two --from-literal=a=b');
    const w = c.start('get cm one -w');
    await w.printed('one');
    await c.ok('label cm two x=y');
    await c.ok('label cm one x=y');
    await w.printed('0s\none');
    expect(await w.interrupt()).toBe(1);
    expect(w.screen).toBe('NAME   DATA   AGE\none    1      0s\none    1      0s\n');
  });

  test('--output-watch-events: an EVENT column, or each event as a WatchEvent object', async () => {
    const c = new ClockedCluster();
    await c.ok('create secret generic one --from-literal=a=b');
    const events = async (flags: string, deleted = 'DELETED') => {
      const w = c.start(`get secret ${flags} --output-watch-events -w`);
      await w.printed('one');
      await c.ok('create secret generic two --from-literal=x=y');
      await w.printed('two');
      await c.ok('delete secret two');
      await w.printed(deleted);
      expect(await w.interrupt()).toBe(1);
      return w.screen;
    };
    expect(await events('')).toBe('EVENT      NAME   TYPE     DATA   AGE\nADDED      one    Opaque   1      0s\nADDED      two    Opaque   1      0s\nDELETED    two    Opaque   1      0s\n');
    const json = (await events('-o json')).split('\n');
    expect(json.map((l) => l.replace(/"uid":"[^"]+"/, '"uid":"U"').replace(/"resourceVersion":"\d+"/, '"resourceVersion":"RV"'))).toEqual([
      '{"type":"ADDED","object":{"apiVersion":"v1","data":{"a":"Yg=="},"kind":"Secret","metadata":{"creationTimestamp":"2026-11-21T22:50:00Z","managedFields":[{"apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:a":{}},"f:type":{}},"manager":"kubectl-create","operation":"Update","time":"2026-11-21T22:50:00Z"}],"name":"one","namespace":"default","resourceVersion":"RV","uid":"U"},"type":"Opaque"}}',
      '{"type":"ADDED","object":{"apiVersion":"v1","data":{"x":"eQ=="},"kind":"Secret","metadata":{"creationTimestamp":"2026-11-21T22:50:00Z","managedFields":[{"apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:x":{}},"f:type":{}},"manager":"kubectl-create","operation":"Update","time":"2026-11-21T22:50:00Z"}],"name":"two","namespace":"default","resourceVersion":"RV","uid":"U"},"type":"Opaque"}}',
      '{"type":"DELETED","object":{"apiVersion":"v1","data":{"x":"eQ=="},"kind":"Secret","metadata":{"creationTimestamp":"2026-11-21T22:50:00Z","managedFields":[{"apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:x":{}},"f:type":{}},"manager":"kubectl-create","operation":"Update","time":"2026-11-21T22:50:00Z"}],"name":"two","namespace":"default","resourceVersion":"RV","uid":"U"},"type":"Opaque"}}',
      '',
    ]);
    // kubectl leaves managedFields out of an object it prints, but not out of a WatchEvent (no metadata to strip).
    expect((await events('-o yaml')).replace(/uid: .*/g, 'uid: U').replace(/resourceVersion: .*/g, 'resourceVersion: RV')).toBe(`object:
  apiVersion: v1
  data:
    a: Yg==
  kind: Secret
  metadata:
    creationTimestamp: "2026-11-21T22:50:00Z"
    managedFields:
    - apiVersion: v1
      fieldsType: FieldsV1
      fieldsV1:
        f:data:
          .: {}
          f:a: {}
        f:type: {}
      manager: kubectl-create
      operation: Update
      time: "2026-11-21T22:50:00Z"
    name: one
    namespace: default
    resourceVersion: RV
    uid: U
  type: Opaque
type: ADDED
---
object:
  apiVersion: v1
  data:
    x: eQ==
  kind: Secret
  metadata:
    creationTimestamp: "2026-11-21T22:50:00Z"
    managedFields:
    - apiVersion: v1
      fieldsType: FieldsV1
      fieldsV1:
        f:data:
          .: {}
          f:x: {}
        f:type: {}
      manager: kubectl-create
      operation: Update
      time: "2026-11-21T22:50:00Z"
    name: two
    namespace: default
    resourceVersion: RV
    uid: U
  type: Opaque
type: ADDED
---
object:
  apiVersion: v1
  data:
    x: eQ==
  kind: Secret
  metadata:
    creationTimestamp: "2026-11-21T22:50:00Z"
    managedFields:
    - apiVersion: v1
      fieldsType: FieldsV1
      fieldsV1:
        f:data:
          .: {}
          f:x: {}
        f:type: {}
      manager: kubectl-create
      operation: Update
      time: "2026-11-21T22:50:00Z"
    name: two
    namespace: default
    resourceVersion: RV
    uid: U
  type: Opaque
type: DELETED
`);
    // The name printer prints the object of each event, not its type.
    expect(await events('-o name', 'two\nsecret/two\n')).toBe('secret/one\nsecret/two\nsecret/two\n');
  });

  test('-o yaml and -o json print each object whole; YAML documents are separated', async () => {
    const c = new ClockedCluster();
    await c.ok('create secret generic one --from-literal=a=b');
    const w = c.start('get secret -o yaml -w');
    await w.printed('one');
    await c.ok('create secret generic two --from-literal=x=y');
    await w.printed('two');
    expect(await w.interrupt()).toBe(1);
    expect(w.screen.replace(/uid: .*/g, 'uid: U').replace(/resourceVersion: .*/g, 'resourceVersion: RV')).toBe(`apiVersion: v1
data:
  a: Yg==
kind: Secret
metadata:
  creationTimestamp: "2026-11-21T22:50:00Z"
  name: one
  namespace: default
  resourceVersion: RV
  uid: U
type: Opaque
---
apiVersion: v1
data:
  x: eQ==
kind: Secret
metadata:
  creationTimestamp: "2026-11-21T22:50:00Z"
  name: two
  namespace: default
  resourceVersion: RV
  uid: U
type: Opaque
`);
  });

  test.each([
    ['get po,svc -w', '', 'error: watch is only supported on individual resources and resource collections - more than 1 resource was found\n'],
    ['get -w', '', "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n"],
    ['get po --output-watch-events', '', 'error: --output-watch-events option can only be used with --watch or --watch-only\n'],
    ['get po nope -w', '', 'Error from server (NotFound): pods "nope" not found\n'],
  ])('%s', async (line, stdout, stderr) => {
    expect(await new ClockedCluster().run(line)).toEqual({ stdout, stderr, exitCode: 1 });
  });

  test('--sort-by is ignored with a warning', async () => {
    const c = new ClockedCluster();
    await c.ok('create secret generic one --from-literal=a=b');
    const w = c.start('get secret --sort-by=.metadata.name -w');
    await w.printed('one');
    expect(await w.interrupt()).toBe(1);
    expect(w.screen).toBe('warning: --watch requested, --sort-by will be ignored for watch events received\nNAME   TYPE     DATA   AGE\none    Opaque   1      0s\n');
  });

  test('on the virtual clock (walkthroughs) it prints the list and ends', async () => {
    const c = new TestCluster();
    await c.ok('create secret generic one --from-literal=a=b');
    expect(await c.run('get secret -w')).toEqual({ stdout: 'NAME   TYPE     DATA   AGE\none    Opaque   1      0s\n', stderr: '', exitCode: 0 });
    expect(await c.run('get secret --watch-only')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });
});

describe('get -w: deletions made by a controller', () => {
  /**
   * Every delete is a write of its own: a ReplicaSet scaled from 3 to 0 deletes its pods one after the
   * other, and each DELETED event carries the resourceVersion its deletion took, in deletion order. They
   * all carried the cluster's counter after the scale (the same version three times, newer than the
   * ReplicaSet's status write after them).
   */
  test('a ReplicaSet scaled 3 -> 0: three DELETED events with consecutive versions, in deletion order', async () => {
    const c = new ClockedCluster();
    await c.ok(`create -f ${c.file('rs.yaml', REPLICASET(3))}`);
    const table = c.start('get pods --output-watch-events -w');
    const json = c.start('get pods --output-watch-events -o json -w');
    await table.printed('ADDED');
    await json.printed('ADDED');
    c.advance(2);
    await c.ok('scale rs web --replicas=0');
    const deleted = (w: Background) => (w.screen.match(/DELETED/g) ?? []).length;
    while (deleted(table) < 3 || deleted(json) < 3) await new Promise((r) => setTimeout(r, 20));
    expect(await table.interrupt()).toBe(1);
    expect(await json.interrupt()).toBe(1);
    expect(table.screen).toBe(`EVENT      NAME        READY   STATUS    RESTARTS   AGE
ADDED      web-898kb   1/1     Running   0          0s
ADDED      web-9jvtb   1/1     Running   0          0s
ADDED      web-mzk82   1/1     Running   0          0s
DELETED    web-9jvtb   1/1     Terminating   0          2s
DELETED    web-898kb   1/1     Terminating   0          2s
DELETED    web-mzk82   1/1     Terminating   0          2s
`);
    const events = json.screen.trim().split('\n').map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string; resourceVersion: string } } });
    expect(events.map((e) => `${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`)).toEqual([
      'ADDED web-898kb 450',
      'ADDED web-9jvtb 444',
      'ADDED web-mzk82 438',
      // Each deletion, then the SuccessfulDelete Event the controller records for it (a write too).
      'DELETED web-9jvtb 454',
      'DELETED web-898kb 456',
      'DELETED web-mzk82 458',
    ]);
  });
});
