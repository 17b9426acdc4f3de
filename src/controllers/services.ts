/**
 * The services controllers, in run order. The endpoints, EndpointSlice and mirroring controllers run as
 * one unit that
 * - is skipped outright when nothing changed since it last ran (its own writes included), so the
 *   fixed-point loop's extra rounds and read-only commands cost nothing;
 * - otherwise builds the pod label index once and skips each Service whose inputs (spec, labels, the
 *   selected pods' relevant fields) and live outputs (Endpoints and slices, by resourceVersion) are what
 *   they were after its last sync. Only changed Services are recomputed, even at 10k pods.
 * Then the service (LB) controller.
 */
import type { Controller } from './index.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { ServiceSpec } from '../kinds/service-admit.js';
import { reconcileEndpoints } from './endpoints.js';
import { reconcileSlices, endpointSliceMirroringController, slicesByOwner, SLICE_CONTROLLER } from './endpointslices.js';
import { serviceLBController } from './service-lb.js';
import { QuietTracker, backendsOf, buildPodIndex, selectPods, type Backend } from './service-backends.js';

const NAME = 'endpoint-controllers';
const quiet = new QuietTracker(NAME);

/** 32-bit FNV-1a, hex: a compact fingerprint of a Service's inputs kept in state.memory. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

/** Everything about a Service and its selected pods that the desired Endpoints/slices depend on. */
function inputSignature(svc: KubeObject, pods: KubeObject[]): string {
  const spec = (svc.spec ?? {}) as ServiceSpec;
  const named = (spec.ports ?? []).some((p) => typeof p.targetPort === 'string');
  let text = JSON.stringify([svc.metadata.name, svc.metadata.labels ?? null, spec.selector, spec.ports, spec.clusterIP, spec.publishNotReadyAddresses ?? false]);
  for (const p of pods) {
    const st = (p.status ?? {}) as { podIP?: string; podIPs?: { ip: string }[]; phase?: string; conditions?: { type: string; status: string }[] };
    const sp = (p.spec ?? {}) as { nodeName?: string; hostname?: string; subdomain?: string; containers?: { ports?: unknown }[] };
    const ready = (st.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
    text += `|${p.metadata.uid},${p.metadata.name},${st.podIP ?? st.podIPs?.[0]?.ip ?? ''},${st.phase ?? ''},${ready},${p.metadata.deletionTimestamp ?? ''},${sp.nodeName ?? ''},${sp.hostname ?? ''},${sp.subdomain ?? ''}`;
    if (named) text += JSON.stringify((sp.containers ?? []).map((c) => c.ports ?? null));
  }
  return fnv1a(text);
}

interface Memory {
  seen?: number;
  /** Per Service key: `<input hash>|<live outputs>` after its last sync. */
  sig?: Record<string, string>;
}

export const endpointControllers: Controller = {
  name: NAME,
  reconcile(state: ClusterState, env) {
    if (quiet.quiet(state)) return false;
    const mem = ((state.memory[NAME] as Memory | undefined) ?? {}) as Memory;
    const previous = mem.sig ?? {};
    const index = buildPodIndex(state);
    const services = state.objects.services ?? {};
    const liveOf = (key: string, slices: Map<string, KubeObject[]>) => {
      const ep = state.objects.endpoints?.[key];
      const sl = (slices.get(key) ?? []).map((s) => `${s.metadata.name}:${s.metadata.resourceVersion}`).sort();
      return `${ep?.metadata.resourceVersion ?? '-'}|${sl.join(',')}`;
    };
    const inputs = new Map<string, string>();
    const before = slicesByOwner(state, SLICE_CONTROLLER);
    for (const [key, svc] of Object.entries(services)) {
      const selector = ((svc.spec ?? {}) as ServiceSpec).selector ?? {};
      if (!Object.keys(selector).length) continue;
      inputs.set(key, inputSignature(svc, selectPods(index, svc.metadata.namespace ?? 'default', selector)));
    }
    const unchanged = (key: string) => previous[key] !== undefined && previous[key] === `${inputs.get(key)}|${liveOf(key, before)}`;
    const cache = new Map<KubeObject, Backend[]>();
    const helpers = {
      backends: (svc: KubeObject) => {
        let b = cache.get(svc);
        if (!b) cache.set(svc, (b = backendsOf(index, svc)));
        return b;
      },
      skip: (key: string) => unchanged(key),
    };
    const skipped = new Set([...inputs.keys()].filter(unchanged));
    helpers.skip = (key: string) => skipped.has(key);
    let changed = reconcileEndpoints(state, env, helpers);
    if (reconcileSlices(state, env, helpers)) changed = true;
    if (endpointSliceMirroringController.reconcile(state, env)) changed = true;
    const after = slicesByOwner(state, SLICE_CONTROLLER);
    const sig: Record<string, string> = {};
    for (const [key, input] of inputs) sig[key] = `${input}|${liveOf(key, after)}`;
    state.memory[NAME] = { ...mem, sig };
    quiet.mark(state);
    return changed;
  },
};

export const serviceControllers: Controller[] = [endpointControllers, serviceLBController];
