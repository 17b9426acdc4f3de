/**
 * Where the cluster lives: a state file (lowdb over an atomic, locked adapter) or memory (tests and the
 * walkthrough runner). Both keep the state in parts that are parsed only when touched (parts.ts). A
 * transaction reads fresh under the lock, applies a change, and saves once, writing only changed parts;
 * if the change throws, nothing is written and the stored state stays byte-for-byte unchanged.
 */
import { LowSync } from 'lowdb';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClusterState } from '../api/types.js';
import { ManifestAdapter, openManifest, saveState, corrupt, partsDir, type Manifest, type OpenedState, type Stored } from './file-adapter.js';
import { assemble, diffParts, headOf, partText, type Head, type RuntimeIndex } from './parts.js';
import { acquireLock } from './lock.js';
import { DiskKubeconfig, MemoryKubeconfig, kubeconfigPathFor, type KubeconfigFile } from './kubeconfig-file.js';

export interface StateStore {
  /** Where the state lives, for messages. */
  readonly location: string;
  /** The stored state, or null when there is none yet. No lock: writes are atomic renames. */
  load(): ClusterState | null;
  /** Run `change` on a freshly loaded state under the write lock and save the result. */
  transact<T>(change: (current: ClusterState | null) => TransactionOutcome<T>): T;
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

/** Loads of one store whose unread parts stay open (see FileStore.open). */
const HELD_LOADS = 4;

/** A state file on disk (a manifest naming one file per part: see file-adapter.ts). */
export class FileStore implements StateStore {
  private readonly adapter: ManifestAdapter;
  private readonly held: OpenedState[] = [];
  readonly kubeconfig: KubeconfigFile;
  constructor(
    readonly location: string,
    private readonly warn: (msg: string) => void,
  ) {
    this.adapter = new ManifestAdapter(location);
    this.kubeconfig = new DiskKubeconfig(kubeconfigPathFor(location), warn);
  }

  load(): ClusterState | null {
    return this.open().state;
  }

  transact<T>(change: (current: ClusterState | null) => TransactionOutcome<T>): T {
    const lock = acquireLock(this.location, this.warn);
    try {
      const { state: current, manifest } = this.open();
      const { state, result, unchanged } = change(current);
      if (!unchanged) saveState(this.adapter, manifest, state);
      return result;
    } finally {
      lock.release();
    }
  }

  replace(state: ClusterState): void {
    const lock = acquireLock(this.location, this.warn);
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
    for (let attempt = 0; attempt < 50; attempt++) {
      const stored = this.read();
      if (stored.kind === 'none') return { state: null, manifest: null };
      if (stored.kind === 'whole') return { state: stored.state, manifest: null };
      const opened = openManifest(this.location, stored.manifest);
      // null: a concurrent save replaced a part between our reads of the manifest and of the part.
      if (opened) {
        // Only the last few loads of a store hold descriptors (a command reads, then mutates, and may
        // still read parts of its first state): a long-lived process (serve, a test run) loading in a
        // loop would otherwise run out of them before the garbage collector closes any.
        this.held.push(opened);
        if (this.held.length > HELD_LOADS) this.held.shift()!.release();
        return { state: opened.state, manifest: stored.manifest };
      }
    }
    throw corrupt(this.location, `its parts in ${partsDir(this.location)} keep changing while being read`);
  }
}

/**
 * An isolated in-memory state, kept serialized per part (so a failed change leaves it untouched, and a
 * command parses only the parts it touches).
 */
export class MemoryStore implements StateStore {
  readonly location = '<memory>';
  readonly kubeconfig: KubeconfigFile = new MemoryKubeconfig();
  private head: string | null = null;
  private parts = new Map<string, string>();
  private index: RuntimeIndex = {};

  constructor(initial?: ClusterState) {
    if (initial) this.save(initial);
  }

  load(): ClusterState | null {
    if (this.head === null) return null;
    const parts = this.parts;
    return assemble(JSON.parse(this.head) as Head, [...parts.keys()], this.index, (name) => parts.get(name)!);
  }

  transact<T>(change: (current: ClusterState | null) => TransactionOutcome<T>): T {
    const { state, result, unchanged } = change(this.load());
    if (!unchanged) this.save(state);
    return result;
  }

  replace(state: ClusterState): void {
    this.parts = new Map();
    this.save(state);
  }

  private save(state: ClusterState): void {
    const next = new Map<string, string>();
    const index: RuntimeIndex = {};
    for (const change of diffParts(state)) {
      next.set(change.name, change.text ?? this.parts.get(change.name) ?? partText(state, change));
      if (change.uids) index[change.name] = change.uids;
    }
    this.parts = next;
    this.index = index;
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
