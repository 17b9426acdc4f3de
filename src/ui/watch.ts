/**
 * The ui's change signal, in one place so it can move to whatever the store offers: it polls the
 * store's load() (the manifest and the state's head; no object is parsed) and compares a stamp of the
 * revision, the random streams, the clock and the settings. On the wall clock it also looks again every
 * few seconds, since probes fire as time passes without any command writing. A snapshot is the state
 * reconciled in memory, as every command reads it; the ui never writes it.
 */
import type { ClusterState } from '../api/types.js';
import type { StateStore } from '../store/store.js';
import { clockMode, makeEnv, type Env } from '../env.js';
import { reconcileAll } from '../controllers/index.js';
import { freshCluster } from '../store/bootstrap.js';

export interface Snapshot {
  state: ClusterState;
  env: Env;
}

export interface WatchOptions {
  /** The process environment (KUBE_SIM_CLOCK). */
  vars: Record<string, string | undefined>;
  now?: () => Date;
  /** How often the store is polled. */
  intervalMs?: number;
  /** On the wall clock, how often a snapshot is taken even when nothing was written. */
  wallRefreshMs?: number;
}

/** What changes whenever a command writes the state (see CommandContext's stamp). */
function stamp(state: ClusterState): string {
  const m = state.meta;
  return `${m.resourceVersion}:${m.rng}:${JSON.stringify(m.streams ?? {})}:${m.virtualNow}:${m.wallOffsetMs}:${JSON.stringify(state.settings)}`;
}

/** The cluster as a command would read it now (reconciled in memory, never saved). */
export function snapshot(store: StateStore, opts: WatchOptions, loaded: ClusterState | null = store.load()): Snapshot {
  const clock = clockMode(opts.vars);
  const state = loaded ?? freshCluster({ clock, wallNow: opts.now });
  const env = makeEnv(state, clock, opts.now);
  reconcileAll(state, env);
  return { state, env };
}

/** Call `onChange` with a fresh snapshot now and whenever the cluster may have changed; returns the stop function. */
export function watchCluster(store: StateStore, opts: WatchOptions, onChange: (s: Snapshot) => void, onError: (e: unknown) => void = () => undefined): () => void {
  let last = '';
  let lastTaken = 0;
  const wall = clockMode(opts.vars) !== 'virtual';
  const tick = () => {
    try {
      const loaded = store.load();
      const now = Date.now();
      const s = loaded ? stamp(loaded) : 'none';
      if (s === last && !(wall && now - lastTaken >= (opts.wallRefreshMs ?? 2000))) return;
      last = s;
      lastTaken = now;
      onChange(snapshot(store, opts, loaded));
    } catch (e) {
      // A state caught mid-rewrite by another process: the next tick reads it whole.
      onError(e);
    }
  };
  tick();
  const timer = setInterval(tick, opts.intervalMs ?? 250);
  return () => clearInterval(timer);
}
