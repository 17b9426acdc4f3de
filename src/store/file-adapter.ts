/**
 * The state on disk. PATH (what users name with --state / KUBE_SIM_STATE) is a small manifest: the
 * state's head (format, meta, settings) and, per map shard and per part, the file under `PATH.d/` that
 * holds it (parts.ts, shards.ts). A save (always under the write lock) writes the changed texts under
 * new generation-numbered names, then switches the manifest with one atomic rename (a temp file per
 * process: steno's shared `.tmp` name lets concurrent writers tear each other's files, performance
 * notes §5). A writer killed at any point leaves the old manifest naming the old, complete files, or the
 * new one naming the new files.
 *
 * Nothing a manifest names is ever deleted. Files the new manifest no longer names are *retired*: listed
 * in the manifest with the time they left it, and deleted by a later save once GRACE_MS has passed, so a
 * command that read the previous manifest (readers take no lock) can still read them. Files no manifest
 * names (a writer killed mid-save) are found by listing `PATH.d/` and retired the same way.
 *
 * A full disk neither wedges nor litters the state: a save deletes what has been retired past the grace
 * before it writes (so deleting objects on a full disk can succeed), and a save that fails removes the
 * files it wrote, which no manifest names; the error says the state was not changed.
 *
 * A PATH holding a whole state (the first layout) or a manifest of the first split layout (one part per
 * kind, runtimes in 16 buckets) is still read; the next save converts it.
 */
