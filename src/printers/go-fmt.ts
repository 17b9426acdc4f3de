/**
 * Go's fmt package over the values a kubectl template sees: JSON decoded by apimachinery (strings,
 * bools, int64 for whole numbers, float64 otherwise, map[string]interface {}, []interface {}, nil)
 * plus the typed numbers text/template itself makes (int literals, len's int, a string's uint8 bytes).
 * Print, Println and Printf with their verbs, flags, widths and `%!verb(type=value)` complaints.
 */

/** A number whose Go type is not what its JSON decoding gives (template literals, len, string bytes). */
export class GoNum {
  constructor(
    readonly type: 'int' | 'float64' | 'uint8',
    readonly n: number,
    /** The exact value of an integer literal past 2^53. */
    readonly big?: bigint,
  ) {}
}

/** A Go value inside a template: decoded JSON, or a GoNum. `null` is a nil interface. */
export type GoVal = string | boolean | number | GoNum | null | GoVal[] | { [k: string]: GoVal };

const isMap = (v: unknown): v is Record<string, GoVal> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoNum);

/** The number's Go type: apimachinery decodes whole JSON numbers as int64, others as float64. */
export function numType(v: number | GoNum): 'int' | 'int64' | 'float64' | 'uint8' {
  if (v instanceof GoNum) return v.type;
  return Number.isInteger(v) ? 'int64' : 'float64';
}

/** reflect's Type.String() of a value (`<nil>` for a nil interface, as %T prints it). */
export function goType(v: GoVal): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number' || v instanceof GoNum) return numType(v);
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** fmt.Sprint: operands joined, with a space between two operands when neither is a string. */
export function sprint(args: GoVal[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += format(a, 'v', {});
  });
  return out;
}

/** fmt.Sprintln: operands always space-separated, then a newline. */
export function sprintln(args: GoVal[]): string {
  return args.map((a) => format(a, 'v', {})).join(' ') + '\n';
}

/** fmt.Sprint of one value (`map[k:v]`, `[a b]`, `<nil>`, 1e+06). */
export function goPrint(v: GoVal): string {
  return format(v, 'v', {});
}

interface Flags {
  plus?: boolean;
  minus?: boolean;
  sharp?: boolean;
  space?: boolean;
  zero?: boolean;
  wid?: number;
  prec?: number;
  sharpV?: boolean;
}

