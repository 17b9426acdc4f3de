/**
 * Where the cluster lives: a state file (lowdb over an atomic, locked adapter) or memory (tests and the
 * walkthrough runner). Both keep the state in parts that are parsed only when touched (parts.ts). A
 * transaction reads fresh under the lock, applies a change, and saves once, writing only changed parts;
 * if the change throws, nothing is written and the stored state stays byte-for-byte unchanged.
 * An optimistic transaction (long simulated programs: exec, ssh, curl) runs its change on a snapshot
 * without the lock and takes the lock only to apply the result (optimistic.ts).
 */
import { LowSync } from 'lowdb';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClusterState } from '../api/types.js';
import { ManifestAdapter, saveState, partError, partsDir, objectsProblem, namedFiles, type Manifest, type Stored } from './file-adapter.js';
import { assemble, isDerivedName, headOf, saveParts, undetectedChanges, type Head, type Layout } from './parts.js';
import { trackerOf } from './tracker.js';
import { acquireLock, type LockOptions } from './lock.js';
import { joinText, textLength, type ShardMeta, type ShardSource } from './shards.js';
import { checkingStamps } from './text-stamps.js';
import { RawError } from '../api/errors.js';
import { errnoText } from '../util/errno-text.js';
import { mergeLayouts, readConflict, type Merge } from './optimistic.js';
import { DiskKubeconfig, MemoryKubeconfig, kubeconfigPathFor, type KubeconfigFile } from './kubeconfig-file.js';

export interface StateStore {
  /** Where the state lives, for messages. */
  readonly location: string;
  /** The stored state, or null when there is none yet. No lock: writes are atomic renames. */
  load(): ClusterState | null;
  /** Run `change` on a freshly loaded state under the write lock and save the result. */
  transact<T>(change: (current: ClusterState | null) => TransactionOutcome<T>): T;
  /**
   * Run `change` on a snapshot without the lock, then, under the lock, apply its result if nothing it
   * read has changed meanwhile; otherwise run it again (at most `attempts` times without the lock, then
   * once under it). Returns the result of the run that was applied.
   */
  transactOptimistic<T>(change: (current: ClusterState | null) => TransactionOutcome<T>, attempts?: number): T;
  /** Store `state` in place of whatever is there, readable or not (reset). */
  replace(state: ClusterState): void;
  /** kube-sim's kubeconfig for this cluster (contexts and their namespaces; see kubeconfig-file.ts). */
  readonly kubeconfig: KubeconfigFile;
}

/** What a change returns: the state to save (unless `unchanged`) and the result for the caller. */
export interface TransactionOutcome<T> {
  state: ClusterState;
  result: T;
  /** Nothing changed: skip the write, so the file stays byte-for-byte as it was. */
  unchanged?: boolean;
}

/** Optimistic runs made without the lock before the last one, which holds it. */
const OPTIMISTIC_ATTEMPTS = 3;

export interface FileStoreOptions {
  /** How long to wait for another process's lock before giving up (ms). */
  lockTimeoutMs?: number;
  /** How long files no manifest names are kept before a save deletes them (ms; file-adapter.ts). */
  graceMs?: number;
  /** Told of every shard or part read (diagnostics and tests of what a command costs). */
  onRead?: (name: string, shard: string | null) => void;
}

/** A state file on disk (a manifest naming one file per shard and part: see file-adapter.ts). */
export class FileStore implements StateStore {
  private readonly adapter: ManifestAdapter;
  readonly kubeconfig: KubeconfigFile;
  constructor(
    readonly location: string,
    private readonly warn: (msg: string) => void,
    private readonly options: FileStoreOptions = {},
  ) {
    this.adapter = new ManifestAdapter(location, options.graceMs);
    this.kubeconfig = new DiskKubeconfig(kubeconfigPathFor(location), warn);
  }

  load(): ClusterState | null {
    return this.open().state;
  }

  /**
   * Whether the transaction under way already said whom it waits for (an optimistic one may lock more
   * than once); reset by each transaction, as one store serves a long-lived server's many requests.
   */
  private waited = false;

  private lock() {
    const opts: LockOptions = {};
    if (this.options.lockTimeoutMs !== undefined) opts.timeoutMs = this.options.lockTimeoutMs;
    return acquireLock(
      this.location,
      (msg) => {
        if (msg.startsWith('kube-sim: waiting for ')) {
          if (this.waited) return;
          this.waited = true;
        }
        this.warn(msg);
      },
      opts,
    );
  }

  transact<T>(change: (current: ClusterState | null) => TransactionOutcome<T>): T {
    this.waited = false;
    return this.locked(change);
  }

