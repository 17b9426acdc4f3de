/**
 * The state as separately stored parts, so a command parses only what it touches (`get svc` at 10k pods
 * must not parse the pods: performance notes §3, §6). A state is a small head (format, meta, settings)
 * plus one part per object kind (`objects.pods`), one per memory subsystem (`memory.kubelet`), and the
 * container runtimes in RUNTIME_BUCKETS parts by pod uid (`runtime.3`), with an index of the uids in
 * each, because one pod's runtime is all an `exec` needs and all runtimes are tens of MB at scale.
 * Both stores assemble a state whose parts are lazy properties: the first access parses the part and
 * turns it into a plain data property, so product code sees ordinary JSON objects. On save only parts
 * that were touched and whose JSON text differs are written.
 */
import type { ClusterState } from '../api/types.js';

/** Everything of the state except its parts. */
export type Head = Omit<ClusterState, 'objects' | 'runtime' | 'memory'>;

const OBJECTS = 'objects.';
const MEMORY = 'memory.';
const RUNTIME = 'runtime.';
/** The single runtime part of the first split layout (still read). */
const RUNTIME_WHOLE = 'runtime';
export const RUNTIME_BUCKETS = 16;

/** Pod uids in each runtime part, by part name. */
export type RuntimeIndex = Record<string, string[]>;

/** What a lazily assembled state was built from: the holders its lazy properties live on and the parts' texts as read. */
interface Origin {
  objects: Record<string, unknown>;
  memory: Record<string, unknown>;
  state: ClusterState;
  /** The runtime map assembled for the state, once built. */
  runtime?: Record<string, unknown>;
  /** Part names present when loaded, in order. */
  names: Set<string>;
  index: RuntimeIndex;
  /** Text of each part as loaded (set when the part was parsed). */
  texts: Map<string, string>;
}

const origins = new WeakMap<ClusterState, Origin>();

/** The runtime part that holds pod `uid`. */
export function runtimePart(uid: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < uid.length; i++) h = Math.imul(h ^ uid.charCodeAt(i), 0x01000193);
  return RUNTIME + ((h >>> 0) % RUNTIME_BUCKETS);
}

/** Split a state into its head and its part names (in state order). Does not touch lazy parts. */
export function headOf(state: ClusterState): Head {
  // Not a rest destructuring: that would read (and so parse) the lazy `runtime`.
  const head: Record<string, unknown> = {};
  for (const k of Object.keys(state)) if (k !== 'objects' && k !== 'runtime' && k !== 'memory') head[k] = (state as unknown as Record<string, unknown>)[k];
  return head as Head;
}

/** Where an object or memory part lives: the holder object and its key. */
function slot(state: ClusterState, name: string): [Record<string, unknown>, string] {
  if (name.startsWith(OBJECTS)) return [state.objects as Record<string, unknown>, name.slice(OBJECTS.length)];
  if (name.startsWith(MEMORY)) return [state.memory, name.slice(MEMORY.length)];
  throw new Error(`unknown state part "${name}"`);
}

/** True when `name` is a part name this layout knows. */
export function isPartName(name: string): boolean {
  return name === RUNTIME_WHOLE || /^runtime\.\d+$/.test(name) || ((name.startsWith(OBJECTS) || name.startsWith(MEMORY)) && name.length > 7);
}

function dataProperty(holder: object, key: string, value: unknown): void {
  Object.defineProperty(holder, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Assemble a state from its head and named parts; `read(name)` returns a part's JSON text and is called
 * at most once, on first access; `decode(name, text)` parses it and may throw to refuse it. `index`
 * names the pod uids in each runtime part.
 */
export function assemble(head: Head, names: string[], index: RuntimeIndex, read: (name: string) => string, decode: (name: string, text: string) => unknown = (_n, t) => JSON.parse(t)): ClusterState {
  const state = { ...head, objects: {}, runtime: {}, memory: {} } as ClusterState;
  const origin: Origin = { objects: state.objects, memory: state.memory, state, names: new Set(names), index, texts: new Map() };
  const parse = (name: string) => {
    const text = read(name);
    const value = decode(name, text);
    origin.texts.set(name, text);
    return value;
  };
  const buckets: string[] = [];
  for (const name of names) {
    if (name === RUNTIME_WHOLE || name.startsWith(RUNTIME)) {
      buckets.push(name);
      continue;
    }
    const [holder, key] = slot(state, name);
    Object.defineProperty(holder, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = parse(name);
        dataProperty(holder, key, value);
        return value;
      },
      set: (value: unknown) => dataProperty(holder, key, value),
    });
  }
  // The runtime map: built on first access with one lazy property per pod uid; reading any uid of a
  // part parses that part only.
  Object.defineProperty(state, 'runtime', {
    enumerable: true,
    configurable: true,
    get() {
      const runtime: Record<string, unknown> = {};
      const loaded = new Set<string>();
      const load = (name: string) => {
        if (loaded.has(name)) return;
        loaded.add(name);
        const value = parse(name) as Record<string, unknown>;
        if (name === RUNTIME_WHOLE) {
          for (const [uid, rt] of Object.entries(value)) dataProperty(runtime, uid, rt);
          return;
        }
        // Only uids still lazy: one set or deleted meanwhile keeps what the command did to it.
        for (const uid of index[name] ?? []) {
          if (!Object.getOwnPropertyDescriptor(runtime, uid)?.get) continue;
          if (uid in value) dataProperty(runtime, uid, value[uid]);
          else delete runtime[uid];
        }
      };
      for (const name of buckets) {
        if (name === RUNTIME_WHOLE) {
          load(name);
          continue;
        }
        for (const uid of index[name] ?? []) {
          Object.defineProperty(runtime, uid, {
            enumerable: true,
            configurable: true,
            get() {
              load(name);
              return runtime[uid];
            },
            set: (value: unknown) => dataProperty(runtime, uid, value),
          });
        }
      }
      origin.runtime = runtime;
      dataProperty(state, 'runtime', runtime);
      return runtime;
    },
    set: (value: unknown) => dataProperty(state, 'runtime', value),
  });
  origins.set(state, origin);
  return state;
}

