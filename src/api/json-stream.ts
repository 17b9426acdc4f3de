/**
 * A stream of JSON values read as Go's json.Decoder reads them, so malformed JSON manifests get kubectl's
 * words: `json: offset 46: invalid character '}' looking for beginning of object key string`, or
 * `unexpected EOF` for a value cut short. Only the error path walks the text byte by byte; valid input
 * goes straight to JSON.parse.
 */

export type JsonStreamResult = { values: unknown[] } | { error: string; index: number };

const WS = new Set([' ', '\t', '\n', '\r']);
/** encoding/json's nesting limit. */
const MAX_DEPTH = 10000;

/** Go's quoteChar: how the scanner names the offending character. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const q = JSON.stringify(c).slice(1, -1).replace(/\\u00([0-9a-f]{2})/g, '\\x$1');
  return `'${q}'`;
}

/** Byte offset of a string index (Go counts bytes, JavaScript UTF-16 units). */
function byteOffset(text: string, from: number, to: number): number {
  return Buffer.byteLength(text.slice(from, to), 'utf8');
}

/** Scan one JSON value starting at `start`; returns the end index or a Go-worded syntax error. */
function scanValue(text: string, start: number): { end: number } | { error: string; at: number } | { eof: true } {
  let i = start;
  const fail = (context: string) => ({ error: `invalid character ${quoteChar(text[i]!)} ${context}`, at: i });
  const skipWs = () => {
    while (i < text.length && WS.has(text[i]!)) i++;
  };
  // Explicit stack (no recursion, so deep input cannot exhaust the call stack): 'o' object awaiting a
  // key, 'O' object awaiting , or }, 'A' array awaiting its first element, 'a' array awaiting , or ].
  const stack: string[] = [];
  const value = (): { error: string; at: number } | { eof: true } | undefined => {
    skipWs();
    if (i >= text.length) return { eof: true };
    const c = text[i]!;
    if (c === '{') {
      i++;
      skipWs();
      if (i >= text.length) return { eof: true };
      if (text[i] === '}') {
        i++;
        return undefined;
      }
      stack.push('o');
      return undefined;
    }
    if (stack.length >= MAX_DEPTH && (c === '[' || c === '{')) return fail('exceeded max depth');
    if (c === '[') {
      i++;
      skipWs();
      if (i >= text.length) return { eof: true };
      if (text[i] === ']') {
        i++;
        return undefined;
      }
      stack.push('A');
      return undefined;
    }
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    for (const lit of ['true', 'false', 'null']) {
      if (c === lit[0]) {
        for (let k = 1; k < lit.length; k++) {
          i++;
          if (i >= text.length) return { eof: true };
          if (text[i] !== lit[k]) return fail(`in literal ${lit} (expecting ${quoteChar(lit[k]!)})`);
        }
        i++;
        return undefined;
      }
    }
    return fail('looking for beginning of value');
  };
  const string = (): { error: string; at: number } | { eof: true } | undefined => {
    i++;
    for (;;) {
      if (i >= text.length) return { eof: true };
      const c = text[i]!;
      if (c === '"') {
        i++;
        return undefined;
      }
      if (c < ' ') return fail('in string literal');
      if (c === '\\') {
        i++;
        if (i >= text.length) return { eof: true };
        const e = text[i]!;
        if (e === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i >= text.length) return { eof: true };
            if (!/[0-9a-fA-F]/.test(text[i]!)) return fail('in \\u hexadecimal character escape');
          }
        } else if (!'bfnrt\\/"'.includes(e)) return fail('in string escape code');
      }
      i++;
    }
  };
  const number = (): { error: string; at: number } | { eof: true } | undefined => {
    if (text[i] === '-') {
      i++;
      if (i >= text.length) return { eof: true };
      if (!(text[i]! >= '0' && text[i]! <= '9')) return fail('in numeric literal');
    }
    const digits = () => {
      while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
    };
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      if (i >= text.length) return { eof: true };
      if (!(text[i]! >= '0' && text[i]! <= '9')) return fail('after decimal point in numeric literal');
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (i >= text.length) return { eof: true };
      if (!(text[i]! >= '0' && text[i]! <= '9')) return fail('in exponent of numeric literal');
      digits();
    }
    return undefined;
  };

  let r = value();
  if (r) return r;
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    skipWs();
    if (i >= text.length) return { eof: true };
    if (top === 'A') {
      // First element of an array just opened.
      stack[stack.length - 1] = 'a';
      r = value();
      if (r) return r;
      continue;
    }
    if (top === 'o') {
      if (text[i] !== '"') return fail('looking for beginning of object key string');
      r = string();
      if (r) return r;
      skipWs();
      if (i >= text.length) return { eof: true };
      if (text[i] !== ':') return fail('after object key');
      i++;
      stack[stack.length - 1] = 'O';
      r = value();
      if (r) return r;
      continue;
    }
    const close = top === 'a' ? ']' : '}';
    if (text[i] === ',') {
      i++;
      if (top === 'a') {
        r = value();
        if (r) return r;
      } else {
        stack[stack.length - 1] = 'o';
      }
      continue;
    }
    if (text[i] === close) {
      i++;
      stack.pop();
      continue;
    }
    return fail(top === 'a' ? 'after array element' : 'after object key:value pair');
  }
  return { end: i };
}

/** Deepest bracket nesting outside strings (encoding/json refuses more than MAX_DEPTH). */
function maxDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return max;
}

/** Read every JSON value of a stream (kubectl accepts several objects one after another). */
export function readJsonStream(text: string): JsonStreamResult {
  if (maxDepth(text) <= MAX_DEPTH) {
    try {
      return { values: [JSON.parse(text)] };
    } catch {
      /* several values, or a syntax error: walk it */
    }
  }
  const values: unknown[] = [];
  let pos = 0;
  for (;;) {
    let p = pos;
    while (p < text.length && WS.has(text[p]!)) p++;
    if (p >= text.length) return { values };
    const r = scanValue(text, pos);
    if ('eof' in r) return { error: 'unexpected EOF', index: text.length };
    if ('error' in r) return { error: `json: offset ${byteOffset(text, 0, r.at) + 1}: ${r.error}`, index: r.at };
    values.push(JSON.parse(text.slice(pos, r.end)));
    pos = r.end;
  }
}

/**
 * What Go's json.Unmarshal says of `text` (the API server decoding a request body or a patch), or
 * undefined when it is one valid JSON value: `unexpected end of JSON input`, `invalid character 'x'
 * looking for beginning of object key string`, `invalid character 'x' after top-level value`.
 */
export function goUnmarshalError(text: string): string | undefined {
  if (maxDepth(text) <= MAX_DEPTH) {
    try {
      JSON.parse(text);
      return undefined;
    } catch {
      /* find Go's words for it */
    }
  }
  const r = scanValue(text, 0);
  if ('eof' in r) return 'unexpected end of JSON input';
  if ('error' in r) return r.error;
  let i = r.end;
  while (i < text.length && WS.has(text[i]!)) i++;
  return i < text.length ? `invalid character ${quoteChar(text[i]!)} after top-level value` : undefined;
}
