/**
 * kubectl's generic describer (used for kinds without a dedicated one, e.g. Event): Name, Namespace,
 * Labels, Annotations, then every other field of the object, sorted, with "smart" labels
 * (`firstTimestamp` -> `First Timestamp`, `apiVersion` -> `API Version`), then Events.
 */
import type { PrintContext } from '../api/kind.js';
import type { KubeObject } from '../api/types.js';
import { DescribeWriter, eventsFor, withEvents } from './describe.js';

const SKIP = new Set(['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']);
const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

export function describeGeneric(obj: KubeObject, ctx: PrintContext): string {
  const w = new DescribeWriter();
  w.line(0, 'Name:', obj.metadata.name);
  w.line(0, 'Namespace:', obj.metadata.namespace ?? '');
  w.map(0, 'Labels:', obj.metadata.labels);
  w.map(0, 'Annotations:', obj.metadata.annotations, ': ');
  content(w, 0, obj as unknown as Record<string, unknown>, '');
  return withEvents(w, eventsFor(ctx.state, obj), ctx.now);
}

function content(w: DescribeWriter, level: number, obj: Record<string, unknown>, prefix: string): void {
  for (const field of Object.keys(obj).sort()) {
    const value = obj[field];
    const path = `${prefix}.${field}`;
    if (SKIP.has(path)) continue;
    if (Array.isArray(value)) {
      w.line(level, `${smartLabel(field)}:`);
      for (const child of value) {
        if (isMap(child)) content(w, level + 1, child, path);
        else w.line(level + 1, goText(child));
      }
    } else if (isMap(value)) {
      w.line(level, `${smartLabel(field)}:`);
      content(w, level + 1, value, path);
    } else {
      w.line(level, `${smartLabel(field)}:`, goText(value));
    }
  }
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Go's %v of a JSON value. */
function goText(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  return String(v);
}

/** kubectl's smartLabelFor: camel-case words, title-cased, common acronyms upper-cased. */
export function smartLabel(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  return camelSplit(field)
    .filter((p) => p !== '_')
    .map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(' ');
}

/** fatih/camelcase Split: runs of one character class; an upper run followed by lower gives its last letter to the next word. */
function camelSplit(s: string): string[] {
  const cls = (c: string) => (/\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{N}/u.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of s) {
    const k = cls(c);
    if (k === last) runs[runs.length - 1]!.push(c);
    else runs.push([c]);
    last = k;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (cls(runs[i]![0]!) === 2 && cls(runs[i + 1]![0]!) === 1) {
      runs[i + 1]!.unshift(runs[i]!.pop()!);
    }
  }
  return runs.filter((r) => r.length).map((r) => r.join(''));
}
