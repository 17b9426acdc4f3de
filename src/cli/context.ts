/**
 * What every command gets: output streams, global flags, and the ways to reach the cluster:
 * - `read()`: no lock and no write. Controllers catch up in memory with whatever time made due (probes,
 *   back-offs, rollouts), so the output shows it; nothing is saved (the next write computes the same
 *   from the same stored state and clock).
 * - `mutate()`: lock, fresh read, change, reconcile, one atomic save; a throw saves nothing.
 * - `mutateOptimistic()`: the same for long simulated programs (exec, ssh, curl): the change runs on a
 *   snapshot without the lock, which is taken only to apply the result (store/optimistic.ts). The change
 *   may run more than once, so it must not print: it returns what to print.
 */
import type { Io } from './io.js';
import type { ClusterState } from '../api/types.js';
import { clockMode, makeEnv, type Env } from '../env.js';
import { FileStore, resolveStatePath, type StateStore } from '../store/store.js';
import { freshCluster } from '../store/bootstrap.js';
import { reconcileAll } from '../controllers/index.js';
import { syncCustomKinds } from '../api/custom-kinds.js';
import { setCustomKindsSource } from '../api/registry.js';
import { realFiles, type HostFiles } from '../util/host-files.js';
import { RawError } from '../api/errors.js';
import { loadKubeconfig, type Kubeconfig } from './kubeconfig.js';

export interface GlobalFlags {
  namespace?: string;
  state?: string;
  /** --context: the kubeconfig context to use instead of the current one. */
  context?: string;
}

export class CommandContext {
  private storeCache?: StateStore;
  private kubeconfigCache?: Kubeconfig;
  private contextChecked = false;
  constructor(
    readonly io: Io,
    readonly globals: GlobalFlags,
    /** A kubectl command that talks to the cluster: the kubeconfig's context must lead to it. */
    readonly needsContext = false,
  ) {
    // Resource names are resolved before the state is read: a custom one needs the CRDs first.
    setCustomKindsSource(() => {
      let loaded: ClusterState | null = null;
      try {
        loaded = this.store.load();
      } catch {
        // An unreadable state is reported by the read that follows, in its words.
      }
      syncCustomKinds(loaded);
    });
  }

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

  /** kube-sim's kubeconfig for this cluster, read once per command (the default's server left out: see config.ts). */
  get kubeconfig(): Kubeconfig {
    return (this.kubeconfigCache ??= loadKubeconfig(this.store.kubeconfig, () => ''));
  }

  /** The context in use: --context, else the kubeconfig's current context ('' when unset). */
  get contextName(): string {
    return this.globals.context || this.kubeconfig.currentContext;
  }

  /**
   * What kubectl answers when the kubeconfig does not lead to the cluster: a context that does not
   * exist, or no context (or one without a cluster), which leaves kubectl at localhost:8080.
   */
  private checkContext(): void {
    if (!this.needsContext || this.contextChecked) return;
    this.contextChecked = true;
    const name = this.contextName;
    const context = name ? this.kubeconfig.contexts.get(name) : undefined;
    if (name && !context) throw new RawError(`Error in configuration: context was not found for specified context: ${name}`);
    if (!context?.cluster || !this.kubeconfig.clusters.has(context.cluster)) {
      throw new RawError('The connection to the server localhost:8080 was refused - did you specify the right host or port?');
    }
  }

  /** Namespace from -n, else the context's namespace, else `default`. */
  get namespace(): string {
    if (this.globals.namespace) return this.globals.namespace;
    this.checkContext();
    return this.kubeconfig.contexts.get(this.contextName)?.namespace || 'default';
  }

  /** True when -n was given explicitly. */
  get namespaceExplicit(): boolean {
    return !!this.globals.namespace;
  }

  get store(): StateStore {
    return (this.storeCache ??=
      this.io.store ??
      new FileStore(resolveStatePath(this.globals.state, this.io.env, this.io.cwd), (m) => this.err(m + '\n'), { lockTimeoutMs: lockTimeout(this.io.env.KUBE_SIM_LOCK_TIMEOUT) }));
  }

  private env(state: ClusterState): Env {
    return makeEnv(state, clockMode(this.io.env), this.io.now);
  }

  private fresh(): ClusterState {
    this.io.onFreshCluster?.();
    return freshCluster({ clock: clockMode(this.io.env), wallNow: this.io.now });
  }

  /** The current cluster for reading (never saved). Creates and saves a fresh cluster if there is none. */
  read(): { state: ClusterState; env: Env } {
    this.checkContext();
    const loaded = this.store.load();
    if (!loaded) return this.mutate(() => undefined).ctx;
    syncCustomKinds(loaded);
    const env = this.env(loaded);
    reconcileAll(loaded, env);
    return { state: loaded, env };
  }

  /** Apply a change under the lock and save it; returns the change's result and the saved state. */
  mutate<T>(change: (state: ClusterState, env: Env) => T): { result: T; ctx: { state: ClusterState; env: Env } } {
    this.checkContext();
    return this.store.transact((current) => this.apply(current, change));
  }

  /**
   * Apply a change computed without the lock (a long simulated program), saving it under the lock if
   * nothing it read changed meanwhile, else running it again. `change` may run more than once.
   */
  mutateOptimistic<T>(change: (state: ClusterState, env: Env) => T): { result: T; ctx: { state: ClusterState; env: Env } } {
    this.checkContext();
    return this.store.transactOptimistic((current) => this.apply(current, change));
  }

  /** Reconcile, change, reconcile: one transaction's work on a freshly loaded (or new) state. */
  private apply<T>(current: ClusterState | null, change: (state: ClusterState, env: Env) => T) {
    const state = current ?? this.fresh();
    syncCustomKinds(state);
    const env = this.env(state);
    const before = stamp(state);
    reconcileAll(state, env);
    const result = change(state, env);
    reconcileAll(state, env);
    return { state, result: { result, ctx: { state, env } }, unchanged: current !== null && stamp(state) === before };
  }

  /** Replace the whole state (reset). */
  replace(state: ClusterState): void {
    this.store.replace(state);
  }
}

/** KUBE_SIM_LOCK_TIMEOUT (seconds) as milliseconds, when set to a number. */
function lockTimeout(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n >= 0 ? n * 1000 : undefined;
}

/**
 * A cheap change detector: every write bumps meta.resourceVersion (objects helpers do it) and every random
 * choice moves meta.rng or a namespace's stream in meta.streams; settings and the clock are compared directly.
 */
function stamp(state: ClusterState): string {
  return `${state.meta.resourceVersion}:${state.meta.rng}:${JSON.stringify(state.meta.streams ?? {})}:${state.meta.virtualNow}:${state.meta.wallOffsetMs}:${JSON.stringify(state.settings)}`;
}
