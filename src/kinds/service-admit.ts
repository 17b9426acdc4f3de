/**
 * Service defaulting and allocation as a v1.32 apiserver does on create and update: type-dependent
 * defaults, ClusterIP and NodePort allocation (latched), clearing of fields a type change makes
 * meaningless, and the immutability of the cluster IP.
 */
import type { AdmitContext } from '../api/kind.js';
import type { KubeObject } from '../api/types.js';
import { invalid } from '../api/errors.js';
import { allocateClusterIP, allocateNodePorts, ipToInt } from './service-alloc.js';

export interface ServicePort {
  name?: string;
  protocol?: string;
  appProtocol?: string;
  port?: number;
  targetPort?: number | string;
  nodePort?: number;
}

export interface ServiceSpec {
  type?: string;
  selector?: Record<string, string> | null;
  ports?: ServicePort[];
  clusterIP?: string;
  clusterIPs?: string[];
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  externalIPs?: string[];
  externalName?: string;
  externalTrafficPolicy?: string;
  internalTrafficPolicy?: string;
  healthCheckNodePort?: number;
  sessionAffinity?: string;
  sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
  loadBalancerIP?: string;
  loadBalancerSourceRanges?: string[];
  loadBalancerClass?: string;
  allocateLoadBalancerNodePorts?: boolean;
  publishNotReadyAddresses?: boolean;
}

export interface ServiceStatus {
  loadBalancer?: { ingress?: { ip?: string; hostname?: string; ipMode?: string }[] };
}

/** The spec of a Service (read-only use; admission makes sure it exists first). */
export const svcSpec = (o: KubeObject): ServiceSpec => (o.spec ?? {}) as ServiceSpec;

