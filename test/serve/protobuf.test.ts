/**
 * Protobuf request bodies (kubectl >= 1.32 typed clients) decoded by `kube-sim serve`: unit tests of the
 * decoder on hand-built buffers, an in-process POST of a hand-built body, and, where a real kubectl is on
 * the PATH (skipped visibly otherwise), `kubectl create <generator>` through the server compared with the
 * same `kube-sim create <generator>` on a fresh twin state.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { startServer } from '../../src/serve/server.js';
import { kubeconfigText } from '../../src/cli/commands/serve.js';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';
import { decodeMessage, type MessageSpec } from '../../src/serve/protobuf/decode.js';
import { decodeProtobufBody, ProtobufBodyError } from '../../src/serve/protobuf/body.js';
import { readFields, readVarint } from '../../src/serve/protobuf/wire.js';
import { POD_SPEC } from '../../src/serve/protobuf/schema.js';

// A tiny protobuf writer for the tests: enough to build bodies by hand.
const varint = (n: bigint | number): number[] => {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? b | 0x80 : b);
  } while (v);
  return out;
};
const tag = (field: number, wire: number) => varint((field << 3) | wire);
const vint = (field: number, n: bigint | number) => [...tag(field, 0), ...varint(n)];
const bytes = (field: number, b: number[] | Uint8Array) => [...tag(field, 2), ...varint(b.length), ...b];
const str = (field: number, s: string) => bytes(field, [...Buffer.from(s, 'utf8')]);
const sub = (field: number, ...parts: number[][]) => bytes(field, parts.flat());
const entry = (field: number, key: string, value: string) => sub(field, str(1, key), str(2, value));
const fixed64 = (field: number) => [...tag(field, 1), 1, 2, 3, 4, 5, 6, 7, 8];
const fixed32 = (field: number) => [...tag(field, 5), 1, 2, 3, 4];
const u8 = (...parts: number[][]) => Uint8Array.from(parts.flat());
/** magic + runtime.Unknown{TypeMeta, raw, "", ""}, as client-go writes it. */
const envelope = (apiVersion: string, kind: string, raw: number[]) =>
  Buffer.from(u8([0x6b, 0x38, 0x73, 0x00], sub(1, str(1, apiVersion), str(2, kind)), bytes(2, raw), str(3, ''), str(4, '')));

/**
 * A body the real kubectl 1.32 sent for `kubectl create job fromcj --from=cronjob/cj`, where the CronJob
 * (served by a stub) carried a pod template using most PodSpec and Container fields: client-go's own
 * encoding, so the field numbers are checked against the real encoder, not against these descriptors.
 */
