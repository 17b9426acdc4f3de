/**
 * The state on disk. PATH (what users name with --state / KUBE_SIM_STATE) is a small manifest: the
 * state's head (format, meta, settings) and, per part, the file under `PATH.d/` that holds it. A save
 * writes the changed parts under new generation-numbered names, then switches the manifest with one
 * atomic rename (per-process temp file: steno's shared `.tmp` name lets concurrent writers tear each
 * other's files, performance notes §5), then deletes the parts no longer named. A writer killed at any
 * point leaves the old manifest naming the old, complete parts, or the new one naming the new parts.
 * A reader opens every part file of the manifest it read at once, so a part deleted by a later save
 * stays readable through its open descriptor (POSIX) until the reader parses it.
 * A PATH holding a whole state (the first layout) is still read; the next save splits it.
 */
import { readFileSync, writeFileSync, renameSync, mkdirSync, openSync, fsyncSync, closeSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { SyncAdapter } from 'lowdb';
import type { ClusterState } from '../api/types.js';
import { RawError } from '../api/errors.js';
import { assemble, diffParts, headOf, isPartName, partText, type Head, type RuntimeIndex } from './parts.js';

/** The manifest stored at PATH. */
export interface Manifest {
  kubeSim: 'state-manifest';
  /** Bumped by every save; part files written by that save carry it in their names. */
  generation: number;
  head: Head;
  /** Part name → file name inside `PATH.d/`. */
  parts: Record<string, string>;
  /** Runtime part name → the pod uids it holds. */
  index?: RuntimeIndex;
}

/** What PATH holds: nothing yet, a whole state (first layout), or a manifest. */
export type Stored = { kind: 'none' } | { kind: 'whole'; state: ClusterState } | { kind: 'manifest'; manifest: Manifest };

/** The directory beside PATH that holds the part files. */
export const partsDir = (path: string) => `${path}.d`;

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/;

/** lowdb adapter for PATH itself: reads either layout, writes a manifest atomically. */
export class ManifestAdapter implements SyncAdapter<Stored> {
  constructor(readonly path: string) {}

  read(): Stored | null {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
      throw corrupt(this.path, (e as Error).message);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw corrupt(this.path, (e as Error).message);
    }
    if (isManifestLike(data)) {
      const problem = manifestProblem(data);
      if (problem) throw corrupt(this.path, problem);
      return { kind: 'manifest', manifest: data as Manifest };
    }
    const problem = shapeProblem(data);
    if (problem) throw corrupt(this.path, problem);
    return { kind: 'whole', state: data as ClusterState };
  }

  write(data: Stored): void {
    if (data.kind !== 'manifest') throw new Error('only a manifest is written to the state path');
    writeAtomic(this.path, JSON.stringify(data.manifest));
  }
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeDurable(tmp, text);
  renameSync(tmp, path);
}

function writeDurable(path: string, text: string): void {
  const fd = openSync(path, 'w');
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Closes the descriptors of parts never parsed once nothing can parse them any more. The registry's
 * target is the map every lazy getter of a load reads its descriptor from, so it outlives any object of
 * that state still holding a getter; the held value is the set of descriptors not yet read.
 */
const unread = new FinalizationRegistry<Set<number>>((pending) => {
  for (const fd of pending) {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
  }
});

/** A lazily read state and how to let go of the descriptors it still holds. */
export interface OpenedState {
  state: ClusterState;
  /**
   * Close the descriptors of parts not parsed yet; they are then read by name (part files never
   * change once a manifest names them), which fails only if a later save has deleted them meanwhile.
   */
  release(): void;
}

/**
 * Open every part the manifest names and assemble a lazy state over the descriptors. Returns null when
 * a part vanished between reading the manifest and opening it (a concurrent save): read again.
 */
export function openManifest(path: string, manifest: Manifest): OpenedState | null {
  const dir = partsDir(path);
  const open = new Map<string, number>();
  for (const [name, file] of Object.entries(manifest.parts)) {
    try {
      open.set(name, openSync(join(dir, file), 'r'));
    } catch (e) {
      for (const fd of open.values()) closeSync(fd);
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw corrupt(path, `${join(dir, file)}: ${(e as Error).message}`);
    }
  }
  const pending = new Set(open.values());
  unread.register(open, pending);
  const fileOf = (name: string) => join(dir, manifest.parts[name]!);
  const state = assemble(
    structuredClone(manifest.head),
    Object.keys(manifest.parts),
    manifest.index ?? {},
    (name) => {
      const fd = open.get(name);
      if (fd === undefined) {
        try {
          return readFileSync(fileOf(name), 'utf8');
        } catch (e) {
          const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'replaced by another kube-sim command while this one ran; run it again' : (e as Error).message;
          throw corrupt(path, `${fileOf(name)}: ${why}`);
        }
      }
      open.delete(name);
      pending.delete(fd);
      try {
        return readFileSync(fd, 'utf8');
      } catch (e) {
        throw corrupt(path, `${fileOf(name)}: ${(e as Error).message}`);
      } finally {
        closeSync(fd);
      }
    },
    (name, text) => {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        throw corrupt(path, `${fileOf(name)}: ${(e as Error).message}`);
      }
      const problem = partProblem(name, value);
      if (problem) throw corrupt(path, `${fileOf(name)}: ${problem}`);
      return value;
    },
  );
  return {
    state,
    release() {
      for (const fd of pending) closeSync(fd);
      pending.clear();
      open.clear();
    },
  };
}

