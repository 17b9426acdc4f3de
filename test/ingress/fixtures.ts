/**
 * Hand-built cluster states for the ingress data-plane tests: a running ingress-nginx controller pod,
 * backend Services with EndpointSlices, and the chapter's Ingresses, written straight into the state
 * (no controllers run), so the router is tested on exactly the objects it reads.
 */
import type { ClusterState, KubeObject } from '../../src/api/types.js';
import { makeEnv, type Env } from '../../src/env.js';
import { insertObject } from '../../src/api/objects.js';
import { parseManifestText } from '../../src/api/manifest.js';
import { deployYamlV1 } from '../../src/addons/ingress-nginx/deploy-yaml.js';
import type { ConnectResult, HttpRequest } from '../../src/network/contracts.js';

export interface Fixture {
  state: ClusterState;
  env: Env;
}

/** An empty cluster state with the kind nodes (no controllers run). */
export function emptyCluster(): Fixture {
  const state: ClusterState = {
    format: 1,
    meta: { seed: 1, rng: 1, resourceVersion: 1, virtualNow: '2026-11-21T22:50:00Z', wallOffsetMs: 0 },
    settings: {
      kubernetesVersion: 'v1.32.0',
      serviceCIDR: '10.96.0.0/16',
      podCIDR: '10.244.0.0/16',
      clusterDomain: 'cluster.local',
      proxyMode: 'iptables',
      ipvsScheduler: 'rr',
      addons: {},
      externalHosts: [],
    },
    objects: {},
    runtime: {},
    memory: {},
  };
  const env = makeEnv(state, 'virtual');
  ['kind-control-plane', 'kind-worker', 'kind-worker2'].forEach((name, i) =>
    insertObject(state, 'nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { addresses: [{ type: 'InternalIP', address: `172.18.0.${i + 2}` }, { type: 'Hostname', address: name }] } }, env),
  );
  return { state, env };
}

function put(f: Fixture, resource: string, obj: KubeObject): KubeObject {
  return insertObject(f.state, resource, obj, f.env);
}

/** ingress-nginx as a provider's deploy.yaml creates it, plus one Running controller pod on `node`. */
export function withNginx(f: Fixture, opts: { provider?: 'kind' | 'cloud' | 'baremetal'; addon?: boolean; node?: string; running?: boolean } = {}): Fixture {
  for (const d of parseManifestText(deployYamlV1(opts.provider ?? 'kind', '1.12.0', opts.addon ?? true), 'test')) {
    const o = d.doc as KubeObject;
    const resource = { Namespace: 'namespaces', Service: 'services', Deployment: 'deployments', IngressClass: 'ingressclasses', ConfigMap: 'configmaps' }[o.kind];
    if (!resource) continue;
    if (o.kind === 'Service') (o.spec as Record<string, unknown>).clusterIP = o.metadata.name === 'ingress-nginx-controller' ? '10.96.50.10' : '10.96.50.11';
    if (o.kind === 'Service' && o.metadata.name === 'ingress-nginx-controller')
      (o.spec as { ports: { nodePort?: number }[] }).ports.forEach((p, i) => (p.nodePort = 30080 + i * 363));
    put(f, resource, o);
  }
  const node = opts.node ?? 'kind-worker';
  put(f, 'pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'ingress-nginx-controller-5bb8fc8958-xrzdn',
      namespace: 'ingress-nginx',
      labels: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' },
    },
    spec: {
      nodeName: node,
      containers: [{ name: 'controller', ports: [{ containerPort: 80, hostPort: 80, name: 'http' }, { containerPort: 443, hostPort: 443, name: 'https' }, { containerPort: 8443, name: 'webhook' }] }],
    },
    status: opts.running === false ? { phase: 'Pending' } : { phase: 'Running', podIP: '10.244.1.9', hostIP: node === 'kind-worker' ? '172.18.0.3' : '172.18.0.4' },
  });
  return f;
}

/** A Service with ports and an EndpointSlice listing `ready` and `notReady` pod IPs. */
export function withService(f: Fixture, name: string, ports: { name?: string; port: number; targetPort: number }[], ready: string[], notReady: string[] = [], ns = 'default'): Fixture {
  put(f, 'services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns },
    spec: { type: 'ClusterIP', clusterIP: '10.96.1.1', selector: { app: name }, ports: ports.map((p) => ({ ...p, protocol: 'TCP' })) },
  });
  put(f, 'endpointslices', {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${name}-abcde`, namespace: ns, labels: { 'kubernetes.io/service-name': name } },
    addressType: 'IPv4',
    endpoints: [...ready.map((ip) => ({ addresses: [ip], conditions: { ready: true } })), ...notReady.map((ip) => ({ addresses: [ip], conditions: { ready: false } }))],
    ports: ports.map((p) => ({ name: p.name ?? '', port: p.targetPort, protocol: 'TCP' })),
  });
  return f;
}

/** Parse one Ingress manifest and store it as admitted (v1 only). */
export function withIngress(f: Fixture, yaml: string): KubeObject {
  const o = parseManifestText(yaml, 'test')[0]!.doc as KubeObject;
  o.metadata.namespace ??= 'default';
  o.status = { loadBalancer: {} };
  return put(f, 'ingresses', o);
}

/** A forward stub: every endpoint answers 200 with its own address, and the requests are recorded. */
export function recorder(): { calls: { ip: string; port: number; req: HttpRequest }[]; forward: (ip: string, port: number, req: HttpRequest) => ConnectResult } {
  const calls: { ip: string; port: number; req: HttpRequest }[] = [];
  return {
    calls,
    forward: (ip, port, req) => {
      calls.push({ ip, port, req });
      const body = `You've hit ${ip}:${port}\n`;
      return { ok: true, response: { status: 200, statusText: 'OK', headers: [['Content-Type', 'text/plain'], ['Content-Length', String(body.length)], ['Date', 'x']], body } };
    },
  };
}

export function get(host: string, path: string, scheme: 'http' | 'https' = 'http'): HttpRequest & { host: string } {
  return { method: 'GET', path, headers: { Host: host, 'User-Agent': 'curl/8.5.0', Accept: '*/*' }, clientIP: '172.18.0.1', scheme, host };
}
