/**
 * `kubectl debug --profile`: what each profile does to the debugging pod, as kubectl 1.32's
 * pkg/cmd/debug/profiles.go has it, for the three ways of debugging (an ephemeral container in the pod,
 * a copy of the pod, a pod on a node).
 */
import type { KubeObject } from '../../api/types.js';
import { CliError } from '../../api/errors.js';

/** The profiles kubectl 1.32 knows. */
export const PROFILES = ['legacy', 'general', 'baseline', 'restricted', 'netadmin', 'sysadmin'] as const;
export type Profile = (typeof PROFILES)[number];

/** How a pod is debugged: getDebugStyle. */
export type DebugStyle = 'ephemeral' | 'podCopy' | 'node';

/** The --keep-* flags, which only a copy of a pod uses. */
export interface KeepFlags {
  labels: boolean;
  annotations: boolean;
  liveness: boolean;
  readiness: boolean;
  startup: boolean;
  initContainers: boolean;
}

type Obj = Record<string, unknown>;
type Spec = Obj & { containers?: Obj[]; initContainers?: Obj[]; ephemeralContainers?: Obj[]; volumes?: Obj[] };

/** NewProfileApplier's check, made where kubectl makes it (Complete, before any validation). */
export function checkProfile(name: string): Profile {
  if (!(PROFILES as readonly string[]).includes(name)) throw new CliError(`unknown profile: ${name}`);
  return name as Profile;
}

/** The container named `name` among the pod's containers, init and ephemeral containers (podutils.AllContainers). */
function containerOf(spec: Spec, name: string): Obj | undefined {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])].find((c) => c.name === name);
}

function securityContext(c: Obj): Obj {
  return ((c.securityContext as Obj | undefined) ??= {});
}

function addCapability(c: Obj, cap: string): void {
  const caps = ((securityContext(c).capabilities as Obj | undefined) ??= {});
  caps.add = [...((caps.add as string[] | undefined) ?? []), cap];
}

/** The node's root at /host (mountRootPartition): a hostPath volume `host-root` mounted in the container. */
function mountRootPartition(spec: Spec, c: Obj): void {
  spec.volumes = [...(spec.volumes ?? []), { name: 'host-root', hostPath: { path: '/' } }];
  c.volumeMounts = [...((c.volumeMounts as Obj[] | undefined) ?? []), { mountPath: '/host', name: 'host-root' }];
}

function useHostNamespaces(spec: Spec): void {
  spec.hostNetwork = true;
  spec.hostPID = true;
  spec.hostIPC = true;
}

function shareProcessNamespace(spec: Spec): void {
  spec.shareProcessNamespace ??= true;
}

/** What a copy of a pod drops unless kept: labels, then (`all`) annotations, probes and init containers. */
function removeForCopy(pod: KubeObject, keep: KeepFlags, all: boolean): void {
  const spec = pod.spec as Spec;
  if (!keep.labels) delete pod.metadata.labels;
  if (!all) return;
  if (!keep.annotations) delete pod.metadata.annotations;
  for (const c of spec.containers ?? []) {
    if (!keep.liveness) delete c.livenessProbe;
    if (!keep.readiness) delete c.readinessProbe;
    if (!keep.startup) delete c.startupProbe;
  }
  if (!keep.initContainers) delete spec.initContainers;
}

/** Apply `profile` to the debugging pod for its container `name` (ProfileApplier.Apply). */
export function applyProfile(profile: Profile, pod: KubeObject, name: string, style: DebugStyle, keep: KeepFlags): void {
  const spec = pod.spec as Spec;
  const c = containerOf(spec, name);
  if (!c) return;
  const copyRules = () => {
    removeForCopy(pod, keep, true);
    shareProcessNamespace(spec);
  };
  switch (profile) {
    case 'legacy':
      // It drops a copy's labels whatever --keep-labels says, and keeps the rest.
      if (style === 'node') {
        mountRootPartition(spec, c);
        useHostNamespaces(spec);
      } else if (style === 'podCopy') removeForCopy(pod, { ...keep, labels: false }, false);
      return;
    case 'general':
      if (style === 'node') {
        mountRootPartition(spec, c);
        delete c.securityContext;
        useHostNamespaces(spec);
      } else {
        if (style === 'podCopy') removeForCopy(pod, keep, true);
        addCapability(c, 'SYS_PTRACE');
        if (style === 'podCopy') shareProcessNamespace(spec);
      }
      return;
    case 'baseline':
      delete c.securityContext;
      if (style === 'podCopy') copyRules();
      return;
    case 'restricted': {
      delete c.securityContext;
      const sc = securityContext(c);
      sc.runAsNonRoot = true;
      sc.capabilities = { drop: ['ALL'] };
      sc.allowPrivilegeEscalation = false;
      sc.seccompProfile = { type: 'RuntimeDefault' };
      if (style === 'podCopy') copyRules();
      return;
    }
    case 'netadmin':
      addCapability(c, 'NET_ADMIN');
      addCapability(c, 'NET_RAW');
      if (style === 'node') useHostNamespaces(spec);
      else if (style === 'podCopy') copyRules();
      return;
    case 'sysadmin':
      securityContext(c).privileged = true;
      if (style === 'node') {
        useHostNamespaces(spec);
        mountRootPartition(spec, c);
      } else if (style === 'podCopy') copyRules();
      return;
  }
}