const JOB_FROM_CRONJOB = [
  'azhzAAoPCghiYXRjaC92MRIDSm9iErYJCnIKBmZyb21jahIAGgAiACoAMgA4AEIAWgcKAmp0EgExYisKIWNyb25qb2Iua3ViZXJu',
  'ZXRlcy5pby9pbnN0YW50aWF0ZRIGbWFudWFsaiQKB0Nyb25Kb2IaAmNqIgkxMjM0LTU2NzgqCGJhdGNoL3YxMAEStQgIAhADGGQy',
  'mggKJgoAEgAaACIAKgAyADgAQgBaCQoDYXBwEgJjamIJCgRub3RlEgF4Eu8HChcKAnYxEhESDwoGTWVtb3J5EgUKAzFHaQofCgJ2',
  'MhIZmgEWCgQKAmNtEgkKAWESAWIYpAMY/wMgAQoOCgJ2MxIIMgYKAXMYgAIKFwoCdjQSEQoPCgIveBIJRGlyZWN0b3J5Cg8KAnY1',
  'EglSBwoDcHZjEAESmQQKBG1haW4SCm5naW54OjEuMjUaBW5naW54IgItZyILZGFlbW9uIG9mZjsiACoCL3cyGQoEaHR0cBCQPxhQ',
  'IgNUQ1AqBzAuMC4wLjAyDQoAEAAYACIDVURQKgA6BgoBQRIBMToJCgVFTVBUWRIAOh4KA1BPRBIAGhUKEwoCdjESDW1ldGFkYXRh',
  'Lm5hbWU6IwoDQ1BVEgAaGhIYCgRtYWluEgpsaW1pdHMuY3B1GgQKAjFtOhUKAkNNEgAaDRoLCgQKAmNtEgFrGAA6EwoDU0VDEgAa',
  'CiIICgMKAXMSAWtCQwoNCgNjcHUSBgoENTAwbQoRCgZtZW1vcnkSBwoFMTI4TWkSDQoDY3B1EgYKBDI1MG0SEAoGbWVtb3J5EgYK',
  'BDY0TWlKEwoCdjEQARoFL2RhdGEiAnNwMgBSMQolEiMKCC9oZWFsdGh6EgcIABCQPxoAGgAiBEhUVFAqBgoBWBIBeRADGAEgCigB',
  'MANaHAoQGg4KCggBEAAaBGh0dHASABAAGAAgBSgAMABqFC9kZXYvdGVybWluYXRpb24tbG9ncgxJZk5vdFByZXNlbnR6HgoQCglO',
  'RVRfQURNSU4SA0FMTBAAIOgHMAE4AEC4F4ABAYgBAJABAZoBDAoCUF8SBgoECgJjbZoBCwoAGgcKAwoBcxABogEERmlsZbIBHAoQ',
  'Cg4KA2NhdAoHL3RtcC9vaxAAGAAgACgAMB4SOAoEc2lkZRIHYnVzeWJveCoAQgBaEwoHIgUIqEYSABAAGAAgACgAMABqAHIAgAEA',
  'iAEAkAEAogEAGglPbkZhaWx1cmUgACgyMgxDbHVzdGVyRmlyc3Q6CwoEZGlzaxIDc3NkQgJzYUoAUgBYAWAAaAByNgoKCgASABoA',
  'IgJzMBAAGAAgASACIAMo0A86CQoFbmV0LngSAFIQCg5SdW50aW1lRGVmYXVsdHoFCgNyZWeCAQFoigEDc3VimgERZGVmYXVsdC1z',
  'Y2hlZHVsZXKiATEKBGluaXQSB2J1c3lib3gaAnNoGgItYxoEdHJ1ZSoAQgBqAHIAgAEAiAEAkAEAogEAqAEAsgEbCgFrEgZFeGlz',
  'dHMaACIKTm9TY2hlZHVsZSgeugEPCgcxLjIuMy40EgFhEgFiwgEEaGlnaMgB+///////////AdgBAeoBAnJj8AEA+gEFTmV2ZXKY',
  'AgA4AEAASgpOb25JbmRleGVkUAAaCCAAKAAwADoAGgAiAA==',
].join('');

/** That CronJob's jobTemplate.spec, as JSON carries it (Go's omitempty drops env `value: ""`; `resources: {}` is always written). */
const JOB_FROM_CRONJOB_SPEC = {
  parallelism: 2, completions: 3, backoffLimit: 0, activeDeadlineSeconds: 100, ttlSecondsAfterFinished: 0, completionMode: 'NonIndexed', suspend: false,
  template: {
    metadata: { labels: { app: 'cj' }, annotations: { note: 'x' } },
    spec: {
      restartPolicy: 'OnFailure', terminationGracePeriodSeconds: 0, activeDeadlineSeconds: 50, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler',
      nodeSelector: { disk: 'ssd' }, serviceAccountName: 'sa', automountServiceAccountToken: false, hostNetwork: true, hostname: 'h', subdomain: 'sub',
      securityContext: { runAsUser: 0, runAsNonRoot: false, fsGroup: 2000, supplementalGroups: [1, 2, 3], sysctls: [{ name: 'net.x', value: '' }], seccompProfile: { type: 'RuntimeDefault' }, seLinuxOptions: { level: 's0' } },
      imagePullSecrets: [{ name: 'reg' }], tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 30 }], hostAliases: [{ ip: '1.2.3.4', hostnames: ['a', 'b'] }],
      priorityClassName: 'high', priority: -5, enableServiceLinks: false, shareProcessNamespace: true, runtimeClassName: 'rc', preemptionPolicy: 'Never', setHostnameAsFQDN: false,
      volumes: [
        { name: 'v1', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
        { name: 'v2', configMap: { name: 'cm', items: [{ key: 'a', path: 'b', mode: 420 }], defaultMode: 511, optional: true } },
        { name: 'v3', secret: { secretName: 's', defaultMode: 256 } },
        { name: 'v4', hostPath: { path: '/x', type: 'Directory' } },
        { name: 'v5', persistentVolumeClaim: { claimName: 'pvc', readOnly: true } },
      ],
      initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'true'], resources: {} }],
      containers: [
        {
          name: 'main', image: 'nginx:1.25', command: ['nginx'], args: ['-g', 'daemon off;', ''], workingDir: '/w',
          ports: [{ name: 'http', containerPort: 80, protocol: 'TCP', hostPort: 8080, hostIP: '0.0.0.0' }, { containerPort: 0, protocol: 'UDP' }],
          env: [
            { name: 'A', value: '1' },
            { name: 'EMPTY' },
            { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
            { name: 'CPU', valueFrom: { resourceFieldRef: { containerName: 'main', resource: 'limits.cpu', divisor: '1m' } } },
            { name: 'CM', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k', optional: false } } },
            { name: 'SEC', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
          ],
          envFrom: [{ prefix: 'P_', configMapRef: { name: 'cm' } }, { secretRef: { name: 's', optional: true } }],
          resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m', memory: '64Mi' } },
          volumeMounts: [{ name: 'v1', mountPath: '/data', readOnly: true, subPath: 'sp' }],
          livenessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP', httpHeaders: [{ name: 'X', value: 'y' }] }, initialDelaySeconds: 3, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
          readinessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 5 },
          startupProbe: { exec: { command: ['cat', '/tmp/ok'] }, failureThreshold: 30 },
          terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent',
          securityContext: { privileged: false, runAsUser: 1000, runAsGroup: 3000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] } },
          stdin: true, tty: true,
        },
        { name: 'side', image: 'busybox', readinessProbe: { grpc: { port: 9000, service: '' } }, resources: {} },
      ],
    },
  },
};

