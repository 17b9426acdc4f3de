/**
 * What every command gets: output streams, global flags, and the two ways to reach the cluster:
 * `read()` (no lock; controllers catch up in memory and, if time moved them, the result is saved under
 * the lock) and `mutate()` (lock, fresh read, change, reconcile, one atomic save; a throw saves nothing).
 */
import type { Io } from './io.js';
import type { ClusterState } from '../api/types.js';
import { clockMode, makeEnv, type Env } from '../env.js';
import { FileStore, resolveStatePath, type StateStore } from '../store/store.js';
import { freshCluster } from '../store/bootstrap.js';
import { reconcileAll } from '../controllers/index.js';
import { realFiles, type HostFiles } from '../util/host-files.js';

export interface GlobalFlags {
  namespace?: string;
  state?: string;
}

export class CommandContext {
  private storeCache?: StateStore;
  constructor(
    readonly io: Io,
    readonly globals: GlobalFlags,
  ) {}

  out(s: string): void {
    this.io.stdout.write(s);
  }

  err(s: string): void {
    this.io.stderr.write(s);
  }

  /** Host files as this command may use them (a walkthrough's are confined to its directory). */
  get files(): HostFiles {
    return this.io.files ?? realFiles;
  }

  /** Namespace from -n, else `default`. */
  get namespace(): string {
    return this.globals.namespace || 'default';
  }

  /** True when -n was given explicitly. */
  get namespaceExplicit(): boolean {
    return !!this.globals.namespace;
  }

  get store(): StateStore {
    return (this.storeCache ??=
      this.io.store ?? new FileStore(resolveStatePath(this.globals.state, this.io.env, this.io.cwd), (m) => this.err(m + '\n')));
  }

  private env(state: ClusterState): Env {
    return makeEnv(state, clockMode(this.io.env), this.io.now);
  }

  private fresh(): ClusterState {
    return freshCluster({ clock: clockMode(this.io.env), wallNow: this.io.now });
  }

  /** The current cluster for reading. Creates and saves a fresh cluster if there is none. */
  read(): { state: ClusterState; env: Env } {
    const loaded = this.store.load();
    if (loaded) {
      const env = this.env(loaded);
      const before = stamp(loaded);
      reconcileAll(loaded, env);
      // Controllers moved something (time passed, probes fired): persist it so the next command agrees.
      if (before === stamp(loaded)) return { state: loaded, env };
    }
    return this.mutate(() => undefined).ctx;
  }

  /** Apply a change under the lock and save it; returns the change's result and the saved state. */
  mutate<T>(change: (state: ClusterState, env: Env) => T): { result: T; ctx: { state: ClusterState; env: Env } } {
    return this.store.transact((current) => {
      const state = current ?? this.fresh();
      const env = this.env(state);
      const before = stamp(state);
      reconcileAll(state, env);
      const result = change(state, env);
      reconcileAll(state, env);
      return { state, result: { result, ctx: { state, env } }, unchanged: current !== null && stamp(state) === before };
    });
  }

  /** Replace the whole state (reset). */
  replace(state: ClusterState): void {
    this.store.replace(state);
  }
}

/**
 * A cheap change detector: every write bumps meta.resourceVersion (objects helpers do it) and every random
 * choice moves meta.rng or a namespace's stream in meta.streams; settings and the clock are compared directly.
 */
function stamp(state: ClusterState): string {
  return `${state.meta.resourceVersion}:${state.meta.rng}:${JSON.stringify(state.meta.streams ?? {})}:${state.meta.virtualNow}:${state.meta.wallOffsetMs}:${JSON.stringify(state.settings)}`;
}
