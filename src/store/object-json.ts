/**
 * The JSON text of stored objects, made faster where objects share their managedFields. A ReplicaSet's
 * pods created alike get the very same managedFields entries (managed-fields.ts memoises them), about a
 * third of each pod's text and the slowest third to serialise (keys such as `k:{"uid":"..."}` need
 * escaping): a save serialises each shared list once and gives its text as a piece of the text of every
 * object holding it (the pieces are written one after the other, never joined). The result is byte for
 * byte JSON.stringify's.
 */

import { joinText, type StoredText } from './shards.js';
import { stampedText } from './text-stamps.js';

/** The text standing for the managedFields while the rest of an object is serialised. */
const MARK = '"managedFields":0';

/**
 * Whether the stand-in can go where the list is: plain objects (nothing JSON.stringify treats specially)
 * holding it as an own, enumerable, writable member of a metadata that is serialised.
 */
function plainHolder(value: unknown, md: object | undefined): md is { managedFields?: unknown } {
  if (!md || Object.getPrototypeOf(value) !== Object.prototype || Object.getPrototypeOf(md) !== Object.prototype) return false;
  if ('toJSON' in (value as object) || 'toJSON' in md || !Object.prototype.propertyIsEnumerable.call(value, 'metadata')) return false;
  const d = Object.getOwnPropertyDescriptor(md, 'managedFields');
  return !!d && d.enumerable === true && d.writable === true && !Object.isFrozen(md);
}

/** Serialises the values of one save; lists seen twice are serialised once from then on. */
export class ObjectJson {
  /** managedFields lists seen: null once, their text from the second time on. */
  private readonly seen = new WeakMap<object, string | null>();

  /** JSON.stringify(value), reusing the text of a managedFields list met before in this save. */
  text(value: unknown): string {
    return joinText(this.pieces(value));
  }

  /** JSON.stringify(value) as pieces to store one after the other (the shared list's text one of them). */
  pieces(value: unknown): StoredText {
    // Objects whose text their maker stamped (text-stamps.ts) are not serialised at all.
    if (typeof value === 'object' && value !== null) {
      const stamped = stampedText(value);
      if (stamped !== undefined) return stamped;
    }
    const md = (value as { metadata?: { managedFields?: unknown } } | null)?.metadata;
    const list = md?.managedFields;
    if (typeof list !== 'object' || list === null) return JSON.stringify(value);
    let shared = this.seen.get(list);
    if (shared === undefined) {
      this.seen.set(list, null);
      return JSON.stringify(value);
    }
    if (!plainHolder(value, md)) return JSON.stringify(value);
    if (shared === null) this.seen.set(list, (shared = JSON.stringify(list)));
    // Nothing else runs while the object is serialised: the stand-in is never seen outside this method.
    md!.managedFields = 0;
    let text: string;
    try {
      text = JSON.stringify(value);
    } finally {
      md!.managedFields = list;
    }
    const at = text.indexOf(MARK);
    // The stand-in must be found exactly once, else the object is serialised as it is.
    if (at < 0 || text.indexOf(MARK, at + 1) >= 0) return JSON.stringify(value);
    return [text.slice(0, at + MARK.length - 1), shared, text.slice(at + MARK.length)];
  }
}
