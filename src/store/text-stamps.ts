/**
 * JSON texts of objects known when they are made, so a save does not serialise them again. A scale-up
 * makes thousands of pods and Events alike to one another: their maker splits the text of the first at
 * the values that differ (name, uid, resourceVersion, ...) once, and gives each further object its text
 * as those shared pieces with its own values between them. The store writes pieces one after the other,
 * never joined, so the shared pieces are neither serialised nor copied into new strings per object.
 *
 * A stamp holds for the resourceVersion the object had when stamped: the store's own rule (every change
 * to a stored object moves its resourceVersion; a save finds changes by it) says the text is still the
 * object's while that is unchanged. A change that moves it drops the stamp, unless the changer restamps
 * it (`restampStatus`, for a change of the status alone).
 */

/** Pieces of an object's JSON text, and where its resourceVersion and status are among them. */
interface Stamp {
  /** The resourceVersion the pieces were made for. */
  rv: string;
  pieces: readonly string[];
  /** Index of the piece holding the resourceVersion's JSON (`"123"`). */
  rvAt: number;
  /** Index of the piece holding the status's JSON, when `status` is the object's last member; else -1. */
  statusAt: number;
}

const stamps = new WeakMap<object, Stamp>();

interface Versioned {
  metadata?: { resourceVersion?: string };
  status?: unknown;
}

/** Record `pieces` as the JSON text of `obj` at its current resourceVersion (see the module comment). */
export function stampText(obj: object, pieces: readonly string[], rvAt: number, statusAt = -1): void {
  const rv = (obj as Versioned).metadata?.resourceVersion;
  if (typeof rv === 'string') stamps.set(obj, { rv, pieces, rvAt, statusAt });
}

/** Whether stamped texts are checked against JSON.stringify when used (the MemoryStore under test). */
let checking = false;

/** Run `fn` with every stamped text it uses checked (`on`): a stale one throws, naming the object. */
export function checkingStamps<T>(on: boolean, fn: () => T): T {
  const was = checking;
  checking = on;
  try {
    return fn();
  } finally {
    checking = was;
  }
}

/** The stamped text of `obj` in pieces, if it still holds (its resourceVersion unchanged). */
export function stampedText(obj: object): readonly string[] | undefined {
  const s = stamps.get(obj);
  if (s === undefined || s.rv !== (obj as Versioned).metadata?.resourceVersion) return undefined;
  if (checking && s.pieces.join('') !== JSON.stringify(obj)) {
    const md = (obj as { metadata?: { namespace?: string; name?: string } }).metadata;
    throw new Error(`kube-sim store: the stamped text of ${md?.namespace ?? ''}/${md?.name ?? ''} is not its JSON (changed without a resourceVersion bump)`);
  }
  return s.pieces;
}

/**
 * After a change of `obj`'s status alone (its contents: `status` stays the last member) that moved its
 * resourceVersion from `rvBefore`: its stamp, if it held before, with the new status and resourceVersion.
 */
export function restampStatus(obj: object, rvBefore: string | undefined): void {
  const s = stamps.get(obj);
  if (s === undefined) return;
  const o = obj as Versioned;
  const rv = o.metadata?.resourceVersion;
  if (s.rv !== rvBefore || s.statusAt < 0 || typeof rv !== 'string') {
    stamps.delete(obj);
    return;
  }
  const pieces = s.pieces.slice();
  pieces[s.rvAt] = JSON.stringify(rv);
  let status = JSON.stringify(o.status);
  // Thousands of Pending pods get the same status text: one string kept for all (the new one dies young).
  if (status === lastStatus) status = lastStatus;
  else lastStatus = status;
  pieces[s.statusAt] = status;
  stamps.set(obj, { rv, pieces, rvAt: s.rvAt, statusAt: s.statusAt });
}

/** The status text restampStatus made last. */
let lastStatus = '';

/** A JSON text with holes: `texts[0]`, the value for hole `holes[0]`, `texts[1]`, ... the last text. */
export interface TextTemplate {
  texts: readonly string[];
  /** Which value each hole takes (a value may fill several holes). */
  holes: readonly number[];
}

/** The stand-in for value `i` while a sample is serialised: a string no object holds (checked by count). */
export function holeMark(i: number): string {
  return `\u0000${i}\u0000`;
}

const MARKS = /"\\u0000(\d+)\\u0000"/g;

/**
 * The template of a sample's JSON text serialised with `holeMark(i)` standing for each variable value:
 * null unless exactly `expected` marks are found (a stored string that looks like a mark spoils it).
 */
export function templateOf(text: string, expected: number): TextTemplate | null {
  const texts: string[] = [];
  const holes: number[] = [];
  let from = 0;
  for (const m of text.matchAll(MARKS)) {
    texts.push(text.slice(from, m.index));
    holes.push(Number(m[1]));
    from = m.index! + m[0].length;
  }
  texts.push(text.slice(from));
  return holes.length === expected ? { texts, holes } : null;
}

/** The pieces of a template filled with `values` (JSON texts). */
export function fillTemplate(t: TextTemplate, values: readonly string[]): string[] {
  const out: string[] = new Array(t.texts.length * 2 - 1);
  out[0] = t.texts[0]!;
  for (let i = 0; i < t.holes.length; i++) {
    out[2 * i + 1] = values[t.holes[i]!]!;
    out[2 * i + 2] = t.texts[i + 1]!;
  }
  return out;
}

/** The index in `fillTemplate`'s pieces of the first hole taking value `v`, or -1. */
export function pieceOf(t: TextTemplate, v: number): number {
  const i = t.holes.indexOf(v);
  return i < 0 ? -1 : 2 * i + 1;
}