/**
 * The body kubectl 1.32 sent for `kubectl debug p1 --copy-to=p1-copy --image=busybox --container=dbg -- sleep 1d`
 * with p1 a kube-sim pod: the whole defaulted PodSpec, with the projected kube-api-access volume.
 */
const POD_COPY = [
  'azhzAAoJCgJ2MRIDUG9kEt8ECh4KB3AxLWNvcHkSABoHZGVmYXVsdCIAKgAyADgAQgASqgQKhAEKFWt1YmUtYXBpLWFjY2Vzcy16',
  'dHN2axJr0gFoCg4iDAoAEJccGgV0b2tlbgooGiYKEgoQa3ViZS1yb290LWNhLmNydBIQCgZjYS5jcnQSBmNhLmNydAopEicKJQoJ',
  'bmFtZXNwYWNlEhgKAnYxEhJtZXRhZGF0YS5uYW1lc3BhY2UQpAMSiwEKAnAxEgVuZ2lueCoAQgBKTAoVa3ViZS1hcGktYWNjZXNz',
  'LXp0c3ZrEAEaLS92YXIvcnVuL3NlY3JldHMva3ViZXJuZXRlcy5pby9zZXJ2aWNlYWNjb3VudCIAMgBqFC9kZXYvdGVybWluYXRp',
  'b24tbG9ncgZBbHdheXOAAQCIAQCQAQCiAQRGaWxlEjEKA2RiZxIHYnVzeWJveBoFc2xlZXAaAjFkKgBCAGoAcgCAAQCIAQCQAQCi',
  'AQRGaWxlGgZBbHdheXMgHjIMQ2x1c3RlckZpcnN0QgdkZWZhdWx0SgdkZWZhdWx0UgBYAGAAaAByAIIBAIoBAJoBEWRlZmF1bHQt',
  'c2NoZWR1bGVysgE2Chxub2RlLmt1YmVybmV0ZXMuaW8vbm90LXJlYWR5EgZFeGlzdHMaACIJTm9FeGVjdXRlKKwCsgE4Ch5ub2Rl',
  'Lmt1YmVybmV0ZXMuaW8vdW5yZWFjaGFibGUSBkV4aXN0cxoAIglOb0V4ZWN1dGUorALCAQDIAQDwAQH6ARRQcmVlbXB0TG93ZXJQ',
  'cmlvcml0eRoQCgAaACIAKgAyAEoAWgByABoAIgA=',
].join('');

describe('protobuf wire format', () => {
  it('reads varints of every length', () => {
    expect(readVarint(u8([0x01]), 0)).toEqual([1n, 1]);
    expect(readVarint(u8([0xac, 0x02]), 0)).toEqual([300n, 2]);
    expect(readVarint(u8(varint(-1)), 0)).toEqual([0xffffffffffffffffn, 10]);
    expect(() => readVarint(u8([0x80]), 0)).toThrow('truncated varint');
  });

  it('splits a message into fields of all four wire types', () => {
    const fields = readFields(u8(vint(1, 150), fixed64(2), str(3, 'hi'), fixed32(4)));
    expect(fields.map((f) => [f.field, f.wireType])).toEqual([[1, 0], [2, 1], [3, 2], [4, 5]]);
    expect(fields[0]!.value).toBe(150n);
    expect(Buffer.from(fields[2]!.value as Uint8Array).toString()).toBe('hi');
  });

  it('refuses truncated and group-encoded input', () => {
    expect(() => readFields(u8(tag(1, 2), varint(5), [0x61]))).toThrow('truncated length-delimited field');
    expect(() => readFields(u8(tag(1, 3)))).toThrow('unsupported wire type 3');
  });
});

