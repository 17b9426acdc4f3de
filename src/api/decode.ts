/**
 * Strict decoding of a manifest into a kind's wire shape: unknown fields and wrong types are refused as
 * the API server does (`strict decoding error: unknown field "spec.portz"`). Basic form: guards against
 * prototype-polluting keys; the per-kind schema is added by the schema work.
 */
import type { KindInfo } from './kind.js';
import { ApiError } from './errors.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Deep-copy plain JSON data, refusing prototype keys; returns the decoded object. */
export function decodeStrict(info: KindInfo, raw: Record<string, unknown>, source: string): Record<string, unknown> {
  void source;
  const walk = (v: unknown, path: string): unknown => {
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (FORBIDDEN_KEYS.has(k)) {
          throw new ApiError('BadRequest', `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: strict decoding error: unknown field "${path ? `${path}.` : ''}${k}"`);
        }
        out[k] = walk(x, path ? `${path}.${k}` : k);
      }
      return out;
    }
    return v;
  };
  return walk(raw, '') as Record<string, unknown>;
}
