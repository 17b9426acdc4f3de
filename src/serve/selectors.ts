/** Field selectors as the API server accepts them: `=`, `==`, `!=` on dotted paths (`involvedObject.uid`, `spec.nodeName`). */
import type { KubeObject } from '../api/types.js';

export interface FieldRequirement {
  path: string[];
  value: string;
  equal: boolean;
}

export function parseFieldSelector(text: string | null): FieldRequirement[] {
  if (!text) return [];
  return text
    .split(',')
    .filter(Boolean)
    .map((part) => {
      const m = /^([^!=]+)(==|!=|=)(.*)$/.exec(part.trim());
      if (!m) throw new Error(`invalid field selector: "${part}"`);
      return { path: m[1]!.trim().split('.'), value: m[3]!.trim(), equal: m[2] !== '!=' };
    });
}

export function matchesFields(reqs: FieldRequirement[], obj: KubeObject): boolean {
  for (const r of reqs) {
    let v: unknown = obj;
    for (const k of r.path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    const s = v === undefined || v === null ? '' : String(v);
    if ((s === r.value) !== r.equal) return false;
  }
  return true;
}