const needsClusterIP = (s: ServiceSpec) => s.type !== 'ExternalName';
const needsNodePorts = (s: ServiceSpec) => s.type === 'NodePort' || (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts !== false);
const needsHealthCheck = (s: ServiceSpec) => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
const isExternalTraffic = (s: ServiceSpec) => s.type === 'NodePort' || s.type === 'LoadBalancer';
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Defaults that do not depend on allocation (SetDefaults_Service). */
function setDefaults(spec: ServiceSpec): void {
  spec.type ||= 'ClusterIP';
  spec.sessionAffinity ||= 'None';
  if (spec.sessionAffinity === 'ClientIP') {
    const c = (spec.sessionAffinityConfig ??= {});
    const ip = (c.clientIP ??= {});
    ip.timeoutSeconds ??= 10800;
  }
  for (const p of spec.ports ?? []) {
    p.protocol ||= 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (isExternalTraffic(spec)) spec.externalTrafficPolicy ||= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  if (needsClusterIP(spec)) spec.internalTrafficPolicy ||= 'Cluster';
}

/** ipFamilies / ipFamilyPolicy on a single-stack IPv4 cluster; selector-less headless services ask for both families. */
function setIPFamilies(spec: ServiceSpec): void {
  if (!needsClusterIP(spec)) return;
  const headlessNoSelector = spec.clusterIP === 'None' && !Object.keys(spec.selector ?? {}).length;
  spec.ipFamilyPolicy ||= headlessNoSelector ? 'RequireDualStack' : 'SingleStack';
  if (!spec.ipFamilies?.length) spec.ipFamilies = ['IPv4'];
}

/** Whether the requested cluster IP text can be handed to the allocator (bad text is left to validation). */
const allocatable = (ip: string | undefined) => !ip || ipToInt(ip) !== undefined;

/** The kind's admit hook. */
export function admitService(obj: KubeObject, ctx: AdmitContext): void {
  obj.spec ??= {};
  const spec = svcSpec(obj);
  obj.status ??= { loadBalancer: {} };
  if (ctx.operation === 'update' && ctx.old) return admitUpdate(obj, spec, svcSpec(ctx.old), ctx);
  setDefaults(spec);
  if (!spec.clusterIP && spec.clusterIPs?.length) spec.clusterIP = spec.clusterIPs[0];
  if (needsClusterIP(spec)) {
    if (spec.clusterIP === 'None') spec.clusterIPs = ['None'];
    else if (allocatable(spec.clusterIP)) {
      const ip = allocateClusterIP(ctx.state, ctx.env, obj, spec.clusterIP || undefined);
      spec.clusterIP = ip;
      spec.clusterIPs = [ip];
    }
    setIPFamilies(spec);
  }
  if (spec.clusterIP === 'None' && isExternalTraffic(spec)) return; // validation reports it
  if (needsNodePorts(spec) || needsHealthCheck(spec)) allocateNodePorts(ctx.state, ctx.env, obj, needsNodePorts(spec), needsHealthCheck(spec));
}

function admitUpdate(obj: KubeObject, spec: ServiceSpec, old: ServiceSpec, ctx: AdmitContext): void {
  const oldType = old.type ?? 'ClusterIP';
  spec.type ||= 'ClusterIP';
  // A manifest that omits allocated values keeps the server's (patchAllocatedValues).
  if (needsClusterIP(spec) && needsClusterIP(old)) {
    // A changed clusterIP with untouched clusterIPs is normalised onto clusterIPs (then refused below).
    if (spec.clusterIP && spec.clusterIP !== old.clusterIP && same(spec.clusterIPs, old.clusterIPs)) spec.clusterIPs = [spec.clusterIP];
    if (!spec.clusterIP && !spec.clusterIPs?.length) {
      spec.clusterIP = old.clusterIP;
      spec.clusterIPs = old.clusterIPs;
    } else if (!spec.clusterIP) spec.clusterIP = spec.clusterIPs![0];
    else if (!spec.clusterIPs?.length && spec.clusterIP === old.clusterIP) spec.clusterIPs = old.clusterIPs;
    if (needsNodePorts(spec) && needsNodePorts(old)) {
      for (const p of spec.ports ?? []) {
        if (p.nodePort) continue;
        const match = (old.ports ?? []).find((q) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol || 'TCP'));
        if (match?.nodePort) p.nodePort = match.nodePort;
      }
    }
    if (needsHealthCheck(old) && !spec.healthCheckNodePort && spec.externalTrafficPolicy === old.externalTrafficPolicy) spec.healthCheckNodePort = old.healthCheckNodePort;
  }
  // Fields the new type does not use are cleared when the user left them as they were (dropTypeDependentFields).
  if (!needsClusterIP(spec)) {
    if (same(spec.clusterIP, old.clusterIP)) delete spec.clusterIP;
    if (same(spec.clusterIPs, old.clusterIPs)) delete spec.clusterIPs;
    if (same(spec.ipFamilies, old.ipFamilies)) delete spec.ipFamilies;
    if (same(spec.ipFamilyPolicy, old.ipFamilyPolicy)) delete spec.ipFamilyPolicy;
    if (same(spec.internalTrafficPolicy, old.internalTrafficPolicy)) delete spec.internalTrafficPolicy;
  }
  if (!needsNodePorts(spec)) {
    (spec.ports ?? []).forEach((p, i) => {
      const o = old.ports?.[i];
      if (p.nodePort && o && o.nodePort === p.nodePort) delete p.nodePort;
    });
  }
  if (spec.type !== 'ExternalName' && spec.externalName === old.externalName) delete spec.externalName;
  if (!isExternalTraffic(spec) && spec.externalTrafficPolicy === old.externalTrafficPolicy) delete spec.externalTrafficPolicy;
  if (!needsHealthCheck(spec) && spec.healthCheckNodePort === old.healthCheckNodePort) delete spec.healthCheckNodePort;
  if (spec.type !== 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === old.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts;
  setDefaults(spec);
  void oldType;

  if (needsClusterIP(spec)) {
    if (needsClusterIP(old) && old.clusterIP) {
      if (spec.clusterIP !== old.clusterIP || (spec.clusterIPs?.[0] ?? spec.clusterIP) !== old.clusterIP) {
        const shown = spec.clusterIPs?.length ? spec.clusterIPs : [spec.clusterIP ?? ''];
        throw invalid('Service', obj.metadata.name, [
          { field: 'spec.clusterIPs[0]', type: 'Invalid', valueText: `[]string{${shown.map((s) => JSON.stringify(s)).join(', ')}}`, detail: 'may not change once set' },
        ]);
      }
    } else if (spec.clusterIP === 'None') {
      spec.clusterIPs = ['None'];
    } else if (allocatable(spec.clusterIP)) {
      const ip = allocateClusterIP(ctx.state, ctx.env, obj, spec.clusterIP || undefined);
      spec.clusterIP = ip;
      spec.clusterIPs = [ip];
    }
    setIPFamilies(spec);
  }
  if (spec.clusterIP === 'None' && isExternalTraffic(spec)) return;
  if (needsNodePorts(spec) || needsHealthCheck(spec)) {
    const keep = new Set<number>((old.ports ?? []).map((p) => p.nodePort ?? 0).filter(Boolean));
    if (old.healthCheckNodePort) keep.add(old.healthCheckNodePort);
    allocateNodePorts(ctx.state, ctx.env, obj, needsNodePorts(spec), needsHealthCheck(spec), keep);
  }
}
