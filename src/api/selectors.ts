/**
 * Label selectors: the string syntax of `-l` (=, ==, !=, in, notin, exists, !key) and the API's
 * LabelSelector (matchLabels + matchExpressions), compiled to one matcher type.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { CliError } from './errors.js';

export interface Requirement {
  key: string;
  op: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

export type Labels = Record<string, string> | undefined | null;

export function matches(reqs: Requirement[], labels: Labels): boolean {
  const l = labels ?? {};
  for (const r of reqs) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'In':
        if (!has || !r.values.includes(l[r.key]!)) return false;
        break;
      case 'NotIn':
        if (has && r.values.includes(l[r.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** Parse `-l app=kubia,tier!=db,env in (a,b),!legacy`. */
export function parseSelector(text: string): Requirement[] {
  const reqs: Requirement[] = [];
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    if (!p) continue;
    let m: RegExpExecArray | null;
    if ((m = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p))) {
      reqs.push({ key: m[1]!, op: m[2] === 'in' ? 'In' : 'NotIn', values: m[3]!.split(',').map((v) => v.trim()).filter(Boolean) });
    } else if ((m = /^([^\s!=]+)\s*!=\s*(\S*)$/.exec(p))) {
      reqs.push({ key: m[1]!, op: 'NotIn', values: [m[2]!] });
    } else if ((m = /^([^\s!=]+)\s*==?\s*(\S*)$/.exec(p))) {
      reqs.push({ key: m[1]!, op: 'In', values: [m[2]!] });
    } else if ((m = /^!\s*([^\s!=]+)$/.exec(p))) {
      reqs.push({ key: m[1]!, op: 'DoesNotExist', values: [] });
    } else if ((m = /^([^\s!=(),]+)$/.exec(p))) {
      reqs.push({ key: m[1]!, op: 'Exists', values: [] });
    } else {
      throw new CliError(`unable to parse requirement: found '${p}', expected: identifier`);
    }
  }
  return reqs;
}

/** Compile an API LabelSelector. An empty selector matches everything; null matches nothing. */
export function fromLabelSelector(sel: LabelSelector | undefined | null): Requirement[] | null {
  if (!sel) return null;
  const reqs: Requirement[] = Object.entries(sel.matchLabels ?? {}).map(([key, v]) => ({ key, op: 'In' as const, values: [v] }));
  for (const e of sel.matchExpressions ?? []) reqs.push({ key: e.key, op: e.operator as Requirement['op'], values: e.values ?? [] });
  return reqs;
}

/** A plain map selector (Service, ReplicationController). */
export function fromMap(sel: Record<string, string> | undefined | null): Requirement[] {
  return Object.entries(sel ?? {}).map(([key, v]) => ({ key, op: 'In' as const, values: [v] }));
}

/** kubectl's text for a LabelSelector: `app=kubia,env in (a,b),!x`. */
export function labelSelectorText(sel: LabelSelector | undefined | null): string {
  if (!sel) return '<none>';
  const parts = Object.keys(sel.matchLabels ?? {})
    .sort()
    .map((k) => `${k}=${sel.matchLabels![k]}`);
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${vals})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${vals})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.length ? parts.join(',') : '<none>';
}