describe('schema-driven decoding', () => {
  const spec: MessageSpec = {
    fields: {
      1: { name: 'name', type: 'string' },
      2: { name: 'count', type: 'int32' },
      3: { name: 'replicas', type: 'int32', keep: true },
      4: { name: 'big', type: 'int64' },
      5: { name: 'on', type: 'bool' },
      6: { name: 'tags', type: 'string', repeated: true },
      7: { name: 'labels', type: { map: 'string' } },
      8: { name: 'data', type: { map: 'bytes' } },
      9: { name: 'limits', type: { map: 'quantity' } },
      10: { name: 'port', type: 'intOrString' },
      11: { name: 'target', type: 'intOrString' },
      12: { name: 'at', type: 'time' },
      13: { name: 'raw', type: 'bytes' },
      14: { name: 'nested', type: { fields: { 1: { name: 'x', type: 'string' } } } },
      15: { name: 'empty', type: { fields: {} } },
      16: { name: 'inlined', type: { fields: { 1: { name: 'http', type: 'string' } } }, inline: true },
      17: { name: 'groups', type: 'int64', repeated: true },
    },
  };

  it('maps field numbers to JSON names and values', () => {
    const got = decodeMessage(
      u8(
        str(1, 'web'),
        vint(2, -5),
        vint(4, 1n << 40n),
        vint(5, 1),
        str(6, 'a'),
        str(6, ''),
        entry(7, 'app', 'web'),
        entry(7, 'tier', ''),
        sub(8, str(1, 'bin'), bytes(2, [0, 1, 255])),
        sub(9, str(1, 'cpu'), sub(2, str(1, '500m'))),
        sub(10, vint(1, 0), vint(2, 8080)),
        sub(11, vint(1, 1), str(3, 'http')),
        sub(12, vint(1, 1_700_000_000), vint(2, 5)),
        bytes(13, [104, 105]),
        sub(14, str(1, 'y')),
        sub(15),
        sub(16, str(1, 'rules')),
        bytes(17, [...varint(1), ...varint(300)]),
      ),
      spec,
    );
    expect(got).toEqual({
      name: 'web',
      count: -5,
      big: 2 ** 40,
      on: true,
      tags: ['a', ''],
      labels: { app: 'web', tier: '' },
      data: { bin: 'AAH/' },
      limits: { cpu: '500m' },
      port: 8080,
      target: 'http',
      at: '2023-11-14T22:13:20Z',
      raw: 'aGk=',
      nested: { x: 'y' },
      empty: {},
      http: 'rules',
      groups: [1, 300],
    });
  });

  it('drops zero scalars as JSON omitempty does, but keeps pointer fields', () => {
    expect(decodeMessage(u8(str(1, ''), vint(2, 0), vint(3, 0), vint(5, 0), sub(12)), spec)).toEqual({ replicas: 0 });
  });

  it('skips unknown field numbers of every wire type', () => {
    expect(decodeMessage(u8(vint(99, 7), fixed64(98), str(97, 'x'), fixed32(96), str(1, 'kept')), spec)).toEqual({ name: 'kept' });
  });

  it("reads a PodSpec's ephemeral containers (field 34: the container fields embedded, then the target), as client-go's UpdateEphemeralContainers sends them", () => {
    const container = sub(1, str(1, 'debugger'), str(2, 'busybox:1.28'), vint(16, 1), str(20, 'File'), vint(18, 1));
    expect(decodeMessage(u8(sub(2, str(1, 'app'), str(2, 'nginx')), sub(34, container, str(2, 'app'))), POD_SPEC)).toEqual({
      containers: [{ name: 'app', image: 'nginx' }],
      ephemeralContainers: [{ name: 'debugger', image: 'busybox:1.28', stdin: true, terminationMessagePolicy: 'File', tty: true, targetContainerName: 'app' }],
    });
  });
});

