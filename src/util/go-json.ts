/**
 * JSON text as Go's encoding/json writes it, which is what kubectl prints (`-o json`, watch events,
 * jsonpath objects, the last-applied annotation) and what the API server sends: json.Marshal,
 * MarshalIndent and Encoder all escape HTML by default. Key order is the caller's (Go sorts map keys
 * but keeps a struct's field order).
 */

/** Characters Go escapes that JSON.stringify leaves as they are; they only ever occur inside strings. */
const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * A lone surrogate, which JSON.stringify writes as a `\udXXX` escape: Go's strings are UTF-8 and hold
 * U+FFFD in its place (its decoder substitutes it). The look-behind skips an escaped backslash.
 */
const LONE_SURROGATE = /(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g;

/** `value` as Go's encoding/json text: compact, or indented by `indent` spaces as MarshalIndent does. */
export function goJsonText(value: unknown, indent?: number): string {
  return toGoEscapes(JSON.stringify(value, null, indent));
}

/** Rewrite JSON.stringify's output with Go's escapes (<, >, &, U+2028, U+2029; U+FFFD for lone surrogates). */
export function toGoEscapes(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c]!).replace(LONE_SURROGATE, '$1\ufffd');
}