/** A part to save: its name and its new JSON text, or `null` when the stored copy is still current. */
export interface PartChange {
  name: string;
  text: string | null;
  /** For a runtime part: the pod uids in it. */
  uids?: string[];
}

/**
 * What to store for `state`: every part it has now, each with new text or null (unchanged: never
 * touched, or its JSON text is what was loaded). Parts of a state not assembled here are all new.
 * A generator, so a saver writes each text before the next is made (peak memory at 10k pods).
 */
export function* diffParts(state: ClusterState): Generator<PartChange> {
  const origin = origins.get(state);
  const generic = [...Object.keys(state.objects).map((k) => OBJECTS + k), ...Object.keys(state.memory).map((k) => MEMORY + k)];
  for (const name of generic) {
    const [holder, key] = slot(state, name);
    const fromOrigin = !!origin && origin.names.has(name) && holder === (name.startsWith(OBJECTS) ? origin.objects : origin.memory);
    if (fromOrigin && Object.getOwnPropertyDescriptor(holder, key)?.get) {
      yield { name, text: null };
      continue;
    }
    yield { name, text: compare(origin, name, fromOrigin, JSON.stringify(holder[key])) };
  }
  yield* diffRuntime(state, origin);
}

function compare(origin: Origin | undefined, name: string, fromOrigin: boolean, text: string): string | null {
  const same = fromOrigin && origin!.texts.get(name) === text;
  origin?.texts.delete(name);
  return same ? null : text;
}

function* diffRuntime(state: ClusterState, origin: Origin | undefined): Generator<PartChange> {
  const untouched = !!origin && !!Object.getOwnPropertyDescriptor(state, 'runtime')?.get;
  if (untouched && !origin.names.has(RUNTIME_WHOLE)) {
    for (const name of origin.names) if (name.startsWith(RUNTIME)) yield { name, text: null, uids: origin.index[name] ?? [] };
    return;
  }
  const runtime = state.runtime as Record<string, unknown>;
  const fromOrigin = !!origin && origin.runtime === runtime;
  const groups = new Map<string, string[]>();
  for (const uid of Object.keys(runtime)) {
    const name = runtimePart(uid);
    const list = groups.get(name);
    if (list) list.push(uid);
    else groups.set(name, [uid]);
  }
  for (let b = 0; b < RUNTIME_BUCKETS; b++) {
    const name = RUNTIME + b;
    const uids = groups.get(name);
    if (!uids) continue;
    const stored = fromOrigin && origin!.names.has(name);
    const before = stored ? origin!.index[name] ?? [] : [];
    if (stored && before.length === uids.length && uids.every((u, i) => before[i] === u && Object.getOwnPropertyDescriptor(runtime, u)?.get)) {
      yield { name, text: null, uids };
      continue;
    }
    const part: Record<string, unknown> = {};
    for (const uid of uids) part[uid] = runtime[uid];
    yield { name, text: compare(origin, name, stored, JSON.stringify(part)), uids };
  }
}

/** The JSON text of a part as `state` has it now (for a store that lacks a stored copy of an unchanged part). */
export function partText(state: ClusterState, change: PartChange): string {
  if (!change.name.startsWith(RUNTIME)) {
    const [holder, key] = slot(state, change.name);
    return JSON.stringify(holder[key]);
  }
  const runtime = state.runtime as Record<string, unknown>;
  const part: Record<string, unknown> = {};
  for (const uid of change.uids ?? []) part[uid] = runtime[uid];
  return JSON.stringify(part);
}

/** Parse every lazy part now (for callers that want a plain, fully loaded state). */
export function materialize(state: ClusterState): ClusterState {
  for (const k of Object.keys(state.objects)) void state.objects[k];
  for (const k of Object.keys(state.memory)) void state.memory[k];
  const runtime = state.runtime;
  for (const k of Object.keys(runtime)) void runtime[k];
  return state;
}
