/**
 * In-process cost of the controller loop on a large state (bundled and run by bench/run.mjs): the read
 * path with nothing changed or due, and a full round to the fixed point after one pod or one Service
 * changed, with the time of each controller. Costs that grow with what changed (or with one pass over
 * an index) stay in milliseconds at 10k pods; a services × pods scan would not.
 */
import { FileStore } from '../src/store/store.js';
import { materialize } from '../src/store/parts.js';
import { reconcileAll } from '../src/controllers/index.js';
import { controllers } from '../src/controllers/list.js';
import { makeEnv } from '../src/env.js';
import type { ClusterState, KubeObject } from '../src/api/types.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface ControllerCost {
  label: string;
  ms: number;
  /** The controllers that took the most time in that round, "name ms". */
  top: string[];
}

function touch(state: ClusterState, obj: KubeObject, i: number): void {
  obj.metadata.labels = { ...obj.metadata.labels, 'bench-touch': String(i) };
  state.meta.resourceVersion += 1;
  obj.metadata.resourceVersion = String(state.meta.resourceVersion);
}

export function measure(path: string, rounds = 5): ControllerCost[] {
  const state = materialize(new FileStore(path, () => undefined).load()!);
  const env = makeEnv(state, 'virtual');
  const spent = new Map<string, number>();
  for (const c of controllers) {
    const inner = c.reconcile.bind(c);
    c.reconcile = (s, e) => {
      const t0 = performance.now();
      try {
        return inner(s, e);
      } finally {
        spent.set(c.name, (spent.get(c.name) ?? 0) + performance.now() - t0);
      }
    };
  }
  reconcileAll(state, env);
  const run = (label: string, change: (i: number) => void): ControllerCost => {
    const times: number[] = [];
    spent.clear();
    for (let i = 0; i < rounds; i++) {
      change(i);
      const t0 = performance.now();
      reconcileAll(state, env);
      times.push(performance.now() - t0);
    }
    const top = [...spent].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([n, ms]) => `${n} ${(ms / rounds).toFixed(1)} ms`);
    return { label, ms: median(times), top };
  };
  const pods = Object.values(state.objects.pods ?? {});
  const services = Object.values(state.objects.services ?? {});
  return [
    run('controllers, nothing changed or due (every read)', () => undefined),
    run('controllers, one pod changed (round to fixed point)', (i) => touch(state, pods[(i * 997) % pods.length]!, i)),
    run('controllers, one Service changed (round to fixed point)', (i) => touch(state, services[(i * 97) % services.length]!, i)),
  ];
}
