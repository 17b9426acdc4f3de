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

/** The STATUS cell, READY counts and RESTARTS of a pod (printers.go printPod). */
export function podRowState(o: KubeObject, now: Date): { ready: string; status: string; restarts: string } {
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
  const inits = st.initContainerStatuses ?? [];
  inits.forEach((cs, i) => {
    noteRestart(cs);
    const t = cs.state?.terminated;
    if (t && t.exitCode === 0) return;
    if (initializing) return;
    if (t) reason = t.reason ? `Init:${t.reason}` : t.signal ? `Init:Signal:${t.signal}` : `Init:ExitCode:${t.exitCode}`;
    else if (cs.state?.waiting?.reason && cs.state.waiting.reason !== 'PodInitializing') reason = `Init:${cs.state.waiting.reason}`;
    else reason = `Init:${i}/${(spec?.initContainers ?? []).length}`;
    initializing = true;
  });
  const initializedTrue = st.conditions?.some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initializedTrue) {
    // Only restartable (sidecar) init containers count from here on; kube-sim runs none.
    restarts = 0;
    lastRestart = 0;
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
  const restartText = restarts !== 0 && lastRestart ? `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)` : String(restarts);
  return { ready: `${readyContainers}/${total}`, status: reason, restarts: restartText };
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
      const pod = o as unknown as Pod;
      const r = podRowState(o, ctx.now);
      return [
        o.metadata.name,
        r.ready,
        r.status,
        r.restarts,
        ageOf(o, ctx),
        pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP ?? '<none>',
        pod.spec?.nodeName || '<none>',
        pod.status?.nominatedNodeName || '<none>',
        readinessGates(pod),
      ];
    },
  },
  describe: describePod,
  admit: defaultPod,
  validate: validatePod,
} satisfies KindInfo;