import { readFileSync, writeFileSync, writeSync, renameSync, mkdirSync, openSync, fsyncSync, fdatasyncSync, closeSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { SyncAdapter } from 'lowdb';
import type { ClusterState } from '../api/types.js';
import { RawError } from '../api/errors.js';
import { isDerivedName, isStoredName, saveParts, type Head, type Layout } from './parts.js';
import { textLength, unreadableText, type MapMeta, type ShardMeta, type StoredText } from './shards.js';
import { errnoText } from '../util/errno-text.js';

/**
 * Files written by a save are flushed (fdatasync) and closed in batches of this many: few enough descriptors
 * open at once for a low `ulimit -n`, many enough that the flushes of one batch overlap in the disk's queue.
 */
const FLUSH_BATCH = 64;

/** Retired files are deleted once they have been out of every manifest this long (ms). */
export const GRACE_MS = 30_000;

/** The manifest stored at PATH. */
export interface Manifest extends Layout {
  kubeSim: 'state-manifest';
  layout: 2;
  /** Bumped by every save; files written by that save carry it in their names. */
  generation: number;
  head: Head;
  /** Files no longer named, with when they left the manifest (ms since the epoch, wall clock). */
  retired: [string, number][];
}

/** The manifest of the first split layout (still read). */
interface ManifestV1 {
  kubeSim: 'state-manifest';
  generation: number;
  head: Head;
  parts: Record<string, string>;
  index?: Record<string, string[]>;
}

/** What PATH holds: nothing yet, a whole state (first layout), or a manifest. */
export type Stored = { kind: 'none' } | { kind: 'whole'; state: ClusterState } | { kind: 'manifest'; manifest: Manifest };

/** The directory beside PATH that holds the part files. */
export const partsDir = (path: string) => `${path}.d`;

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/;

/** lowdb adapter for PATH itself: reads every layout, writes a manifest atomically. */
export class ManifestAdapter implements SyncAdapter<Stored> {
  constructor(
    readonly path: string,
    /** How long retired files are kept (tests shorten it). */
    readonly graceMs = GRACE_MS,
  ) {}

  read(): Stored | null {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
      throw corrupt(this.path, errnoText(e));
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      // Go's words for what is wrong with the text, as the parts' errors say it (no JavaScript parser's).
      throw corrupt(this.path, text.trim() === '' ? 'it is empty' : `it ${unreadableText(text)}`);
    }
    if (isManifestLike(data)) {
      const m = data as Partial<Manifest>;
      if (m.layout === 2) {
        const problem = manifestProblem(m);
        if (problem) throw corrupt(this.path, problem);
        return { kind: 'manifest', manifest: m as Manifest };
      }
      const problem = manifestV1Problem(data);
      if (problem) throw corrupt(this.path, problem);
      return { kind: 'manifest', manifest: fromV1(data as ManifestV1) };
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

/** The first split layout as a layout of this one: one legacy shard per part, the runtime buckets by index. */
function fromV1(m: ManifestV1): Manifest {
  const maps: Record<string, MapMeta> = {};
  const parts: Record<string, ShardMeta> = {};
  const runtime: MapMeta = { scheme: 'legacy', seq: 0, shards: {}, index: {} };
  for (const [name, file] of Object.entries(m.parts)) {
    if (name === 'runtime' || name.startsWith('runtime.')) {
      const uids = m.index?.[name] ?? [];
      runtime.shards[name === 'runtime' ? '*' : name] = { file, bytes: 0, n: uids.length };
      if (name !== 'runtime') runtime.index![name] = uids;
    } else if (name.startsWith('objects.')) maps[name] = { scheme: 'legacy', seq: 0, shards: { '*': { file, bytes: 0, n: 0 } } };
    else parts[name] = { file, bytes: 0, n: 1 };
  }
  if (Object.keys(runtime.shards).length) maps.runtime = runtime;
  return { kubeSim: 'state-manifest', layout: 2, generation: m.generation, head: m.head, maps, parts, retired: [] };
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeDurable(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* not made */
    }
    throw e;
  }
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

/** The buffer stored texts in pieces are assembled in (grown as needed, kept for the next file). */
let scratch = Buffer.alloc(0);

/** Write a stored text to `fd`: a text in pieces is copied piece by piece into one buffer, written at once. */
function writeText(fd: number, text: StoredText): void {
  if (typeof text === 'string') {
    writeFileSync(fd, text);
    return;
  }
  // As many bytes as code units when the text is ASCII (JSON of objects nearly always is); a piece that
  // may not fit (a code unit takes up to 3 bytes in UTF-8) is measured, and the buffer grown for it.
  const length = textLength(text);
  if (scratch.length < length) scratch = Buffer.allocUnsafe(Math.max(length, scratch.length * 2));
  let end = 0;
  let units = 0;
  // Short pieces (the values between a stamped text's shared pieces) are gathered into one string
  // before they are copied: one copy call per few kilobytes rather than per piece.
  let small = '';
  for (const piece of text) {
    if (piece.length < SMALL_PIECE) {
      small += piece;
      if (small.length < SMALL_RUN) continue;
      end = copyPiece(small, end, units, length);
      units += small.length;
      small = '';
      continue;
    }
    if (small) {
      end = copyPiece(small, end, units, length);
      units += small.length;
      small = '';
    }
    end = copyPiece(piece, end, units, length);
    units += piece.length;
  }
  if (small) end = copyPiece(small, end, units, length);
  for (let at = 0; at < end; ) at += writeSync(fd, scratch, at, end - at);
}

/** Pieces shorter than this are gathered (in runs of about SMALL_RUN code units) before being copied. */
const SMALL_PIECE = 256;
const SMALL_RUN = 8192;

/**
 * Copy `piece` into the scratch buffer at byte `end` (growing it when the piece may not fit, with room
 * for the `length - units - piece.length` code units still to come); returns the new end.
 */
function copyPiece(piece: string, end: number, units: number, length: number): number {
  if (end + piece.length * 3 > scratch.length) {
    // This piece's bytes, and the rest of the text's code units.
    const need = end + Buffer.byteLength(piece) + (length - units - piece.length);
    if (need > scratch.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, scratch.length * 2));
      scratch.copy(grown, 0, 0, end);
      scratch = grown;
    }
  }
  return end + scratch.write(piece, end);
}

/** Every file a manifest names. */
export function namedFiles(m: Layout): Set<string> {
  const files = new Set<string>();
  for (const map of Object.values(m.maps)) for (const s of Object.values(map.shards)) files.add(s.file);
  for (const p of Object.values(m.parts)) files.add(p.file);
  return files;
}

/**
 * Save `state` as the next generation after `previous` (null: none yet). Call under the write lock.
 * `layoutOf` turns the state into a layout, writing its new texts through the given writer (saveParts,
 * or an optimistic merge); `headFor` gives the head to store.
 */
export function saveState(
  adapter: ManifestAdapter,
  previous: Manifest | null,
  state: ClusterState,
  layoutOf: (write: (name: string, shard: string | null, text: StoredText, n: number) => ShardMeta) => Layout = (w) => saveParts(state, w),
  headFor: () => Head = () => headClean(state),
): Manifest {
  const path = adapter.path;
  const dir = partsDir(path);
  const generation = (previous?.generation ?? 0) + 1;
  const used = new Set<string>();
  try {
    mkdirSync(dir, { recursive: true });
    // Files out of every manifest for the grace period go first: on a full disk, their space is what this
    // save needs. The current manifest lists them as retired, so no reader started since opens them.
    if (previous) removeFiles(dir, expiredFiles(previous, namedFiles(previous), Date.now(), adapter.graceMs));
  } catch (e) {
    throw saveError(path, e);
  }
  // Every file is written first and made durable together at the end, before the manifest names it:
  // one flush of many files costs a fraction of a flush after each.
  const unsynced: number[] = [];
  const flush = () => {
    for (const fd of unsynced.splice(0)) {
      try {
        fdatasyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  };
  let layout: Layout;
  let wrote = false;
  try {
    layout = layoutOf((name, shard, text, n) => {
      const base = (shard === null ? name : `${name}.${shard}`).replace(/[^A-Za-z0-9._-]/g, '_');
      let file = `${base}.${generation}.json`;
      for (let i = 2; used.has(file); i++) file = `${base}-${i}.${generation}.json`;
      used.add(file);
      const fd = openNew(join(dir, file), flush);
      unsynced.push(fd);
      writeText(fd, text);
      if (unsynced.length >= FLUSH_BATCH) flush();
      return { file, bytes: textLength(text), n };
    });
    flush();
    wrote = true;
  } catch (e) {
    throw saveError(path, e);
  } finally {
    for (const fd of unsynced) closeSync(fd);
    // Under the lock, and named by no manifest: the files of a failed save are nobody's.
    if (!wrote) removeFiles(dir, used);
  }
  const now = Date.now();
  const named = namedFiles(layout);
  // Retire what the previous manifest named and this one does not, and any file no manifest names.
  const retired = new Map<string, number>((previous?.retired ?? []).filter(([f]) => !named.has(f)));
  if (previous) for (const f of namedFiles(previous)) if (!named.has(f) && !retired.has(f)) retired.set(f, now);
  let listed: string[] = [];
  try {
    listed = readdirSync(dir);
  } catch {
    /* nothing to sweep */
  }
  const previousNamed = previous ? namedFiles(previous) : new Set<string>();
  for (const f of listed) {
    if (!FILE_NAME.test(f) || named.has(f) || retired.has(f) || previousNamed.has(f)) continue;
    // A file of a later generation than this save belongs to no finished save: never ours to judge.
    const gen = Number(/\.(\d+)\.json$/.exec(f)?.[1] ?? NaN);
    if (gen > generation) continue;
    retired.set(f, now);
  }
  const expired = expiredFiles({ retired: [...retired] }, named, now, adapter.graceMs);
  for (const f of expired) retired.delete(f);
  const manifest: Manifest = { kubeSim: 'state-manifest', layout: 2, generation, head: structuredClone(headFor()), maps: layout.maps, parts: layout.parts, retired: [...retired] };
  try {
    adapter.write({ kind: 'manifest', manifest });
  } catch (e) {
    removeFiles(dir, used);
    throw saveError(path, e);
  }
  removeFiles(dir, expired);
  return manifest;
}

/**
 * Open a new part file for writing. Descriptors are many while a large save waits to flush them: at the
 * process's limit (EMFILE: macOS allows 256 by default), the written ones are flushed and closed first.
 */
function openNew(file: string, flush: () => void): number {
  try {
    return openSync(file, 'w');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EMFILE') throw e;
    flush();
    return openSync(file, 'w');
  }
}

/** The retired files of `m` out of every manifest for `graceMs` by `now`, and not named by `named`. */
function expiredFiles(m: Pick<Manifest, 'retired'>, named: Set<string>, now: number, graceMs: number): string[] {
  return m.retired.filter(([f, since]) => now - since >= graceMs && !named.has(f)).map(([f]) => f);
}

/** Delete files of the parts directory; one already gone is fine. */
function removeFiles(dir: string, files: Iterable<string>): void {
  for (const f of files) {
    try {
      unlinkSync(join(dir, f));
    } catch {
      /* gone already */
    }
  }
}

/**
 * A save that could not be made (a full disk, a directory made read-only): nothing was switched, so the
 * state is as the command found it. A RawError (ours: a conflict, a part error) passes through.
 */
function saveError(path: string, e: unknown): unknown {
  if (e instanceof RawError || typeof (e as NodeJS.ErrnoException)?.code !== 'string') return e;
  return new RawError(`error: cannot save the kube-sim state "${path}": ${errnoText(e)}\nNothing was changed: the cluster is as it was before this command.`);
}

function headClean(state: ClusterState): Head {
  const head: Record<string, unknown> = {};
  for (const k of Object.keys(state)) if (k !== 'objects' && k !== 'runtime' && k !== 'memory') head[k] = (state as unknown as Record<string, unknown>)[k];
  return head as Head;
}

/** What a stored map or part held, in words: "the pods", "the container runtimes", "the kubelet's memory". */
function partContents(name: string, shard: string | null, meta?: ShardMeta): string {
  const count = meta && meta.n ? `${meta.n} of ` : '';
  if (name.startsWith('objects.')) return `${count}the ${name.slice(8)}`;
  if (name.startsWith('digest.')) return `${count}the digests of the ${name.slice(7)}`;
  if (name.startsWith('index.')) return `the ${name.slice(6).replace('.', ' index by ')}`;
  if (name === 'runtime') return `${meta?.n ? `the files, environment and logs of ${meta.n} pods' containers` : "the pods' container files, environment and logs"}`;
  if (name.startsWith('memory.')) return `the ${name.slice(7)} controller's memory`;
  return shard === null ? name : `${name} shard ${shard}`;
}

/** A part file that is missing or unreadable: the error names it and what it held, and advises restoring. */
export function partError(path: string, file: string, name: string, shard: string | null, meta: ShardMeta | undefined, why: string): RawError {
  const what = partContents(name, shard, meta);
  if (isDerivedName(name)) {
    // Derived from the objects: a missing one is rebuilt (store.ts), so removing a broken one repairs it.
    const from = name.split('.')[1];
    return new RawError(
      `error: the kube-sim state "${path}" cannot be read: ${join(partsDir(path), file)} (${what}) ${why}\n` +
        `It holds only what kube-sim derives from the ${from}: remove that file and the next command rebuilds it.`,
    );
  }
  const need = name.startsWith('objects.') ? `the ${name.slice(8)}` : name === 'runtime' ? "the pods' containers" : `the ${name.slice(name.indexOf('.') + 1)} data`;
  return new RawError(
    `error: the kube-sim state "${path}" cannot be read: ${join(partsDir(path), file)} (${what}) ${why}\n` +
      `Commands that do not need ${need} still work. Restore that file from a backup of the state (copy ${path} and ${partsDir(path)} together); ` +
      `only as a last resort, 'kube-sim reset --state ${path}' starts a fresh cluster there.`,
  );
}

/** The whole state cannot be read (its manifest): restoring comes first, reset last. */
export function corrupt(path: string, why: string): RawError {
  return new RawError(
    `error: the kube-sim state file "${path}" cannot be read: ${why}\n` +
      `It was left untouched. Restore it from a backup (copy ${path} and ${partsDir(path)} together); only as a last resort, 'kube-sim reset --state ${path}' starts a fresh cluster there.`,
  );
}

function isManifestLike(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { kubeSim?: unknown }).kubeSim === 'state-manifest';
}

function metaProblem(label: string, m: unknown): string | undefined {
  const s = m as Partial<ShardMeta>;
  if (typeof s !== 'object' || s === null || typeof s.file !== 'string' || !FILE_NAME.test(s.file)) return `manifest: invalid file name for ${label}`;
  if (typeof s.bytes !== 'number' || typeof s.n !== 'number') return `manifest: invalid size of ${label}`;
  return undefined;
}

function manifestProblem(m: Partial<Manifest>): string | undefined {
  if (typeof m.generation !== 'number' || !Number.isInteger(m.generation) || m.generation < 0) return 'manifest: missing or invalid "generation"';
  if (typeof m.maps !== 'object' || m.maps === null || Array.isArray(m.maps)) return 'manifest: missing or invalid "maps"';
  if (typeof m.parts !== 'object' || m.parts === null || Array.isArray(m.parts)) return 'manifest: missing or invalid "parts"';
  if (!Array.isArray(m.retired)) return 'manifest: missing or invalid "retired"';
  for (const [name, map] of Object.entries(m.maps)) {
    if (!isStoredName(name)) return `manifest: unknown map "${name}"`;
    const mm = map as Partial<MapMeta>;
    if (typeof mm !== 'object' || mm === null || !['hash', 'events', 'suffix', 'legacy'].includes(mm.scheme as string) || typeof mm.seq !== 'number' || typeof mm.shards !== 'object' || mm.shards === null)
      return `manifest: invalid map "${name}"`;
    if (mm.scheme === 'hash' && (typeof mm.bits !== 'number' || mm.bits < 0 || mm.bits > 16)) return `manifest: invalid map "${name}"`;
    for (const [id, s] of Object.entries(mm.shards)) {
      const p = metaProblem(`${name} shard ${id}`, s);
      if (p) return p;
    }
  }
  for (const [name, p] of Object.entries(m.parts)) {
    if (!isStoredName(name)) return `manifest: unknown part "${name}"`;
    const problem = metaProblem(`part "${name}"`, p);
    if (problem) return problem;
  }
  return headProblem(m.head);
}

function manifestV1Problem(data: unknown): string | undefined {
  const m = data as Partial<ManifestV1>;
  if (typeof m.generation !== 'number' || !Number.isInteger(m.generation) || m.generation < 0) return 'manifest: missing or invalid "generation"';
  if (typeof m.parts !== 'object' || m.parts === null || Array.isArray(m.parts)) return 'manifest: missing or invalid "parts"';
  if (m.index !== undefined && (typeof m.index !== 'object' || m.index === null || Object.values(m.index).some((u) => !Array.isArray(u) || u.some((x) => typeof x !== 'string'))))
    return 'manifest: invalid "index"';
  for (const [name, file] of Object.entries(m.parts)) {
    if (!isStoredName(name)) return `manifest: unknown part "${name}"`;
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
  if (s.format === undefined) return 'it is not a kube-sim state (no "format")';
  if (s.format !== 1) return `unknown format ${JSON.stringify(s.format)} (expected 1)`;
  if (typeof s.meta !== 'object' || s.meta === null || typeof s.meta.rng !== 'number' || typeof s.meta.resourceVersion !== 'number')
    return 'missing or invalid "meta"';
  if (typeof s.settings !== 'object' || s.settings === null || typeof s.settings.kubernetesVersion !== 'string')
    return 'missing or invalid "settings"';
  return undefined;
}

/** Check the objects of one kind (a parsed shard's items). */
export function objectsProblem(label: string, items: unknown): string | undefined {
  if (typeof items !== 'object' || items === null || Array.isArray(items)) return `${label} is not a map`;
  for (const key in items) {
    const o = (items as Record<string, { metadata?: { name?: unknown }; kind?: unknown }>)[key];
    if (typeof o !== 'object' || o === null || typeof o.kind !== 'string' || typeof o.metadata?.name !== 'string') return `${label}["${key}"] is not an API object`;
  }
  return undefined;
}
