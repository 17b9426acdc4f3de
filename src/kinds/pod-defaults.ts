/**
 * What the API server (defaulting plus the ServiceAccount and DefaultTolerationSeconds admission
 * plugins; Priority's part is in src/api/admission.ts) fills into a Pod on create, so `get po -o yaml`
 * shows what a real cluster shows.
 */
import type { Container, Probe, Toleration, Volume } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import type { AdmitContext } from '../api/kind.js';
import { NAME_ALPHABET } from '../env.js';
import { parseImage } from '../network/images.js';
import { qosClass } from './pod-qos.js';

const SA_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

type Spec = {
  containers?: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  tolerations?: Toleration[];
  [k: string]: unknown;
};

/** imagePullPolicy default: Always for `:latest` or no tag, else IfNotPresent. */
export function defaultPullPolicy(image: string | undefined): string {
  if (!image) return 'IfNotPresent';
  const r = parseImage(image);
  return r.tag === 'latest' || (!r.tag && !r.digest) ? 'Always' : 'IfNotPresent';
}

function defaultProbe(p: Probe | undefined): void {
  if (!p) return;
  const w = p as Record<string, unknown>;
  w.timeoutSeconds ??= 1;
  w.periodSeconds ??= 10;
  w.successThreshold ??= 1;
  w.failureThreshold ??= 3;
  if (p.httpGet) (p.httpGet as unknown as Record<string, unknown>).scheme ??= 'HTTP';
}

function defaultContainer(c: Container, hostNetwork: boolean): void {
  const w = c as unknown as Record<string, unknown>;
  w.imagePullPolicy ??= defaultPullPolicy(c.image);
  w.terminationMessagePath ??= '/dev/termination-log';
  w.terminationMessagePolicy ??= 'File';
  const res = ((w.resources as Record<string, Record<string, unknown>> | undefined) ??= {});
  if (res.limits && Object.keys(res.limits).length) {
    res.requests ??= {};
    for (const [k, v] of Object.entries(res.limits)) res.requests[k] ??= v;
  }
  for (const p of c.ports ?? []) {
    const pw = p as unknown as Record<string, unknown>;
    pw.protocol ??= 'TCP';
    if (hostNetwork) pw.hostPort ??= p.containerPort;
  }
  for (const e of c.env ?? []) {
    const fr = e.valueFrom?.fieldRef as Record<string, unknown> | undefined;
    if (fr) fr.apiVersion ??= 'v1';
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
}

/** The projected service-account volume every pod gets. */
function apiAccessVolume(name: string): Volume {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
      ],
    },
  } as Volume;
}

/**
 * Apply the API server's defaults and admission changes to a pod being created or updated. On update
 * only the scheme defaults and DefaultTolerationSeconds apply (the ServiceAccount plugin mutates pods
 * at create only, and Priority keeps the old priority): a replaced spec must carry what the pod has.
 */
export function defaultPod(obj: KubeObject, ctx: AdmitContext): void {
  const spec = ((obj.spec as Spec | undefined) ?? (obj.spec = {})) as Spec;
  const old = ctx.old?.spec as Spec | undefined;
  const hostNetwork = spec.hostNetwork === true;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  spec.enableServiceLinks ??= true;
  // v1's deprecated serviceAccount is a conversion of serviceAccountName.
  if (spec.serviceAccountName === undefined && spec.serviceAccount !== undefined) spec.serviceAccountName = spec.serviceAccount;
  if (ctx.operation === 'create') spec.serviceAccountName ??= 'default';
  if (spec.serviceAccountName !== undefined) spec.serviceAccount = spec.serviceAccountName;
  // The Priority plugin (src/api/admission.ts) sets them on create, and keeps them on update.
  if (old) {
    spec.priority ??= old.priority;
    spec.preemptionPolicy ??= old.preemptionPolicy;
  }
  for (const c of spec.containers ?? []) defaultContainer(c, hostNetwork);
  for (const c of spec.initContainers ?? []) defaultContainer(c, hostNetwork);
  // SetDefaults_EphemeralContainer defaults the container fields it shares with a container.
  for (const c of (spec.ephemeralContainers as Container[] | undefined) ?? []) defaultContainer(c, hostNetwork);
  // SetDefaults_HostPathVolumeSource: an unset type is HostPathUnset ("").
  for (const v of spec.volumes ?? []) if (v.hostPath) (v.hostPath as { type?: string }).type ??= '';
  const tol = (spec.tolerations ??= []);
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tol.some((t) => t.key === key && (t.effect === 'NoExecute' || !t.effect))) tol.push({ effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: 300 });
  }
  if (ctx.operation !== 'create') return;
  if (spec.automountServiceAccountToken !== false) {
    const vols = (spec.volumes ??= []);
    let access = vols.find((v) => v.name.startsWith('kube-api-access-'));
    if (!access) {
      access = apiAccessVolume(`kube-api-access-${ctx.env.rngFor(obj.metadata.namespace).string(5, NAME_ALPHABET)}`);
      vols.push(access);
    }
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      const mounts = (c.volumeMounts ??= []) as { name: string; mountPath: string; readOnly?: boolean }[];
      if (!mounts.some((m) => m.mountPath === SA_MOUNT)) mounts.push({ mountPath: SA_MOUNT, name: access.name, readOnly: true });
    }
  }
  obj.status = { phase: 'Pending', qosClass: qosClass(obj) };
}
