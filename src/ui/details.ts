/**
 * What the page shows for a selected object, made by the code the CLI uses: a Service's `describe`
 * text and its kube-proxy rules (`proxy rules`, narrowed to its chains), a pod's environment as its
 * containers latched it, its resolv.conf and the state of its readiness probes.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { Probe } from 'kubernetes-types/core/v1.js';
import { getObject, listObjects } from '../api/objects.js';
import { kindByResource } from '../api/registry.js';
import { describeGeneric } from '../printers/describe-generic.js';
import { proxyRules } from '../network/proxy.js';
import { resolvConf } from '../network/dns.js';
import { describeProbe } from '../kinds/pod-describe.js';
import { podSystem } from '../shell/index.js';
import { kubeletMemory } from '../controllers/kubelet-state.js';

/** One titled block of text. */
export interface Section {
  title: string;
  text: string;
}

export interface Details {
  title: string;
  sections: Section[];
}

function describe(resource: string, obj: KubeObject, state: ClusterState, env: Env): string {
  const info = kindByResource(resource);
  return (info.describe ?? describeGeneric)(obj, { now: env.now(), state });
}

/** The lines of a node's rules that concern one Service: its comments and the chains they name. */
export function serviceRules(rules: string, namespace: string, name: string): string {
  const lines = rules.split('\n');
  const mention = new RegExp(`"${namespace}/${name}[": ]`);
  const chains = new Set<string>();
  for (const l of lines) if (mention.test(l)) for (const c of l.match(/KUBE-(?:SVC|SVL|EXT|FW|SEP)-[A-Z2-7]{16}/g) ?? []) chains.add(c);
  const picked = lines.filter((l) => mention.test(l) || [...chains].some((c) => l.includes(c)));
  return picked.length ? picked.join('\n') + '\n' : '';
}

/** Details of `svc:ns/name` or `pod:ns/name`, or undefined when there is no such object. */
export function details(state: ClusterState, env: Env, id: string): Details | undefined {
  const m = /^(svc|pod):([^/]+)\/(.+)$/.exec(id);
  if (!m) return undefined;
  const [, kind, ns, name] = m as unknown as [string, string, string, string];
  if (kind === 'svc') {
    const svc = getObject(state, 'services', ns, name);
    if (!svc) return undefined;
    const node = listObjects(state, 'nodes')[0]?.metadata.name;
    const all = proxyRules(state, env, node);
    const mine = state.settings.proxyMode === 'iptables' ? serviceRules(all, ns, name) : all;
    return {
      title: `service/${name}`,
      sections: [
        { title: `kubectl describe service ${name} -n ${ns}`, text: describe('services', svc, state, env) },
        { title: `kube-proxy rules on ${node} (${state.settings.proxyMode}${state.settings.proxyMode === 'iptables' ? `, the lines of ${ns}/${name}` : ''})`, text: mine || '(no rules: kube-proxy programs nothing for this Service)\n' },
      ],
    };
  }
  const pod = getObject(state, 'pods', ns, name);
  if (!pod) return undefined;
  const spec = (pod.spec ?? {}) as { containers?: { name: string; readinessProbe?: Probe }[] };
  const sections: Section[] = [];
  for (const c of spec.containers ?? []) {
    const vars = podSystem(state, env, pod, c.name).vars;
    const text = Object.keys(vars)
      .sort()
      .map((k) => `${k}=${vars[k]}\n`)
      .join('');
    sections.push({ title: `environment of container ${c.name}`, text });
  }
  sections.push({ title: '/etc/resolv.conf', text: resolvConf(state, pod) });
  sections.push({ title: 'readiness', text: readiness(state, pod, spec.containers ?? []) });
  return { title: `pod/${name}`, sections };
}

/** Each container's readiness probe, whether it passes now, and the kubelet's count of results in a row. */
function readiness(state: ClusterState, pod: KubeObject, containers: { name: string; readinessProbe?: Probe }[]): string {
  const statuses = ((pod.status as { containerStatuses?: { name: string; ready?: boolean }[] } | undefined)?.containerStatuses ?? []);
  const kp = kubeletMemory(state).pods[pod.metadata.uid ?? ''];
  let out = '';
  for (const c of containers) {
    const ready = statuses.find((s) => s.name === c.name)?.ready ?? false;
    out += `${c.name}: ${ready ? 'ready' : 'not ready'}\n`;
    if (!c.readinessProbe) {
      out += '  no readiness probe: ready as soon as it runs\n';
      continue;
    }
    out += `  probe: ${describeProbe(c.readinessProbe)}\n`;
    const progress = kp?.containers[c.name]?.probes.readiness;
    if (progress) out += `  in a row: ${progress.successes} succeeded, ${progress.failures} failed\n`;
  }
  const cond = ((pod.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).find((c) => c.type === 'Ready');
  out += `Ready condition: ${cond?.status ?? 'Unknown'}\n`;
  return out;
}
