/**
 * Semantic equality of wire objects, as apimachinery's `equality.Semantic.DeepEqual` compares the Go
 * structs they decode to: map key order never matters, a missing field equals its empty value (nil and
 * empty slices and maps are equal, an absent string is ""), and resource quantities compare by value
 * (`1000m` equals `1`). Update validation uses it, so a patch that reorders keys changes nothing.
 */
import { parseQuantity } from '../printers/quantity.js';

/** Maps whose values are resource.Quantity (compared by value). */
const QUANTITY_MAPS = new Set(['limits', 'requests', 'overhead', 'capacity', 'allocatable', 'hard', 'used']);

/** True for the values Go's zero value and omitempty make indistinguishable from an absent field. */
export function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

function quantityEqual(a: unknown, b: unknown): boolean {
  return parseQuantity(String(a)).milli === parseQuantity(String(b)).milli;
}

/** Semantic deep equality; `key` is the field holding the two values (quantity maps compare by value). */
export function semanticEqual(a: unknown, b: unknown, key = ''): boolean {
  if (a === b) return true;
  if (isEmptyValue(a) && isEmptyValue(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => semanticEqual(x, b[i], key));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
    for (const k of keys) {
      if (QUANTITY_MAPS.has(key) && ra[k] !== undefined && rb[k] !== undefined) {
        if (!quantityEqual(ra[k], rb[k])) return false;
      } else if (!semanticEqual(ra[k], rb[k], k)) return false;
    }
    return true;
  }
  return false;
}

/** JSON text with object keys sorted: equal for two values that differ only in key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}
