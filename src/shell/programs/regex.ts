/** POSIX regular expressions (basic and extended, as grep, sed and awk read them) as JavaScript ones. */

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~',
  graph: '!-~',
  word: 'A-Za-z0-9_',
};

/** A bracket expression `[...]` starting at p[i]: its JavaScript form and the index after it. */
function bracket(p: string, i: number): { src: string; end: number } | null {
  let j = i + 1;
  let out = '[';
  if (p[j] === '^') {
    out += '^';
    j++;
  }
  if (p[j] === ']') {
    out += '\\]';
    j++;
  }
  for (; j < p.length; j++) {
    const c = p[j]!;
    if (c === ']') return { src: out + ']', end: j + 1 };
    if (c === '[' && p[j + 1] === ':') {
      const close = p.indexOf(':]', j + 2);
      if (close > 0) {
        out += CLASSES[p.slice(j + 2, close)] ?? '';
        j = close + 1;
        continue;
      }
    }
    out += c === '\\' || c === '[' ? `\\${c}` : c;
  }
  return null;
}

/** Translate a POSIX regular expression (BRE unless `extended`) into JavaScript regex source. */
export function posixSource(pattern: string, extended: boolean): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '[') {
      const b = bracket(pattern, i);
      if (b) {
        out += b.src;
        i = b.end - 1;
        continue;
      }
      out += '\\[';
      continue;
    }
    if (c === '\\' && i + 1 < pattern.length) {
      const d = pattern[++i]!;
      if (d === '<' || d === '>') out += '\\b';
      else if (!extended && '(){}|+?'.includes(d)) out += d;
      else if ('wWsSbB'.includes(d)) out += `\\${d}`;
      else if (/[0-9]/.test(d)) out += `\\${d}`;
      else if (d === 'n') out += '\\n';
      else if (d === 't') out += '\\t';
      else out += d.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      continue;
    }
    if (!extended && '(){}|+?'.includes(c)) {
      out += `\\${c}`;
      continue;
    }
    if (extended && c === '{' && !/^\{\d*(,\d*)?\}/.test(pattern.slice(i))) {
      out += '\\{';
      continue;
    }
    if (c === '*' && (out === '' || out.endsWith('(') || out.endsWith('|') || (!extended && out === '^'))) {
      out += '\\*';
      continue;
    }
    if (c === '/') {
      out += '\\/';
      continue;
    }
    out += c;
  }
  return out;
}

export interface RegexOptions {
  extended?: boolean;
  fixed?: boolean;
  icase?: boolean;
  /** Whole words only (grep -w). */
  word?: boolean;
  /** Whole lines only (grep -x). */
  line?: boolean;
  global?: boolean;
}

/** Compile a POSIX pattern; throws a SyntaxError with the JavaScript engine's words when it is invalid. */
export function posixRegex(pattern: string, o: RegexOptions = {}): RegExp {
  let src = o.fixed ? pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') : posixSource(pattern, !!o.extended);
  if (o.word) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
  if (o.line) src = `^(?:${src})$`;
  return new RegExp(src, `${o.icase ? 'i' : ''}${o.global ? 'g' : ''}`);
}
