/**
 * The state as separately stored parts, so a command parses only what it touches (`get svc` at 10k pods
 * must not parse the pods: performance notes §3, §6). A state is a small head (format, meta, settings)
 * plus one part per object kind (`objects.pods`), one for the container runtimes (`runtime`) and one per
 * memory subsystem (`memory.kubelet`). Both stores assemble a state whose parts are lazy properties: the
 * first access parses the part and turns it into a plain data property, so product code sees ordinary
 * JSON objects. On save only parts that were touched and whose JSON text differs are written.
 */
import type { ClusterState } from '../api/types.js';

/** Everything of the state except its parts. */
export type Head = Omit<ClusterState, 'objects' | 'runtime' | 'memory'>;

const OBJECTS = 'objects.';
const MEMORY = 'memory.';
const RUNTIME = 'runtime';

/** What a lazily assembled state was built from: the holders its lazy properties live on and the parts' texts as read. */
interface Origin {
  objects: Record<string, unknown>;
  memory: Record<string, unknown>;
  state: ClusterState;
  /** Part names present when loaded, in order. */
  names: Set<string>;
  /** Text of each part as loaded (set when the part was parsed). */
  texts: Map<string, string>;
}

const origins = new WeakMap<ClusterState, Origin>();

/** Split a state into its head and its part names (in state order). Does not touch lazy parts. */
export function headOf(state: ClusterState): Head {
  // Not a rest destructuring: that would read (and so parse) the lazy `runtime` part.
  const head: Record<string, unknown> = {};
  for (const k of Object.keys(state)) if (k !== 'objects' && k !== 'runtime' && k !== 'memory') head[k] = (state as unknown as Record<string, unknown>)[k];
  return head as Head;
}

/** The names of the parts a state has now, in order. */
export function partNames(state: ClusterState): string[] {
  return [...Object.keys(state.objects).map((k) => OBJECTS + k), RUNTIME, ...Object.keys(state.memory).map((k) => MEMORY + k)];
}

/** Where part `name` lives: the holder object and its key. */
function slot(state: ClusterState, name: string): [Record<string, unknown>, string] {
  if (name === RUNTIME) return [state as unknown as Record<string, unknown>, 'runtime'];
  if (name.startsWith(OBJECTS)) return [state.objects as Record<string, unknown>, name.slice(OBJECTS.length)];
  if (name.startsWith(MEMORY)) return [state.memory, name.slice(MEMORY.length)];
  throw new Error(`unknown state part "${name}"`);
}

/** The value of part `name` of a state (parses it if lazy). */
export function partValue(state: ClusterState, name: string): unknown {
  const [holder, key] = slot(state, name);
  return holder[key];
}

/** True when `name` is a part name this layout knows. */
export function isPartName(name: string): boolean {
  return name === RUNTIME || ((name.startsWith(OBJECTS) || name.startsWith(MEMORY)) && name.length > 7);
}

/**
 * Assemble a state from its head and named parts; `read(name)` returns a part's JSON text and is called
 * at most once, on first access. `check(name, value)` may throw to refuse a malformed part.
 */
export function assemble(head: Head, names: string[], read: (name: string) => string, check: (name: string, value: unknown) => void): ClusterState {
  const state = { ...head, objects: {}, runtime: {}, memory: {} } as ClusterState;
  const origin: Origin = { objects: state.objects, memory: state.memory, state, names: new Set(names), texts: new Map() };
  for (const name of names) {
    const [holder, key] = slot(state, name);
    const settle = (value: unknown) => Object.defineProperty(holder, key, { value, writable: true, enumerable: true, configurable: true });
    Object.defineProperty(holder, key, {
      enumerable: true,
      configurable: true,
      get() {
        const text = read(name);
        const value: unknown = JSON.parse(text);
        check(name, value);
        origin.texts.set(name, text);
        settle(value);
        return value;
      },
      set: settle,
    });
  }
  origins.set(state, origin);
  return state;
}

/** A part to save: its name and its new JSON text, or `null` when the stored copy is still current. */
export interface PartChange {
  name: string;
  text: string | null;
}

/**
 * What to store for `state`: every part it has now, each with new text or null (unchanged: never
 * touched, or its JSON text is what was loaded). Parts of a state not assembled here are all new.
 * A generator, so a saver writes each text before the next is made (peak memory at 10k pods).
 */
export function* diffParts(state: ClusterState): Generator<PartChange> {
  const origin = origins.get(state);
  for (const name of partNames(state)) {
    const [holder, key] = slot(state, name);
    const fromOrigin = !!origin && origin.names.has(name) && holder === (name === RUNTIME ? origin.state : name.startsWith(OBJECTS) ? origin.objects : origin.memory);
    if (fromOrigin && Object.getOwnPropertyDescriptor(holder, key)?.get) {
      yield { name, text: null };
      continue;
    }
    const text = JSON.stringify(holder[key]);
    const same = fromOrigin && origin!.texts.get(name) === text;
    origin?.texts.delete(name);
    yield { name, text: same ? null : text };
  }
}

/** Parse every lazy part now (for callers that want a plain, fully loaded state). */
export function materialize(state: ClusterState): ClusterState {
  for (const name of partNames(state)) {
    const [holder, key] = slot(state, name);
    void holder[key];
  }
  return state;
}