describe('Kubernetes protobuf envelope', () => {
  it('decodes a ConfigMap as kubectl create configmap sends it', () => {
    const body = envelope('v1', 'ConfigMap', [...sub(1, str(1, 'cm1'), str(2, ''), str(3, '')), ...entry(2, 'greeting', 'hello')]);
    expect(decodeProtobufBody(body)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm1' }, data: { greeting: 'hello' } });
  });

  it('decodes a Deployment with its pod template', () => {
    const container = sub(2, str(1, 'nginx'), str(2, 'nginx'), sub(6, vint(3, 80)), sub(8), str(3, 'nginx'), str(4, '-g'));
    const template = sub(3, sub(1, entry(11, 'app', 'web')), sub(2, container, str(3, 'Always'), vint(4, 30)));
    const spec = sub(2, vint(1, 2), sub(2, entry(1, 'app', 'web')), template, sub(4, str(1, 'RollingUpdate'), sub(2, sub(1, vint(1, 1), str(3, '25%')), sub(2, vint(2, 1)))));
    const body = envelope('apps/v1', 'Deployment', [...sub(1, str(1, 'web'), entry(11, 'app', 'web')), ...spec, ...sub(3)]);
    expect(decodeProtobufBody(body)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }], resources: {}, command: ['nginx'], args: ['-g'] }], restartPolicy: 'Always', terminationGracePeriodSeconds: 30 },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 } },
      },
      status: {},
    });
  });

  it('decodes Service ports, Secret bytes and inline Ingress rule values', () => {
    const svc = decodeProtobufBody(
      envelope('v1', 'Service', [...sub(1, str(1, 's')), ...sub(2, sub(1, str(1, 'http'), str(2, 'TCP'), vint(3, 80), sub(4, vint(1, 1), str(3, 'web')), vint(5, 0)), str(4, 'NodePort'), str(17, 'SingleStack'), vint(20, 0))]),
    );
    expect(svc.spec).toEqual({ ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'web' }], type: 'NodePort', ipFamilyPolicy: 'SingleStack', allocateLoadBalancerNodePorts: false });
    const secret = decodeProtobufBody(envelope('v1', 'Secret', [...sub(1, str(1, 's')), ...sub(2, str(1, 'k'), bytes(2, [...Buffer.from('v')])), ...str(3, 'Opaque')]));
    expect(secret).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'dg==' }, type: 'Opaque' });
    const path = sub(1, str(1, '/'), str(3, 'Prefix'), sub(2, sub(4, str(1, 'web'), sub(2, vint(2, 80)))));
    const ing = decodeProtobufBody(envelope('networking.k8s.io/v1', 'Ingress', [...sub(1, str(1, 'i')), ...sub(2, str(4, 'nginx'), sub(3, str(1, 'a.com'), sub(2, sub(1, path))))]));
    expect(ing.spec).toEqual({ ingressClassName: 'nginx', rules: [{ host: 'a.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] });
  });

  it('decodes what client-go itself encodes: a Job with a rich pod template', () => {
    const job = decodeProtobufBody(Buffer.from(JOB_FROM_CRONJOB, 'base64'));
    expect(job.metadata).toEqual({
      name: 'fromcj',
      labels: { jt: '1' },
      annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'cj', uid: '1234-5678', controller: true }],
    });
    expect(job.spec).toEqual(JOB_FROM_CRONJOB_SPEC);
    expect(job.status).toEqual({});
  });

  it('decodes a whole defaulted PodSpec as kubectl debug --copy-to sends it', () => {
    const pod = decodeProtobufBody(Buffer.from(POD_COPY, 'base64'));
    const spec = pod.spec as Record<string, unknown>;
    expect(pod.metadata).toEqual({ name: 'p1-copy', namespace: 'default' });
    expect(spec.volumes).toEqual([
      {
        name: 'kube-api-access-ztsvk',
        projected: {
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
          defaultMode: 420,
        },
      },
    ]);
    expect(spec.containers).toEqual([
      {
        name: 'p1',
        image: 'nginx',
        resources: {},
        volumeMounts: [{ name: 'kube-api-access-ztsvk', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
        terminationMessagePath: '/dev/termination-log',
        imagePullPolicy: 'Always',
        terminationMessagePolicy: 'File',
      },
      { name: 'dbg', image: 'busybox', command: ['sleep', '1d'], resources: {}, terminationMessagePolicy: 'File' },
    ]);
    const { volumes: _v, containers: _c, ...rest } = spec;
    expect(rest).toEqual({
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      serviceAccount: 'default',
      securityContext: {},
      schedulerName: 'default-scheduler',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    });
  });

  it('says what is wrong with a body it cannot decode', () => {
    expect(() => decodeProtobufBody(Buffer.from('{"kind":"ConfigMap"}'))).toThrow('does not start with the Kubernetes protobuf magic');
    expect(() => decodeProtobufBody(Buffer.from(u8([0x6b, 0x38, 0x73, 0x00], tag(1, 2), varint(50))))).toThrow('malformed protobuf: truncated');
    let err: unknown;
    try {
      decodeProtobufBody(envelope('v1', 'Endpoints', []));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProtobufBodyError);
    expect((err as ProtobufBodyError).unsupportedKind).toBe(true);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'kube-sim-protobuf-'));
const statePath = join(dir, 'served.json');
const twinPath = join(dir, 'twin.json');
const env: Record<string, string> = {};
const simOn = (path: string) => (argv: string[]) => runCaptured(argv, { store: new FileStore(path, () => undefined), env, cwd: dir });
const sim = simOn(statePath);
const twin = simOn(twinPath);

describe('protobuf bodies through kube-sim serve (in-process)', () => {
  let server: Server | undefined;
  let base = '';
  beforeAll(async () => {
    const started = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir }, { state: join(dir, 'inproc.json') }, { port: 0 });
    server = started.server;
    base = `http://127.0.0.1:${started.port}`;
  });
  afterAll(() => server?.close());

  const post = (path: string, body: Buffer) =>
    fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf', Accept: 'application/json' }, body: new Uint8Array(body) });

  it('creates the object a protobuf body describes', async () => {
    const res = await post('/api/v1/namespaces/default/configmaps', envelope('v1', 'ConfigMap', [...sub(1, str(1, 'pb')), ...entry(2, 'a', 'b')]));
    expect(res.status).toBe(201);
    const obj = (await res.json()) as { metadata: { name: string; uid?: string }; data: unknown };
    expect(obj.metadata.name).toBe('pb');
    expect(obj.metadata.uid).toBeTruthy();
    expect(obj.data).toEqual({ a: 'b' });
  });

  it('runs decoded bodies through the same admission and validation as JSON', async () => {
    const res = await post('/api/v1/namespaces/default/configmaps', envelope('v1', 'ConfigMap', [...sub(1, str(1, 'Bad_Name'))]));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { reason: string }).reason).toBe('Invalid');
  });

  it('answers undecodable bodies with a Status at once', async () => {
    const bad = await post('/api/v1/namespaces/default/configmaps', Buffer.from('k8s\0\x0a\x32'));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^error decoding request body: malformed protobuf/);
    const unsupported = await post('/api/v1/namespaces/default/endpoints', envelope('v1', 'Endpoints', [...sub(1, str(1, 'x'))]));
    expect(unsupported.status).toBe(415);
    expect(((await unsupported.json()) as { message: string }).message).toContain('kube-sim serve cannot decode Endpoints (v1) from protobuf');
  });
});