  /** Lock, read fresh, change, save. */
  private locked<T>(change: (current: ClusterState | null) => TransactionOutcome<T>): T {
    const lock = this.lock();
    try {
      const { state: current, manifest } = this.open();
      const { state, result, unchanged } = change(current);
      if (!unchanged) saveState(this.adapter, manifest, state);
      return result;
    } finally {
      lock.release();
    }
  }

  transactOptimistic<T>(change: (current: ClusterState | null) => TransactionOutcome<T>, attempts = OPTIMISTIC_ATTEMPTS): T {
    this.waited = false;
    for (let i = 0; i < attempts; i++) {
      const { state: current, manifest: base } = this.open();
      // Nothing stored yet, or an older layout (whose first save converts it): run under the lock.
      if (!current || !base || base.retired === undefined || Object.values(base.maps).some((m) => m.scheme === 'legacy')) break;
      const { state, result, unchanged } = change(current);
      if (unchanged) return result;
      const lock = this.lock();
      try {
        const now = this.read();
        if (now.kind !== 'manifest') break;
        if (now.manifest.generation === base.generation) {
          saveState(this.adapter, base, state);
          return result;
        }
        if (readConflict(state, base, now.manifest)) continue;
        if (this.saveMerged(base, now.manifest, state)) return result;
      } finally {
        lock.release();
      }
    }
    return this.locked(change);
  }

  /** Save `state` (run on `base`) merged onto `current`; false when they conflict (nothing is switched). */
  private saveMerged(base: Manifest, current: Manifest, state: ClusterState): boolean {
    let merged: Merge | null = null;
    try {
      saveState(
        this.adapter,
        current,
        state,
        (write) => {
          merged = mergeLayouts(state, base, saveParts(state, write), current);
          if (!merged) throw CONFLICT;
          return merged.layout;
        },
        () => merged!.head,
      );
      return true;
    } catch (e) {
      if (e === CONFLICT) return false;
      throw e;
    }
  }

  replace(state: ClusterState): void {
    this.waited = false;
    const lock = this.lock();
    try {
      // The stored state may be unreadable (that is what reset is for): only its generation matters.
      let previous: Manifest | null = null;
      try {
        const stored = this.read();
        if (stored.kind === 'manifest') previous = stored.manifest;
      } catch {
        /* replaced wholesale */
      }
      saveState(this.adapter, previous, state);
    } finally {
      lock.release();
    }
  }

  private read(): Stored {
    const db = new LowSync<Stored>(this.adapter, { kind: 'none' });
    db.read();
    return db.data;
  }

  /** The stored state (lazy parts) and the manifest it came from. */
  private open(): { state: ClusterState | null; manifest: Manifest | null } {
    const stored = this.read();
    if (stored.kind === 'none') return { state: null, manifest: null };
    if (stored.kind === 'whole') return { state: stored.state, manifest: null };
    const manifest = stored.manifest;
    return { state: assemble(structuredClone(manifest.head), withoutLostDerivedMaps(manifest, partsDir(this.location)), this.source(manifest)), manifest };
  }

  /** How an assembled state reads its files, and the errors for missing or broken ones. */
  private source(manifest: Manifest): ShardSource {
    const path = this.location;
    const dir = partsDir(path);
    return {
      read: (name, shard, meta) => {
        this.options.onRead?.(name, shard);
        try {
          return readFileSync(join(dir, meta.file), 'utf8');
        } catch (e) {
          const err = e as NodeJS.ErrnoException;
          if (err.code !== 'ENOENT') throw partError(path, meta.file, name, shard, meta, `cannot be read: ${errnoText(err)}`);
          // Gone: retired by saves since this command read the manifest, or really missing.
          let still = true;
          try {
            const now = this.read();
            still = now.kind === 'manifest' && (now.manifest.generation === manifest.generation || namedFiles(now.manifest).has(meta.file));
          } catch {
            /* judge by what we have */
          }
          if (!still) throw new RawError(`error: the kube-sim state "${path}" was changed by other commands while this one ran (${meta.file} was replaced); run it again`);
          throw partError(path, meta.file, name, shard, meta, 'is missing');
        }
      },
      fail: (name, shard, meta, why) => partError(path, meta.file, name, shard, meta, why),
      check: (name, items) => (name.startsWith('objects.') ? objectsProblem(name, items) : undefined),
    };
  }
}

const CONFLICT = new Error('optimistic conflict');

/**
 * The layout to assemble: without a derived map (digests, an index) one of whose files is gone, as if
 * an older version had stored none, so the command rebuilds it from the objects and its save stores it
 * again. A few stat calls; the objects' own files are never skipped (their loss is an error).
 */
