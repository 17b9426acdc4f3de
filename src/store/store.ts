/**
 * Where the cluster lives: a state file (lowdb over an atomic, locked adapter) or memory (tests and the
 * walkthrough runner). A transaction reads fresh under the lock, applies a change, and saves once; if the
 * change throws, nothing is written and the file stays byte-for-byte unchanged.
 */
import { LowSync } from 'lowdb';
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClusterState } from '../api/types.js';
import { StateFileAdapter } from './file-adapter.js';
import { acquireLock } from './lock.js';

export interface StateStore {
  /** Where the state lives, for messages. */
  readonly location: string;
  /** The stored state, or null when there is none yet. No lock: writes are atomic renames. */
  load(): ClusterState | null;
  /** Run `change` on a freshly loaded state under the write lock and save the result. */
  transact<T>(change: (current: ClusterState | null) => TransactionOutcome<T>): T;
}

/** What a change returns: the state to save (unless `unchanged`) and the result for the caller. */
export interface TransactionOutcome<T> {
  state: ClusterState;
  result: T;
  /** Nothing changed: skip the write, so the file stays byte-for-byte as it was. */
  unchanged?: boolean;
}

/** A state file on disk. */
export class FileStore implements StateStore {
  private readonly adapter: StateFileAdapter;
  constructor(
    readonly location: string,
    private readonly warn: (msg: string) => void,
  ) {
    this.adapter = new StateFileAdapter(location);
  }

  load(): ClusterState | null {
    const db = new LowSync<ClusterState | null>(this.adapter as never, null);
    db.read();
    return db.data;
  }

  transact<T>(change: (current: ClusterState | null) => TransactionOutcome<T>): T {
    const lock = acquireLock(this.location, this.warn);
    try {
      const db = new LowSync<ClusterState | null>(this.adapter as never, null);
      db.read();
      const { state, result, unchanged } = change(db.data);
      if (!unchanged) {
        db.data = state;
        db.write();
      }
      return result;
    } finally {
      lock.release();
    }
  }
}

/** An isolated in-memory state (kept serialized, so a failed change leaves it untouched). */
export class MemoryStore implements StateStore {
  readonly location = '<memory>';
  private text: string | null = null;

  constructor(initial?: ClusterState) {
    if (initial) this.text = JSON.stringify(initial);
  }

  load(): ClusterState | null {
    return this.text === null ? null : (JSON.parse(this.text) as ClusterState);
  }

  transact<T>(change: (current: ClusterState | null) => TransactionOutcome<T>): T {
    const { state, result, unchanged } = change(this.load());
    if (!unchanged) this.text = JSON.stringify(state);
    return result;
  }
}

/** The package root (where package.json is), found from this module's location in src/ or dist/. */
export function packageRoot(): string {
  const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
  return resolve(dirname(here), '..', here.includes(`${'/src/'}`) ? '..' : '');
}

/** `--state PATH`, else $KUBE_SIM_STATE, else `state/cluster.json` in the kube-sim package. */
export function resolveStatePath(flag: string | undefined, vars: Record<string, string | undefined>, cwd: string): string {
  if (flag) return resolve(cwd, flag);
  if (vars.KUBE_SIM_STATE) return resolve(cwd, vars.KUBE_SIM_STATE);
  return join(packageRoot(), 'state', 'cluster.json');
}