const kubectlPath = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
const hasKubectl = kubectlPath !== '' && spawnSync(kubectlPath, ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl) console.warn('SKIPPED: the real-kubectl part of test/serve/protobuf.test.ts needs a real kubectl on the PATH (none found)');

// A throwaway self-signed EC pair for `create secret tls`.
const TLS_CRT = `-----BEGIN CERTIFICATE-----
MIIBhzCCAS2gAwIBAgIUZC+mOA3UT6bw+/WDfbus+ylAxGQwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNa3ViZS1zaW0udGVzdDAgFw0yNjExMjIwMTAyMzhaGA8yMTI2
MTAyOTAxMDIzOFowGDEWMBQGA1UEAwwNa3ViZS1zaW0udGVzdDBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABIawfhw/7FAwjwUxdWrqMhkslV9zJAy9qIxQIZ8emWxm
ea+drBopzT7PUq+MAed+jjOWePripuik8RZgpGR6pZujUzBRMB0GA1UdDgQWBBSf
0asZoT0X7S/pQBsBPCLvDPw2DjAfBgNVHSMEGDAWgBSf0asZoT0X7S/pQBsBPCLv
DPw2DjAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIGkTNGwIrfYM
F7b++KqZPBrTz0GOMqaWfrVgsPdRcM4/AiEA9b5k0PNc+SQu4qjNrwaNfcU2sU2R
UtLzE7gQ73UHQ5A=
-----END CERTIFICATE-----
`;
const TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgAERB9gjMOwhuOCeY
0L2yBrIxDOjCrursVepNOysDeYqhRANCAASGsH4cP+xQMI8FMXVq6jIZLJVfcyQM
vaiMUCGfHplsZnmvnawaKc0+z1KvjAHnfo4zlnj64qbopPEWYKRkeqWb
-----END PRIVATE KEY-----
`;

let kubeconfig = '';
/** Run kubectl asynchronously: the server lives in this process, so a blocking spawn would deadlock it. */
function kubectl(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(kubectlPath, ['--kubeconfig', kubeconfig, ...args], {
      env: { PATH: process.env.PATH, HOME: join(dir, 'home'), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: dir,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (exitCode) => resolve({ stdout, stderr, exitCode }));
  });
}

/**
 * What differs between two creations of the same object at different moments. status goes too: the
 * controllers' progress (pods becoming available) depends on when, on the wall clock, `get` ran.
 */
function normalise(yaml: string): string[] {
  return yaml
    .replace(/^status:.*\n(?:[ -].*\n)*/m, '')
    .replace(/^(\s*(?:creationTimestamp|lastTransitionTime|lastUpdateTime|resourceVersion|uid|startTime)): .*$/gm, '$1: X')
    .replace(/\b10\.96\.\d+\.\d+\b/g, '10.96.X.X')
    .split('\n');
}

describe.skipIf(!hasKubectl)('real kubectl create <generator> against kube-sim serve (protobuf bodies)', () => {
  let server: Server | undefined;
  beforeAll(async () => {
    writeFileSync(join(dir, 'tls.crt'), TLS_CRT);
    writeFileSync(join(dir, 'tls.key'), TLS_KEY);
    // Both states bootstrapped before the server starts, so they begin alike.
    expect((await sim(['get', 'ns'])).exitCode).toBe(0);
    expect((await twin(['get', 'ns'])).exitCode).toBe(0);
    const started = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir }, { state: statePath }, { port: 0 });
    server = started.server;
    kubeconfig = join(dir, 'kubeconfig.yaml');
    writeFileSync(kubeconfig, kubeconfigText(started.port));
  });
  afterAll(() => server?.close());

  // [create arguments, kubectl's stdout, the object to compare]
  const cases: [string, string, string][] = [
    ['create configmap cm1 --from-literal=greeting=hello --from-literal=empty=', 'configmap/cm1 created', 'configmap cm1'],
    ['create secret generic sec1 --from-literal=user=admin --from-literal=pass=s3cr3t', 'secret/sec1 created', 'secret sec1'],
    ['create secret tls tls1 --cert=tls.crt --key=tls.key', 'secret/tls1 created', 'secret tls1'],
    ['create namespace team-a', 'namespace/team-a created', 'namespace team-a'],
    ['create configmap cm2 -n team-a --from-literal=a=b', 'configmap/cm2 created', 'configmap cm2 -n team-a'],
    ['create deployment web --image=nginx --port=80 --replicas=2', 'deployment.apps/web created', 'deployment web'],
    ['create deployment sleeper --image=busybox --replicas=0 -- sleep 3600', 'deployment.apps/sleeper created', 'deployment sleeper'],
    ['create service clusterip svc1 --tcp=80:8080 --tcp=443:https', 'service/svc1 created', 'service svc1'],
    ['create service clusterip headless --clusterip=None', 'service/headless created', 'service headless'],
    ['create service nodeport np --tcp=80:8080 --node-port=30080', 'service/np created', 'service np'],
    ['create service loadbalancer lb --tcp=80:8080', 'service/lb created', 'service lb'],
    ['create service externalname en --external-name=example.com', 'service/en created', 'service en'],
    [
      'create ingress ing --class=nginx --rule=foo.com/bar=svc1:80,tls=tls1 --rule=/*=svc1:https --default-backend=svc1:http --annotation=team=a',
      'ingress.networking.k8s.io/ing created',
      'ingress ing',
    ],
    ['create job j1 --image=busybox -- echo hi', 'job.batch/j1 created', 'job j1'],
    ['create cronjob cj1 --image=busybox --schedule=@hourly --restart=OnFailure -- date', 'cronjob.batch/cj1 created', 'cronjob cj1'],
    ['create quota q1 -n team-a --hard=pods=4,requests.cpu=1,services=2 --scopes=NotTerminating', 'resourcequota/q1 created', 'quota q1 -n team-a'],
  ];

  it.each(cases)('kubectl %s creates what kube-sim creates', async (line, created, target) => {
    const args = line.split(' ');
    const theirs = await kubectl(args);
    expect(theirs.stderr).toBe('');
    expect(theirs.stdout).toBe(`${created}\n`);
    expect((await twin(args)).stdout).toBe(`${created}\n`);
    const get = ['get', ...target.split(' '), '-o', 'yaml'];
    const served = await sim(get);
    const own = await twin(get);
    expect(served.exitCode).toBe(0);
    expect(normalise(served.stdout)).toEqual(normalise(own.stdout));
  });

  it('lists the created quota (ResourceQuota and LimitRange lists are real, not describe-ns stubs)', async () => {
    expect((await kubectl(['get', 'quota,limits', '-n', 'team-a', '-o', 'name'])).stdout).toBe('resourcequota/q1\n');
  });

  it('kubectl create secret docker-registry (no kube-sim generator) stores the bytes kubectl sent', async () => {
    const r = await kubectl(['create', 'secret', 'docker-registry', 'reg', '--docker-server=r.io', '--docker-username=u', '--docker-password=p']);
    expect(r.stdout).toBe('secret/reg created\n');
    const got = await sim(['get', 'secret', 'reg', '-o', 'jsonpath={.type} {.data.\\.dockerconfigjson}']);
    const [type, data] = got.stdout.split(' ');
    expect(type).toBe('kubernetes.io/dockerconfigjson');
    expect(JSON.parse(Buffer.from(data!, 'base64').toString())).toEqual({ auths: { 'r.io': { username: 'u', password: 'p', auth: Buffer.from('u:p').toString('base64') } } });
  });

  it('errors on a protobuf create read as from a real server', async () => {
    const again = await kubectl(['create', 'configmap', 'cm1', '--from-literal=a=b']);
    expect(again.stderr).toBe('error: failed to create configmap: configmaps "cm1" already exists\n');
    const invalid = await kubectl(['create', 'service', 'nodeport', 'bad', '--tcp=80:8080', '--node-port=80']);
    expect(invalid.stderr).toContain('Service "bad" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range.');
  });

  it('kubectl debug --copy-to and debug node/ create their pods through protobuf', async () => {
    expect((await sim(['run', 'p1', '--image=nginx'])).exitCode).toBe(0);
    const copy = await kubectl(['debug', 'p1', '--copy-to=p1-copy', '--image=busybox', '--container=dbg', '--', 'sleep', '1d']);
    expect(copy.exitCode).toBe(0);
    const jp = (pod: string, path: string) => sim(['get', 'pod', pod, '-o', `jsonpath=${path}`]).then((r) => r.stdout);
    expect(await jp('p1-copy', '{.spec.containers[*].name}')).toBe('p1 dbg');
    expect(await jp('p1-copy', '{.spec.volumes}')).toBe(await jp('p1', '{.spec.volumes}'));
    const node = await kubectl(['debug', 'node/kind-worker', '--image=busybox', '--', 'sleep', '1d']);
    const name = /^Creating debugging pod (node-debugger-kind-worker-\w+) with container debugger on node kind-worker\.\n$/.exec(node.stdout)?.[1];
    expect(name).toBeTruthy();
    expect(await jp(name!, '{.spec.nodeName} {.spec.hostPID} {.spec.hostNetwork} {.spec.volumes[0].hostPath.path}')).toBe('kind-worker true true /');
  });

  it('kubectl auth can-i answers yes', async () => {
    expect((await kubectl(['auth', 'can-i', 'delete', 'pods'])).stdout).toBe('yes\n');
  });

  it('kubectl auth can-i --as asks RBAC: a service account may do what a binding gives it, in its namespace', async () => {
    const sa = '--as=system:serviceaccount:default:robot';
    expect(await kubectl(['auth', 'can-i', 'get', 'secrets/s1', sa])).toMatchObject({ exitCode: 1, stdout: 'no\n' });
    expect(await kubectl(['create', 'role', 'secret-reader', '--verb=get', '--resource=secrets', '--resource-name=s1'])).toMatchObject({ exitCode: 0 });
    expect(await kubectl(['create', 'rolebinding', 'robot-reads', '--role=secret-reader', '--serviceaccount=default:robot'])).toMatchObject({ exitCode: 0 });
    expect(await kubectl(['auth', 'can-i', 'get', 'secrets/s1', sa])).toMatchObject({ exitCode: 0, stdout: 'yes\n' });
    expect(await kubectl(['auth', 'can-i', 'get', 'secrets/s2', sa])).toMatchObject({ exitCode: 1, stdout: 'no\n' });
    expect(await kubectl(['auth', 'can-i', 'get', 'secrets/s1', sa, '-n', 'kube-system'])).toMatchObject({ exitCode: 1, stdout: 'no\n' });
    expect((await kubectl(['auth', 'whoami', sa])).stdout).toBe(
      'ATTRIBUTE   VALUE\nUsername    system:serviceaccount:default:robot\nGroups      [system:serviceaccounts system:serviceaccounts:default system:authenticated]\n',
    );
  });

  // (Every kind a `kubectl create` generator makes is served now that PodDisruptionBudget and PriorityClass are.)
  it('kubectl create serviceaccount and role create them', async () => {
    expect(await kubectl(['create', 'serviceaccount', 'sa'])).toMatchObject({ exitCode: 0, stdout: 'serviceaccount/sa created\n' });
    expect(await kubectl(['create', 'role', 'r', '--verb=get', '--resource=pods'])).toMatchObject({ exitCode: 0, stdout: 'role.rbac.authorization.k8s.io/r created\n' });
  });
});
