/**
 * Memoising by JSON content without serialising on every lookup. A controller creating 10,000 alike pods
 * asks the same question 10,000 times with equal inputs; turning each input into its JSON text to look it
 * up cost more than the answer. Here a lookup walks the input against a plain snapshot of each earlier
 * input instead, stopping at the first difference, and serialises only on a miss.
 */

/** A value's JSON text is the same as that of `snapshot` (a plain value fresh from JSON.parse). */
export function sameJson(snapshot: unknown, value: unknown): boolean {
  if (value === null) return snapshot === null;
  if (typeof value !== 'object') {
    if (typeof value === 'number') return Number.isFinite(value) ? snapshot === value : snapshot === null;
    return (typeof value === 'string' || typeof value === 'boolean') && snapshot === value;
  }
  if (snapshot === null || typeof snapshot !== 'object') return false;
  if (Array.isArray(value)) {
    if (!Array.isArray(snapshot) || snapshot.length !== value.length) return false;
    for (let i = 0; i < value.length; i++) {
      const x = value[i];
      // An array slot JSON cannot hold is written as null.
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol' ? snapshot[i] !== null : !sameJson(snapshot[i], x)) return false;
    }
    return true;
  }
  // Anything JSON.stringify would treat specially is never taken for equal (a miss only costs time).
  const proto = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || Array.isArray(snapshot) || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const want = Object.keys(snapshot);
  let j = 0;
  for (const key of Object.keys(value)) {
    const x = (value as Record<string, unknown>)[key];
    // Members JSON leaves out.
    if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
    if (want[j] !== key || !sameJson((snapshot as Record<string, unknown>)[want[j]!], x)) return false;
    j++;
  }
  return j === want.length;
}

/** How many of the latest inputs a lookup compares by walking before it serialises. */
const WALKED = 4;

/**
 * The last `capacity` answers by the JSON content of their input (first in, first out). A lookup walks
 * the few latest inputs (a controller's alike objects hit the first) and, failing those, looks the
 * input's JSON text up. Inputs are snapshotted, so later changes to them do not count.
 */
export class JsonMemo<T> {
  private readonly byText = new Map<string, { snapshot: unknown; answer: T }>();
  private latest: { snapshot: unknown; answer: T }[] = [];

  constructor(private readonly capacity: number) {}

  /** The answer for `input`, computing (and keeping) it when no kept input has the same JSON text. */
  get(input: unknown, compute: () => T): T {
    const latest = this.latest;
    for (let i = 0; i < latest.length; i++) {
      const e = latest[i]!;
      if (!sameJson(e.snapshot, input)) continue;
      if (i) this.latest = [e, ...latest.filter((x) => x !== e)];
      return e.answer;
    }
    const text = JSON.stringify(input) ?? 'undefined';
    let e = this.byText.get(text);
    if (!e) {
      e = { snapshot: text === 'undefined' ? undefined : JSON.parse(text), answer: compute() };
      if (this.byText.size >= this.capacity) {
        const oldest = this.byText.keys().next().value!;
        const gone = this.byText.get(oldest);
        this.byText.delete(oldest);
        this.latest = this.latest.filter((x) => x !== gone);
      }
      this.byText.set(text, e);
    }
    this.latest = [e, ...this.latest.filter((x) => x !== e)].slice(0, WALKED);
    return e.answer;
  }
}