/**
 * Save `state` as the next generation after `previous` (null: none yet): write the changed parts, switch
 * the manifest, delete part files no longer named. Call under the write lock.
 */
export function saveState(adapter: ManifestAdapter, previous: Manifest | null, state: ClusterState): void {
  const path = adapter.path;
  const dir = partsDir(path);
  mkdirSync(dir, { recursive: true });
  const generation = (previous?.generation ?? 0) + 1;
  const parts: Record<string, string> = {};
  const index: RuntimeIndex = {};
  const used = new Set<string>();
  for (const change of diffParts(state)) {
    const { name, text } = change;
    if (change.uids) index[name] = change.uids;
    const old = previous?.parts[name];
    if (text === null && old) {
      parts[name] = old;
      used.add(old);
      continue;
    }
    let file = `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.${generation}.json`;
    for (let i = 2; used.has(file); i++) file = `${name.replace(/[^A-Za-z0-9._-]/g, '_')}-${i}.${generation}.json`;
    used.add(file);
    // An unchanged part without a stored file (cannot happen for a state loaded here) is written anyway.
    writeDurable(join(dir, file), text ?? partText(state, change));
    parts[name] = file;
  }
  adapter.write({ kind: 'manifest', manifest: { kubeSim: 'state-manifest', generation, head: headOf(state), parts, index } });
  for (const f of readdirSync(dir)) {
    if (used.has(f)) continue;
    try {
      unlinkSync(join(dir, f));
    } catch {
      /* gone already */
    }
  }
}

export function corrupt(path: string, why: string): RawError {
  return new RawError(
    `error: the kube-sim state file "${path}" cannot be read: ${why}\n` +
      `It was left untouched. Run 'kube-sim reset --state ${path}' to start a fresh cluster there, or restore the file.`,
  );
}

function isManifestLike(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { kubeSim?: unknown }).kubeSim === 'state-manifest';
}

function manifestProblem(data: unknown): string | undefined {
  const m = data as Partial<Manifest>;
  if (typeof m.generation !== 'number' || !Number.isInteger(m.generation) || m.generation < 0) return 'manifest: missing or invalid "generation"';
  if (typeof m.parts !== 'object' || m.parts === null || Array.isArray(m.parts)) return 'manifest: missing or invalid "parts"';
  if (m.index !== undefined && (typeof m.index !== 'object' || m.index === null || Object.values(m.index).some((u) => !Array.isArray(u) || u.some((x) => typeof x !== 'string'))))
    return 'manifest: invalid "index"';
  for (const [name, file] of Object.entries(m.parts)) {
    if (!isPartName(name)) return `manifest: unknown part "${name}"`;
    if (typeof file !== 'string' || !FILE_NAME.test(file)) return `manifest: invalid file name for part "${name}"`;
  }
  return headProblem(m.head);
}

/** A light structural check of a parsed whole state: enough to refuse a file edited into nonsense. */
export function shapeProblem(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'not a JSON object';
  const s = data as Partial<ClusterState>;
  const head = headProblem(data);
  if (head) return head;
  if (typeof s.objects !== 'object' || s.objects === null || Array.isArray(s.objects)) return 'missing or invalid "objects"';
  for (const [resource, items] of Object.entries(s.objects)) {
    const p = objectsProblem(`objects.${resource}`, items);
    if (p) return p;
  }
  if (typeof s.runtime !== 'object' || s.runtime === null) return 'missing or invalid "runtime"';
  if (typeof s.memory !== 'object' || s.memory === null) return 'missing or invalid "memory"';
  return undefined;
}

function headProblem(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'not a JSON object';
  const s = data as Partial<ClusterState>;
  if (s.format !== 1) return `unknown format ${JSON.stringify(s.format)} (expected 1)`;
  if (typeof s.meta !== 'object' || s.meta === null || typeof s.meta.rng !== 'number' || typeof s.meta.resourceVersion !== 'number')
    return 'missing or invalid "meta"';
  if (typeof s.settings !== 'object' || s.settings === null || typeof s.settings.kubernetesVersion !== 'string')
    return 'missing or invalid "settings"';
  return undefined;
}

function objectsProblem(label: string, items: unknown): string | undefined {
  if (typeof items !== 'object' || items === null || Array.isArray(items)) return `${label} is not a map`;
  for (const key in items) {
    const o = (items as Record<string, { metadata?: { name?: unknown }; kind?: unknown }>)[key];
    if (typeof o !== 'object' || o === null || typeof o.kind !== 'string' || typeof o.metadata?.name !== 'string') return `${label}["${key}"] is not an API object`;
  }
  return undefined;
}

/** Check one parsed part. */
export function partProblem(name: string, value: unknown): string | undefined {
  if (name.startsWith('objects.')) return objectsProblem(name, value);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${name} is not a JSON object`;
  return undefined;
}