/** fmt.Sprintf, with `%[n]` argument indexes and `*` widths and precisions. */
export function sprintf(fmt: string, args: GoVal[]): string {
  let out = '';
  let argNum = 0;
  let reordered = false;
  let i = 0;
  while (i < fmt.length) {
    const pct = fmt.indexOf('%', i);
    if (pct < 0) {
      out += fmt.slice(i);
      break;
    }
    out += fmt.slice(i, pct);
    i = pct + 1;
    const f: Flags = {};
    for (; i < fmt.length; i++) {
      const c = fmt[i];
      if (c === '#') f.sharp = true;
      else if (c === '0') f.zero = !f.minus;
      else if (c === '+') f.plus = true;
      else if (c === '-') {
        f.minus = true;
        f.zero = false;
      } else if (c === ' ') f.space = true;
      else break;
    }
    let goodArgNum = true;
    let afterIndex = false;
    // `[n]`: the next operand is the n-th.
    const argIndex = () => {
      afterIndex = false;
      if (fmt[i] !== '[') return;
      reordered = true;
      const close = fmt.indexOf(']', i);
      const n = close < 0 ? NaN : Number(fmt.slice(i + 1, close));
      if (close < 0 || !/^\d+$/.test(fmt.slice(i + 1, close)) || n < 1 || n > args.length) {
        goodArgNum = false;
        i = close < 0 ? i + 1 : close + 1;
        return;
      }
      argNum = n - 1;
      i = close + 1;
      afterIndex = true;
    };
    // fmt's parsenum: a number that keeps growing past 10^6 swallows the rest of the format.
    const num = () => {
      let n: number | undefined;
      for (; i < fmt.length && fmt[i]! >= '0' && fmt[i]! <= '9'; i++) {
        if (n !== undefined && n > 1e6) {
          i = fmt.length;
          return undefined;
        }
        n = (n ?? 0) * 10 + Number(fmt[i]);
      }
      return n;
    };
    const intArg = (): number | undefined => {
      const a = args[argNum++];
      if (a === undefined || a === null || typeof a === 'string' || typeof a === 'boolean' || typeof a === 'object' && !(a instanceof GoNum)) return undefined;
      return numType(a) === 'float64' ? undefined : typeof a === 'number' ? a : a.n;
    };
    argIndex();
    if (fmt[i] === '*') {
      i++;
      const w = intArg();
      if (w === undefined || Math.abs(w) > 1e6) out += '%!(BADWIDTH)';
      else if (w < 0) {
        f.minus = true;
        f.zero = false;
        f.wid = -w;
      } else f.wid = w;
      afterIndex = false;
    } else {
      f.wid = num();
      if (afterIndex && f.wid !== undefined) goodArgNum = false;
    }
    if (fmt[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      argIndex();
      if (fmt[i] === '*') {
        i++;
        const p = intArg();
        if (p === undefined || p < 0 || p > 1e6) out += '%!(BADPREC)';
        else f.prec = p;
        afterIndex = false;
      } else f.prec = num() ?? 0;
    }
    if (!afterIndex) argIndex();
    if (i >= fmt.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(fmt.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (!goodArgNum) {
      out += `%!${verb}(BADINDEX)`;
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    if (verb === 'v') {
      f.sharpV = f.sharp;
      f.sharp = false;
      // %+v is %v for maps and slices (it only adds field names to structs).
      f.plus = false;
    }
    out += format(args[argNum++]!, verb, f);
  }
  if (!reordered && argNum < args.length) {
    out += '%!(EXTRA ' + args.slice(argNum).map((a) => (a === null ? '<nil>' : `${goType(a)}=${format(a, 'v', {})}`)).join(', ') + ')';
  }
  return out;
}

/** `%!verb(type=value)`: the value is printed with %v under the same flags, width and precision. */
function badVerb(v: GoVal, verb: string, f: Flags = {}): string {
  return `%!${verb}(${v === null ? '<nil>' : `${goType(v)}=${format(v, 'v', f)}`})`;
}

/** Pad to the width: spaces, or zeros with the 0 flag (after a number's sign). */
function pad(s: string, f: Flags, numeric = false, zeroOk = true): string {
  const w = f.wid ?? 0;
  const len = [...s].length;
  if (len >= w) return s;
  if (f.minus) return s + ' '.repeat(w - len);
  if (f.zero && zeroOk) {
    const sign = numeric && /^[-+ ]/.test(s) ? s[0]! : '';
    return sign + '0'.repeat(w - len) + s.slice(sign.length);
  }
  return ' '.repeat(w - len) + s;
}

/** One operand under one verb (printArg/printValue). */
function format(v: GoVal, verb: string, f: Flags, depth = 0): string {
  if (v === null) {
    if (depth > 0) return pad('<nil>', f);
    if (verb === 'T' || verb === 'v') return pad(f.sharpV && verb === 'v' ? 'interface {}(nil)' : '<nil>', f);
    return badVerb(v, verb, f);
  }
  if (verb === 'T') return pad(goType(v), f);
  if (typeof v === 'boolean') return verb === 'v' || verb === 't' ? pad(String(v), f) : badVerb(v, verb, f);
  if (typeof v === 'number' || v instanceof GoNum) {
    const n = typeof v === 'number' ? v : v.n;
    return numType(v) === 'float64' ? formatFloat(v, n, verb, f) : formatInt(v, n, verb, f);
  }
  if (typeof v === 'string') return formatString(v, verb, f);
  if (Array.isArray(v)) {
    const items = v.map((x) => format(x, verb, f, depth + 1));
    return f.sharpV ? `[]interface {}{${items.join(', ')}}` : `[${items.join(' ')}]`;
  }
  const keys = Object.keys(v).sort();
  if (f.sharpV) return `map[string]interface {}{${keys.map((k) => `${format(k, verb, f, depth + 1)}:${format(v[k]!, verb, f, depth + 1)}`).join(', ')}}`;
  return `map[${keys.map((k) => `${format(k, verb, f, depth + 1)}:${format(v[k]!, verb, f, depth + 1)}`).join(' ')}]`;
}

function formatInt(v: GoVal, n: number, verb: string, f: Flags): string {
  const unsigned = numType(v as number | GoNum) === 'uint8';
  if (verb === 'v' && f.sharpV && unsigned) return pad('0x' + n.toString(16), f);
  const bases: Record<string, number> = { v: 10, d: 10, b: 2, o: 8, O: 8, x: 16, X: 16 };
  if (verb in bases) {
    const exact = v instanceof GoNum && v.big !== undefined ? v.big : BigInt(n);
    let digits = (exact < 0n ? -exact : exact).toString(bases[verb]!);
    if (verb === 'X') digits = digits.toUpperCase();
    if (f.prec !== undefined) digits = f.prec === 0 && n === 0 ? '' : digits.padStart(f.prec, '0');
    if (f.sharp) digits = (SHARP_PREFIX[verb] ?? '') + digits;
    if (verb === 'O') digits = '0o' + digits;
    const sign = n < 0 ? '-' : f.plus ? '+' : f.space ? ' ' : '';
    return pad(sign + digits, f, true, f.prec === undefined);
  }
  if (verb === 'c') return pad(String.fromCodePoint(validRune(n)), f);
  if (verb === 'q') return pad(quoteRune(validRune(n)), f);
  if (verb === 'U') {
    const u = 'U+' + n.toString(16).toUpperCase().padStart(4, '0');
    return pad(f.sharp ? `${u} '${String.fromCodePoint(validRune(n))}'` : u, f);
  }
  return badVerb(v, verb, f);
}

const SHARP_PREFIX: Record<string, string> = { b: '0b', o: '0', x: '0x', X: '0X' };

const validRune = (n: number) => (n < 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff) ? 0xfffd : n);

function formatFloat(v: GoVal, n: number, verb: string, f: Flags): string {
  let s: string;
  if (verb === 'v' || verb === 'g' || verb === 'G') s = fmtG(n, f.prec ?? -1, f.sharpV === true);
  else if (verb === 'f' || verb === 'F') s = fmtF(n, f.prec ?? 6);
  else if (verb === 'e' || verb === 'E') s = fmtE(n, f.prec ?? 6);
  else if (verb === 'x' || verb === 'X') s = fmtX(n);
  else return badVerb(v, verb, f);
  if (verb === 'E' || verb === 'G' || verb === 'X') s = s.toUpperCase();
  if (!s.startsWith('-') && !s.startsWith('+')) s = (f.plus ? '+' : f.space ? ' ' : '') + s;
  return pad(s, f, true);
}

/**
 * The exact decimal digits of a double and the position of its decimal point (value = 0.DIGITS ×
 * 10^point), so rounding to a precision is exact and ties go to even as strconv rounds them.
 */
function exactDecimal(x: number): { digits: string; point: number } {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const bits = buf.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp = expBits - 1075;
  if (expBits === 0) exp = -1074;
  else mant |= 1n << 52n;
  if (mant === 0n) return { digits: '0', point: 1 };
  if (exp >= 0) {
    const d = (mant << BigInt(exp)).toString();
    return { digits: d, point: d.length };
  }
  const d = (mant * 5n ** BigInt(-exp)).toString();
  return { digits: d, point: d.length + exp };
}

/** Round the digits to `nd` digits, half to even (strconv's decimal rounding). */
function roundDigits(dec: { digits: string; point: number }, nd: number): { digits: string; point: number } {
  const { digits, point } = dec;
  if (nd >= digits.length) return { digits: digits.padEnd(Math.max(nd, 0), '0'), point };
  if (nd < 0) return { digits: '', point };
  const rest = digits.slice(nd);
  const half = rest[0] === '5' && /^5?0*$/.test(rest);
  const up = rest[0]! > '5' || (rest[0] === '5' && (!half || (nd > 0 && Number(digits[nd - 1]) % 2 === 1)));
  let kept = digits.slice(0, nd);
  if (!up) return { digits: kept, point };
  const bumped = (BigInt(kept || '0') + 1n).toString();
  if (bumped.length > nd) return { digits: bumped.slice(0, Math.max(nd, 1)), point: point + 1 };
  kept = bumped.padStart(nd, '0');
  return { digits: kept, point };
}

/** strconv's %e: d.ddde±XX. */
function fmtE(n: number, prec: number): string {
  if (!Number.isFinite(n)) return fmtSpecial(n);
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  if (n === 0) return `${sign}0${prec > 0 ? '.' + '0'.repeat(prec) : ''}e+00`;
  const r = roundDigits(exactDecimal(n), prec + 1);
  return `${sign}${r.digits[0]}${prec > 0 ? '.' + r.digits.slice(1) : ''}e${expText(r.point - 1)}`;
}

const expText = (x: number) => `${x < 0 ? '-' : '+'}${String(Math.abs(x)).padStart(2, '0')}`;

/** strconv's %f. */
function fmtF(n: number, prec: number): string {
  if (!Number.isFinite(n)) return fmtSpecial(n);
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  const dec = n === 0 ? { digits: '0', point: 1 } : exactDecimal(n);
  const r = roundDigits(dec, dec.point + prec);
  let int = r.point > 0 ? r.digits.slice(0, r.point).padEnd(r.point, '0') : '0';
  int = int.replace(/^0+(?=\d)/, '');
  const frac = r.point >= 0 ? r.digits.slice(r.point) : '0'.repeat(-r.point) + r.digits;
  return sign + int + (prec > 0 ? '.' + frac.padEnd(prec, '0').slice(0, prec) : '');
}

/** strconv's %x for floats: -0x1.8p+01. */
function fmtX(n: number): string {
  if (!Number.isFinite(n)) return fmtSpecial(n);
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  if (n === 0) return `${sign}0x0p+00`;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(n));
  const bits = buf.getBigUint64(0);
  let exp = Number((bits >> 52n) & 0x7ffn) - 1023;
  let mant = bits & ((1n << 52n) - 1n);
  if (exp === -1023) {
    // Subnormal: normalise so the leading digit is 1.
    exp = -1022;
    while (!(mant & (1n << 52n))) {
      mant <<= 1n;
      exp--;
    }
    mant &= (1n << 52n) - 1n;
  }
  const frac = mant.toString(16).padStart(13, '0').replace(/0+$/, '');
  return `${sign}0x1${frac ? '.' + frac : ''}p${expText(exp)}`;
}

const fmtSpecial = (n: number) => (Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf');

/** strconv's %g (prec -1: the shortest digits that read back; %e from exponent 21 for %#v, else 6). */
function fmtG(n: number, prec: number, sharpV: boolean): string {
  if (!Number.isFinite(n)) return fmtSpecial(n);
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  let digits: string;
  let x: number;
  if (prec < 0) {
    const [mant, exp] = n.toExponential().split('e') as [string, string];
    digits = mant.replace('-', '').replace('.', '');
    x = Number(exp);
  } else {
    const r = roundDigits(exactDecimal(n), Math.max(prec, 1));
    digits = r.digits.replace(/0+$/, '') || '0';
    x = r.point - 1;
  }
  let eprec = prec < 0 ? (sharpV ? 21 : 6) : Math.max(prec, 1);
  if (prec >= 0 && eprec > digits.length && digits.length >= x + 1) eprec = digits.length;
  const sign = n < 0 ? '-' : '';
  if (x < -4 || x >= eprec) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${expText(x)}`;
  }
  if (x < 0) return `${sign}0.${'0'.repeat(-x - 1)}${digits}`;
  if (digits.length <= x + 1) return sign + digits + '0'.repeat(x + 1 - digits.length);
  return `${sign}${digits.slice(0, x + 1)}.${digits.slice(x + 1)}`;
}

function formatString(s: string, verb: string, f: Flags): string {
  const cut = f.prec !== undefined ? [...s].slice(0, f.prec).join('') : s;
  switch (verb) {
    case 'v':
      return pad(f.sharpV ? goQuote(s) : cut, f);
    case 's':
      return pad(cut, f);
    case 'q':
      if (f.sharp && !/[`\x00-\x08\x0a-\x1f\x7f\ufffd]/.test(cut)) return pad('`' + cut + '`', f);
      return pad(f.plus ? goQuoteASCII(cut) : goQuote(cut), f);
    case 'x':
    case 'X': {
      const hex = [...Buffer.from(cut, 'utf8')].map((b) => b.toString(16).padStart(2, '0'));
      let out = f.space ? hex.map((h) => (f.sharp ? '0x' + h : h)).join(' ') : (f.sharp ? '0x' : '') + hex.join('');
      if (verb === 'X') out = out.toUpperCase();
      return pad(out, f);
    }
  }
  return badVerb(s, verb, f);
}