function withoutLostDerivedMaps(manifest: Manifest, dir: string): Manifest {
  const lost = Object.entries(manifest.maps).filter(([name, m]) => isDerivedName(name) && Object.values(m.shards).some((s) => !existsSync(join(dir, s.file))));
  if (!lost.length) return manifest;
  const maps = { ...manifest.maps };
  for (const [name] of lost) delete maps[name];
  return { ...manifest, maps };
}

/**
 * An isolated in-memory state, kept serialized per shard (so a failed change leaves it untouched, and a
 * command parses only the shards it touches). Under vitest a save also checks that every change was
 * found by the change tracker (an object mutated without a resourceVersion bump would be lost by the
 * file store): such a change is an error there.
 */
export class MemoryStore implements StateStore {
  readonly location = '<memory>';
  readonly kubeconfig: KubeconfigFile = new MemoryKubeconfig();
  private head: string | null = null;
  private layout: Layout = { maps: {}, parts: {} };
  private files = new Map<string, string>();
  private counter = 0;
  private readonly verify: boolean;

  constructor(initial?: ClusterState, opts: { verify?: boolean } = {}) {
    this.verify = opts.verify ?? (typeof process !== 'undefined' && !!process.env.VITEST);
    if (initial) this.save(initial);
  }

  load(): ClusterState | null {
    if (this.head === null) return null;
    const files = this.files;
    const source: ShardSource = {
      read: (_name, _shard, meta: ShardMeta) => files.get(meta.file)!,
      fail: (name, shard, _meta, why) => new Error(`in-memory state: ${name}${shard === null ? '' : ` shard ${shard}`} ${why}`),
    };
    return assemble(JSON.parse(this.head) as Head, this.layout, source);
  }

  transact<T>(change: (current: ClusterState | null) => TransactionOutcome<T>): T {
    const { state, result, unchanged } = change(this.load());
    if (!unchanged) this.save(state);
    return result;
  }

  transactOptimistic<T>(change: (current: ClusterState | null) => TransactionOutcome<T>): T {
    return this.transact(change);
  }

  replace(state: ClusterState): void {
    this.save(state);
  }

  private save(state: ClusterState): void {
    const missed = undetectedChanges(state);
    if (missed.length) {
      if (this.verify) throw new Error(`kube-sim store: objects changed without a resourceVersion bump (the file store would lose them): ${missed.slice(0, 5).join(', ')}`);
      const tracker = trackerOf(state);
      for (const m of missed) {
        const [name, ...rest] = m.split('/');
        const resource = name!.slice('objects.'.length);
        let keys = tracker.sinceLoad.get(resource);
        if (!keys) tracker.sinceLoad.set(resource, (keys = new Set()));
        keys.add(rest.join('/'));
      }
    }
    const files = new Map<string, string>();
    const gen = ++this.counter;
    // Under test, every stamped text used is checked against the object's JSON (text-stamps.ts).
    const layout = checkingStamps(this.verify, () =>
      saveParts(state, (name, shard, text, n) => {
        const file = `${name}${shard === null ? '' : `.${shard}`}.${gen}`;
        files.set(file, joinText(text));
        return { file, bytes: textLength(text), n };
      }),
    );
    // Keep the texts the new layout still names from earlier saves.
    for (const f of namedFiles(layout)) if (!files.has(f)) files.set(f, this.files.get(f)!);
    this.files = files;
    this.layout = layout;
    this.head = JSON.stringify(headOf(state));
  }
}

/** The package root (where package.json is), found from this module's location in src/ or dist/. */
export function packageRoot(): string {
  const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
  return resolve(dirname(here), '..', here.includes(`${'/src/'}`) ? '..' : '');
}

/**
 * `--state PATH`, else $KUBE_SIM_STATE, else `kube-sim/cluster.json` in the user's state directory
 * ($XDG_STATE_HOME, else ~/.local/state, as the XDG base directory spec says). Never inside the package:
 * a global install is shared by every user, may be read-only, and is replaced by the next install.
 */
export function resolveStatePath(flag: string | undefined, vars: Record<string, string | undefined>, cwd: string): string {
  if (flag) return resolve(cwd, flag);
  if (vars.KUBE_SIM_STATE) return resolve(cwd, vars.KUBE_SIM_STATE);
  // The spec says a relative XDG_STATE_HOME is invalid and must be ignored.
  const xdg = vars.XDG_STATE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(vars.HOME || homedir(), '.local', 'state');
  return join(base, 'kube-sim', 'cluster.json');
}
