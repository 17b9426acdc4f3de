/** Pod QoS class as the API server computes it (BestEffort / Burstable / Guaranteed). */
import type { KubeObject } from '../api/types.js';
import type { Container } from 'kubernetes-types/core/v1.js';

/** Guaranteed: every container has cpu and memory limits equal to its requests; BestEffort: no requests or limits at all. */
export function qosClass(pod: KubeObject): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const spec = pod.spec as { containers?: Container[]; initContainers?: Container[] } | undefined;
  const all = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = all.length > 0;
  for (const c of all) {
    const req = (c.resources?.requests ?? {}) as Record<string, unknown>;
    const lim = (c.resources?.limits ?? {}) as Record<string, unknown>;
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || String(req[r] ?? lim[r]) !== String(lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