/** Printable runes (Go's strconv.IsPrint), made on first use: creating a \p{...} class costs ~0.8 ms, at every start-up if done at the top. */
let printable: RegExp | undefined;
const ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };

function escapeRune(c: string, quote: string): string {
  if (c === quote || c === '\\') return '\\' + c;
  if ((printable ??= /[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u).test(c)) return c;
  if (ESCAPES[c]) return ESCAPES[c]!;
  const cp = c.codePointAt(0)!;
  if (cp < 0x20 || cp === 0x7f) return '\\x' + cp.toString(16).padStart(2, '0');
  if (cp < 0x10000) return '\\u' + cp.toString(16).padStart(4, '0');
  return '\\U' + cp.toString(16).padStart(8, '0');
}

/** strconv.Quote. */
export function goQuote(s: string): string {
  return '"' + [...s].map((c) => escapeRune(c, '"')).join('') + '"';
}

/** strconv.QuoteToASCII (%+q). */
function goQuoteASCII(s: string): string {
  return goQuote(s).replace(/[^\x00-\x7f]/gu, (c) => {
    const cp = c.codePointAt(0)!;
    return cp < 0x10000 ? '\\u' + cp.toString(16).padStart(4, '0') : '\\U' + cp.toString(16).padStart(8, '0');
  });
}

function quoteRune(n: number): string {
  return "'" + escapeRune(String.fromCodePoint(n), "'") + "'";
}

/** Is this value a Go map (a decoded JSON object)? */
export { isMap as isGoMap };
