/**
 * The few host-side filters a walkthrough may pipe a command's stdout through (`| sort`, `| uniq [-c]`, `| grep X`,
 * `| head -n 5`, `| tail -3`, `| wc -l`), as tutorials do. They are pure text functions: nothing runs on
 * the host.
 */
import { shellWords } from '../util/shell-words.js';

/** Split a command line at unquoted `|` characters. */
export function splitPipeline(text: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quote = '';
  for (let k = 0; k < text.length; k++) {
    const ch = text[k]!;
    if (quote) {
      if (ch === quote) quote = '';
      else if (ch === '\\' && quote === '"' && k + 1 < text.length) {
        cur += ch + text[++k];
        continue;
      }
      cur += ch;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    if (ch === '\\' && k + 1 < text.length) {
      cur += ch + text[++k];
      continue;
    }
    if (ch === '|' && text[k + 1] !== '|' && text[k - 1] !== '|') {
      parts.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  parts.push(cur.trim());
  return parts;
}

/** A filter: stdout text in, stdout text out. */
export type Filter = (text: string) => string;

/** Build a filter from one pipeline segment, or throw with a message naming what is supported. */
export function parseFilter(segment: string | string[]): Filter {
  const [cmd, ...args] = typeof segment === 'string' ? shellWords(segment) : segment;
  const lines = (t: string) => (t === '' ? [] : t.replace(/\n$/, '').split('\n'));
  const join = (ls: string[]) => (ls.length ? ls.join('\n') + '\n' : '');
  switch (cmd) {
    case 'sort': {
      const reverse = args.includes('-r');
      return (t) => {
        const ls = lines(t).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        return join(reverse ? ls.reverse() : ls);
      };
    }
    case 'grep': {
      let invert = false;
      let icase = false;
      let pattern: string | undefined;
      for (let k = 0; k < args.length; k++) {
        const a = args[k]!;
        if (pattern === undefined && (a === '--' || a === '-e')) pattern = args[++k];
        else if (pattern === undefined && /^-[viEF]+$/.test(a)) {
          invert ||= a.includes('v');
          icase ||= a.includes('i');
        } else pattern ??= a;
      }
      if (pattern === undefined) throw new Error('grep needs a pattern');
      const re = new RegExp(pattern, icase ? 'i' : '');
      return (t) => join(lines(t).filter((l) => re.test(l) !== invert));
    }
    case 'head':
    case 'tail': {
      const n = countArg(args);
      return (t) => {
        const ls = lines(t);
        return join(cmd === 'head' ? ls.slice(0, n) : ls.slice(Math.max(0, ls.length - n)));
      };
    }
    case 'uniq': {
      const count = args.includes('-c');
      return (t) => {
        const out: string[] = [];
        let prev: string | undefined;
        let n = 0;
        const flush = () => {
          if (prev !== undefined) out.push(count ? `${String(n).padStart(7)} ${prev}` : prev);
        };
        for (const l of lines(t)) {
          if (l === prev) n++;
          else {
            flush();
            prev = l;
            n = 1;
          }
        }
        flush();
        return join(out);
      };
    }
    case 'wc':
      if (args[0] !== '-l') throw new Error('only "wc -l" is supported');
      return (t) => `${lines(t).length}\n`;
    default:
      throw new Error(`"${cmd ?? ''}" cannot be used in a walkthrough pipeline (supported: sort, uniq, grep, head, tail, wc -l)`);
  }
}

function countArg(args: string[]): number {
  if (args.length === 0) return 10;
  if (args[0] === '-n' && args[1]) return Number(args[1]);
  const m = /^-n?(\d+)$/.exec(args[0]!);
  if (m) return Number(m[1]);
  throw new Error(`unsupported arguments: ${args.join(' ')}`);
}
