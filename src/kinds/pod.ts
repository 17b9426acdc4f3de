/**
 * Pod: `get po` columns as printers.go computes them (READY, STATUS rules, RESTARTS with `(42s ago)`,
 * wide IP/NODE/NOMINATED NODE/READINESS GATES), describe, API defaults and validation.
 */
import type { KindInfo, PrintContext } from '../api/kind.js';
import type { KubeObject } from '../api/types.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ageOf } from './common.js';
import { humanDuration } from '../printers/duration.js';
import { describePod } from './pod-describe.js';
import { defaultPod } from './pod-defaults.js';
import { validatePod } from './pod-validate.js';

/**
 * What `get po` prints of a pod apart from its name, labels and the clock (printers.go printPod): READY,
 * STATUS, the restart count and when the last restart finished, and the wide columns. Absent fields are
 * 0 / `<none>`. The pod digest keeps it (controllers/digests.ts), so a table of 10,000 pods parses no pod.
 */
export interface PodRowFacts {
  ready: string;
  status: string;
  restarts?: number;
  /** When the last restart finished, ms since the epoch. */
  lastRestart?: number;
  ip?: string;
  node?: string;
  nominated?: string;
  gates?: string;
}

/** The row facts of a pod (printers.go printPod), computed from the whole object. */
export function podRowFacts(o: KubeObject): PodRowFacts {
  const pod = o as unknown as Pod;
  const spec = pod.spec;
  const st = pod.status ?? {};
  const containers = spec?.containers ?? [];
  let total = containers.length;
  for (const ic of spec?.initContainers ?? []) if ((ic as { restartPolicy?: string }).restartPolicy === 'Always') total++;
  let readyContainers = 0;
  let restarts = 0;
  let lastRestart = 0;
  let reason: string = st.phase ?? '';
  if (st.reason) reason = st.reason;
  if (st.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';
  const noteRestart = (cs: { restartCount?: number; lastState?: { terminated?: { finishedAt?: string } } }) => {
    restarts += cs.restartCount ?? 0;
    const f = cs.lastState?.terminated?.finishedAt;
    if (f && Date.parse(f) > lastRestart) lastRestart = Date.parse(f);
  };
  let initializing = false;
  // Restartable (sidecar) init containers: their restarts are what count once the pod is initialized.
  const sidecars = new Set((spec?.initContainers ?? []).filter((ic) => (ic as { restartPolicy?: string }).restartPolicy === 'Always').map((ic) => ic.name));
  let sidecarRestarts = 0;
  let sidecarLastRestart = 0;
  const inits = st.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const cs = inits[i]!;
    noteRestart(cs);
    if (sidecars.has(cs.name)) {
      sidecarRestarts += cs.restartCount ?? 0;
      const f = cs.lastState?.terminated?.finishedAt;
      if (f && Date.parse(f) > sidecarLastRestart) sidecarLastRestart = Date.parse(f);
    }
    const t = cs.state?.terminated;
    if (t && t.exitCode === 0) continue;
    if (sidecars.has(cs.name) && cs.started) {
      if (cs.ready) readyContainers++;
      continue;
    }
    if (t) reason = t.reason ? `Init:${t.reason}` : t.signal ? `Init:Signal:${t.signal}` : `Init:ExitCode:${t.exitCode}`;
    else if (cs.state?.waiting?.reason && cs.state.waiting.reason !== 'PodInitializing') reason = `Init:${cs.state.waiting.reason}`;
    else reason = `Init:${i}/${(spec?.initContainers ?? []).length}`;
    initializing = true;
    break;
  }
  const initializedTrue = st.conditions?.some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initializedTrue) {
    restarts = sidecarRestarts;
    lastRestart = sidecarLastRestart;
    let hasRunning = false;
    const statuses = st.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!;
      noteRestart(cs);
      const s = cs.state ?? {};
      if (s.waiting?.reason) reason = s.waiting.reason;
      else if (s.terminated?.reason) reason = s.terminated.reason;
      else if (s.terminated) reason = s.terminated.signal ? `Signal:${s.terminated.signal}` : `ExitCode:${s.terminated.exitCode}`;
      else if (cs.ready && s.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = st.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata?.deletionTimestamp && st.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && st.phase !== 'Succeeded' && st.phase !== 'Failed') reason = 'Terminating';
  const facts: PodRowFacts = { ready: `${readyContainers}/${total}`, status: reason };
  if (restarts) facts.restarts = restarts;
  if (lastRestart) facts.lastRestart = lastRestart;
  const ip = pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP;
  if (ip !== undefined) facts.ip = ip;
  if (pod.spec?.nodeName) facts.node = pod.spec.nodeName;
  if (pod.status?.nominatedNodeName) facts.nominated = pod.status.nominatedNodeName;
  const gates = readinessGates(pod);
  if (gates !== '<none>') facts.gates = gates;
  return facts;
}

/** The RESTARTS cell: the count, with how long ago the last restart finished. */
function restartsText(f: PodRowFacts, now: Date): string {
  const restarts = f.restarts ?? 0;
  return restarts !== 0 && f.lastRestart ? `${restarts} (${humanDuration(now.getTime() - f.lastRestart)} ago)` : String(restarts);
}

/** The STATUS cell, READY counts and RESTARTS of a pod (printers.go printPod). */
export function podRowState(o: KubeObject, now: Date): { ready: string; status: string; restarts: string } {
  const f = podRowFacts(o);
  return { ready: f.ready, status: f.status, restarts: restartsText(f, now) };
}

/** Row facts given with a stand-in object (podRowStub) in place of the pod's own. */
const stubFacts = new WeakMap<KubeObject, PodRowFacts>();

/**
 * A stand-in for a pod in a `get po` table, made from its digest: the metadata a table prints or
 * selects by, and its row facts, so the row is the one the whole pod gives.
 */
export function podRowStub(metadata: { namespace: string; name: string; labels?: Record<string, string>; creationTimestamp?: string }, facts: PodRowFacts): KubeObject {
  const stub = { apiVersion: 'v1', kind: 'Pod', metadata } as KubeObject;
  stubFacts.set(stub, facts);
  return stub;
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (!gates.length) return '<none>';
  const ok = gates.filter((g) => pod.status?.conditions?.some((c) => c.type === g.conditionType && c.status === 'True')).length;
  return `${ok}/${gates.length}`;
}

export const podKind = {
  kind: 'Pod',
  resource: 'pods',
  singular: 'pod',
  shortNames: ['po'],
  group: '',
  version: 'v1',
  namespaced: true,
  subresources: ['status', 'log', 'exec', 'attach', 'portforward', 'proxy', 'binding', 'eviction', 'ephemeralcontainers'],
  categories: ['all'],
  table: {
    columns: [
      { name: 'NAME' },
      { name: 'READY' },
      { name: 'STATUS' },
      { name: 'RESTARTS' },
      { name: 'AGE' },
      { name: 'IP', wide: true },
      { name: 'NODE', wide: true },
      { name: 'NOMINATED NODE', wide: true },
      { name: 'READINESS GATES', wide: true },
    ],
    row(o: KubeObject, ctx: PrintContext) {
      const f = stubFacts.get(o) ?? podRowFacts(o);
      return [o.metadata.name, f.ready, f.status, restartsText(f, ctx.now), ageOf(o, ctx), f.ip ?? '<none>', f.node ?? '<none>', f.nominated ?? '<none>', f.gates ?? '<none>'];
    },
  },
  describe: describePod,
  admit: defaultPod,
  validate: validatePod,
} satisfies KindInfo;
