/** Service validation with the apiserver's wording (reference §3.2), run after defaulting and allocation. */
import type { FieldError, KubeObject } from '../api/types.js';
import type { AdmitContext } from '../api/kind.js';
import { DNS1123_LABEL_MSG, DNS1123_SUBDOMAIN_MSG, isDns1123Label, isDns1123Subdomain } from '../api/validation.js';
import { svcSpec, type ServicePort } from './service-admit.js';
import { isIP, INVALID_IP } from './service-alloc.js';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** IsValidPortName's messages, one error per broken rule. */
export function portNameProblems(name: string): string[] {
  const out: string[] = [];
  if (name.length > 15) out.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) out.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) out.push('must contain at least one letter (a-z)');
  if (name.includes('--')) out.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) out.push('must not begin or end with a hyphen');
  return out;
}

const goStr = (s: string | undefined) => JSON.stringify(s ?? '');

/** Go %#v of the duplicate-detection key (a ServicePort with only Protocol and Port set). */
function portKeyText(p: ServicePort): string {
  return `core.ServicePort{Name:"", Protocol:${goStr(p.protocol)}, AppProtocol:(*string)(nil), Port:${p.port ?? 0}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
}

export function validateService(obj: KubeObject, _ctx: AdmitContext): FieldError[] {
  const spec = svcSpec(obj);
  const errs: FieldError[] = [];
  const type = spec.type ?? 'ClusterIP';
  const headless = spec.clusterIP === 'None';
  const ports = spec.ports ?? [];

  if (!TYPES.includes(type)) errs.push({ field: 'spec.type', type: 'Unsupported', value: type, supported: TYPES });

  if (type === 'ExternalName') {
    if (spec.clusterIP || spec.clusterIPs?.length) errs.push({ field: 'spec.clusterIPs', type: 'Forbidden', detail: 'may not be set for ExternalName services' });
    if (!spec.externalName) errs.push({ field: 'spec.externalName', type: 'Required' });
    else {
      const n = spec.externalName.replace(/\.$/, '');
      if (!isDns1123Subdomain(n)) errs.push({ field: 'spec.externalName', type: 'Invalid', value: spec.externalName, detail: DNS1123_SUBDOMAIN_MSG });
    }
  }

  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push({ field: 'spec.ports', type: 'Required' });
  const names = new Set<string>();
  const keys = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const at = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) errs.push({ field: `${at}.name`, type: 'Required' });
    if (p.name) {
      if (!isDns1123Label(p.name)) errs.push({ field: `${at}.name`, type: 'Invalid', value: p.name, detail: DNS1123_LABEL_MSG });
      else if (names.has(p.name)) errs.push({ field: `${at}.name`, type: 'Duplicate', value: p.name });
      names.add(p.name);
    }
    if (typeof p.port !== 'number' || p.port < 1 || p.port > 65535) errs.push({ field: `${at}.port`, type: 'Invalid', value: p.port ?? 0, detail: 'must be between 1 and 65535, inclusive' });
    if (!PROTOCOLS.includes(p.protocol ?? '')) errs.push({ field: `${at}.protocol`, type: 'Unsupported', value: p.protocol ?? '', supported: PROTOCOLS });
    if (typeof p.targetPort === 'number') {
      if (p.targetPort < 1 || p.targetPort > 65535) errs.push({ field: `${at}.targetPort`, type: 'Invalid', value: p.targetPort, detail: 'must be between 1 and 65535, inclusive' });
    } else if (typeof p.targetPort === 'string') {
      for (const d of portNameProblems(p.targetPort)) errs.push({ field: `${at}.targetPort`, type: 'Invalid', value: p.targetPort, detail: d });
    }
  });

  if (!['ClientIP', 'None'].includes(spec.sessionAffinity ?? '')) errs.push({ field: 'spec.sessionAffinity', type: 'Unsupported', value: spec.sessionAffinity ?? '', supported: ['ClientIP', 'None'] });
  const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  if (spec.sessionAffinity === 'ClientIP' && timeout !== undefined && (timeout <= 0 || timeout > 86400)) {
    errs.push({ field: 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', type: 'Invalid', value: timeout, detail: 'must be greater than 0 and less than 86400' });
  }

  if (headless && (type === 'NodePort' || type === 'LoadBalancer')) {
    errs.push({ field: 'spec.clusterIPs[0]', type: 'Invalid', value: 'None', detail: `may not be set to 'None' for ${type} services` });
  }
  if (type !== 'ExternalName' && spec.clusterIP && spec.clusterIP !== 'None' && !isIP(spec.clusterIP)) {
    errs.push({ field: 'spec.clusterIPs[0]', type: 'Invalid', value: spec.clusterIP, detail: INVALID_IP });
  }
  (spec.externalIPs ?? []).forEach((ip, i) => {
    if (!isIP(ip)) errs.push({ field: `spec.externalIPs[${i}]`, type: 'Invalid', value: ip, detail: INVALID_IP });
  });
  if (spec.loadBalancerIP && type === 'LoadBalancer' && !isIP(spec.loadBalancerIP)) {
    errs.push({ field: 'spec.loadBalancerIP', type: 'Invalid', value: spec.loadBalancerIP, detail: INVALID_IP });
  }
  // As ValidateService orders them: nodePort on ClusterIP, duplicate nodePorts, then duplicate ports.
  ports.forEach((p, i) => {
    if (p.nodePort && type === 'ClusterIP') errs.push({ field: `spec.ports[${i}].nodePort`, type: 'Forbidden', detail: "may not be used when `type` is 'ClusterIP'" });
  });
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const nk = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(nk)) errs.push({ field: `spec.ports[${i}].nodePort`, type: 'Duplicate', value: p.nodePort });
    nodePorts.add(nk);
  });
  ports.forEach((p, i) => {
    const key = `${p.protocol}/${p.port}`;
    if (keys.has(key)) errs.push({ field: `spec.ports[${i}]`, type: 'Duplicate', valueText: portKeyText(p) });
    keys.add(key);
  });
  if (spec.externalTrafficPolicy) {
    // ExternallyAccessible: a NodePort or LoadBalancer, or a ClusterIP with external IPs.
    const external = type === 'NodePort' || type === 'LoadBalancer' || (type === 'ClusterIP' && (spec.externalIPs ?? []).length > 0);
    if (!external) {
      errs.push({ field: 'spec.externalTrafficPolicy', type: 'Invalid', value: spec.externalTrafficPolicy, detail: 'may only be set for externally-accessible services' });
    } else if (!['Cluster', 'Local'].includes(spec.externalTrafficPolicy)) {
      errs.push({ field: 'spec.externalTrafficPolicy', type: 'Unsupported', value: spec.externalTrafficPolicy, supported: ['Cluster', 'Local'] });
    }
  }
  if (spec.internalTrafficPolicy && !['Cluster', 'Local'].includes(spec.internalTrafficPolicy)) {
    errs.push({ field: 'spec.internalTrafficPolicy', type: 'Unsupported', value: spec.internalTrafficPolicy, supported: ['Cluster', 'Local'] });
  }
  if (spec.loadBalancerSourceRanges?.length && type !== 'LoadBalancer') {
    errs.push({ field: 'spec.LoadBalancerSourceRanges', type: 'Forbidden', detail: "may only be used when `type` is 'LoadBalancer'" });
  }
  return errs;
}
