/**
 * sed as tutorials and non-interactive editors use it (GNU sed 4.9): `s/RE/REPLACEMENT/[gpiN]` with any
 * delimiter, `&` and `\1`..`\9`, `\n` in replacements; `d`, `p`, `q`, `y/abc/xyz/`, GNU one-line `a`, `i`
 * and `c`; addresses (N, `$`, /RE/, ranges, `!`); `-n`, `-e`, `-E`/`-r`, `-i[SUFFIX]` on files, `;` and
 * newlines between commands. Anything else is reported as not simulated.
 */
import { resolvePath } from '../fs.js';
import { result, type Program } from '../types.js';
import { posixSource } from './regex.js';
import { notSimulated } from './text.js';

type Address = { line: number } | { last: true } | { re: RegExp };

interface SedCommand {
  a1?: Address;
  a2?: Address;
  negate: boolean;
  cmd: string;
  /** s: the expression and replacement; y: the two sets; a/i/c: the text. */
  re?: RegExp;
  replacement?: string;
  nth?: number;
  global?: boolean;
  print?: boolean;
  from?: string;
  to?: string;
  text?: string;
  /** A range that has started and not yet ended. */
  active?: boolean;
}

class SedError extends Error {}

/** Parse a sed script into commands. */
function parseScript(script: string, extended: boolean): SedCommand[] {
  const cmds: SedCommand[] = [];
  let i = 0;
  const s = script;
  const skipBlanks = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  };
  /** Text up to an unescaped `delim`, with `\delim` unescaped. */
  const delimited = (delim: string): string => {
    let out = '';
    for (; i < s.length; i++) {
      const c = s[i]!;
      if (c === '\\' && i + 1 < s.length) {
        const d = s[i + 1]!;
        out += d === delim ? d : c + d;
        i++;
        continue;
      }
      if (c === delim) {
        i++;
        return out;
      }
      if (c === '\n') break;
      out += c;
    }
    throw new SedError(`unterminated \`s' command`);
  };
  const address = (): Address | undefined => {
    if (/\d/.test(s[i] ?? '')) {
      const m = /^\d+/.exec(s.slice(i))![0];
      i += m.length;
      return { line: Number(m) };
    }
    if (s[i] === '$') {
      i++;
      return { last: true };
    }
    if (s[i] === '/' || (s[i] === '\\' && i + 1 < s.length)) {
      const delim = s[i] === '/' ? '/' : s[++i]!;
      i++;
      const re = delimited(delim);
      let flags = '';
      if (s[i] === 'I') ((flags = 'i'), i++);
      return { re: new RegExp(posixSource(re, extended), flags) };
    }
    return undefined;
  };
  while (i < s.length) {
    while (i < s.length && /[\s;]/.test(s[i]!)) i++;
    if (i >= s.length) break;
    if (s[i] === '#') {
      while (i < s.length && s[i] !== '\n') i++;
      continue;
    }
    const c: SedCommand = { negate: false, cmd: '' };
    c.a1 = address();
    if (c.a1 && s[i] === ',') {
      i++;
      c.a2 = address();
      if (!c.a2) throw new SedError('unexpected `,\'');
    }
    skipBlanks();
    if (s[i] === '!') {
      c.negate = true;
      i++;
      skipBlanks();
    }
    const cmd = s[i++];
    if (cmd === undefined) throw new SedError('missing command');
    c.cmd = cmd;
    switch (cmd) {
      case 's': {
        const delim = s[i++];
        if (!delim || delim === '\n' || delim === '\\') throw new SedError(`unterminated \`s' command`);
        const re = delimited(delim);
        c.replacement = delimited(delim);
        let flags = '';
        while (i < s.length && /[gpiIe0-9mM]/.test(s[i]!)) {
          const f = s[i++]!;
          if (f === 'g') c.global = true;
          else if (f === 'p') c.print = true;
          else if (f === 'i' || f === 'I') flags += 'i';
          else if (/\d/.test(f)) c.nth = Number((c.nth ?? 0) * 10 + Number(f));
          else throw new SedError(`the s///${f} flag is not simulated`);
        }
        if (s[i] === 'w') throw new SedError('the s///w flag is not simulated');
        c.re = new RegExp(posixSource(re, extended), `g${flags}`);
        break;
      }
      case 'y': {
        const delim = s[i++]!;
        c.from = delimited(delim).replace(/\\n/g, '\n');
        c.to = delimited(delim).replace(/\\n/g, '\n');
        if ([...c.from].length !== [...c.to].length) throw new SedError('strings for `y\' command are different lengths');
        break;
      }
      case 'a':
      case 'i':
      case 'c': {
        // GNU one-liner `a text`, and the classic `a\` followed by the text.
        if (s[i] === '\\') i++;
        if (s[i] === '\n') i++;
        skipBlanks();
        let text = '';
        while (i < s.length && s[i] !== '\n') {
          if (s[i] === '\\' && i + 1 < s.length) {
            text += s[i + 1] === 'n' ? '\n' : s[i + 1];
            i += 2;
            continue;
          }
          text += s[i++];
        }
        c.text = text;
        break;
      }
      case 'd':
      case 'p':
      case 'q':
      case 'Q':
      case '=':
        break;
      default:
        throw new SedError(`the command \`${cmd}' is not simulated`);
    }
    skipBlanks();
    if (i < s.length && !/[;\n}]/.test(s[i]!)) throw new SedError(`extra characters after command`);
    cmds.push(c);
  }
  return cmds;
}

/** The replacement text for one match: `&`, `\1`..`\9`, `\n`, `\t`, escaped characters. */
function expandReplacement(rep: string, m: RegExpExecArray | string[]): string {
  let out = '';
  for (let i = 0; i < rep.length; i++) {
    const c = rep[i]!;
    if (c === '&') out += m[0];
    else if (c === '\\' && i + 1 < rep.length) {
      const d = rep[++i]!;
      if (/[0-9]/.test(d)) out += m[Number(d)] ?? '';
      else if (d === 'n') out += '\n';
      else if (d === 't') out += '\t';
      else out += d;
    } else out += c;
  }
  return out;
}

function matchesAddress(a: Address, n: number, isLast: boolean, line: string): boolean {
  if ('line' in a) return n === a.line;
  if ('last' in a) return isLast;
  return a.re.test(line);
}

/** Does command `c` apply to line `n`? (ranges keep their state on the command). */
function selected(c: SedCommand, n: number, isLast: boolean, line: string): boolean {
  let hit: boolean;
  if (!c.a1) hit = true;
  else if (!c.a2) hit = matchesAddress(c.a1, n, isLast, line);
  else if (c.active) {
    hit = true;
    if ('line' in c.a2 ? n >= c.a2.line : matchesAddress(c.a2, n, isLast, line)) c.active = false;
  } else if (matchesAddress(c.a1, n, isLast, line)) {
    hit = true;
    c.active = !('line' in c.a2 && c.a2.line <= n);
  } else hit = false;
  return hit !== c.negate;
}

/** Run the script over a text; returns the output. */
function runSed(cmds: SedCommand[], text: string, quiet: boolean): string {
  const input = text.split('\n');
  const endsWithNewline = input[input.length - 1] === '';
  if (endsWithNewline) input.pop();
  let out = '';
  for (let n = 1; n <= input.length; n++) {
    let ps = input[n - 1]!;
    const isLast = n === input.length;
    const nl = isLast && !endsWithNewline ? '' : '\n';
    let deleted = false;
    let quit: 'q' | 'Q' | undefined;
    const appended: string[] = [];
    for (const c of cmds) {
      if (!selected(c, n, isLast, ps)) continue;
      if (c.cmd === 's') {
        let count = 0;
        let did = false;
        const nth = c.nth ?? 1;
        ps = ps.replace(c.re!, (...m) => {
          count++;
          // The arguments end with the offset and the whole string; before them, the match and its groups.
          const groups = m.slice(0, -2) as string[];
          if (count < nth || (!c.global && count > nth)) return groups[0]!;
          did = true;
          return expandReplacement(c.replacement!, groups);
        });
        if (did && c.print) out += ps + '\n';
      } else if (c.cmd === 'y') {
        const from = [...c.from!];
        const to = [...c.to!];
        ps = [...ps].map((ch) => (from.includes(ch) ? to[from.indexOf(ch)]! : ch)).join('');
      } else if (c.cmd === 'd') {
        deleted = true;
        break;
      } else if (c.cmd === 'p') out += ps + '\n';
      else if (c.cmd === '=') out += `${n}\n`;
      else if (c.cmd === 'a') appended.push(c.text!);
      else if (c.cmd === 'i') out += c.text + '\n';
      else if (c.cmd === 'c') {
        if (!c.a2 || !c.active) out += c.text + '\n';
        deleted = true;
        break;
      } else if (c.cmd === 'q' || c.cmd === 'Q') {
        quit = c.cmd;
        break;
      }
    }
    if (!deleted && !quiet && quit !== 'Q') out += ps + nl;
    for (const a of appended) out += a + '\n';
    if (quit) break;
  }
  return out;
}

export const sed: Program = (args, ctx) => {
  const scripts: string[] = [];
  const files: string[] = [];
  let quiet = false;
  let extended = false;
  let inPlace: string | undefined;
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (a === '-n' || a === '--quiet' || a === '--silent') quiet = true;
    else if (a === '-E' || a === '-r' || a === '--regexp-extended') extended = true;
    else if (a === '-e' || a === '--expression') scripts.push(args[++k] ?? '');
    else if (a.startsWith('--expression=')) scripts.push(a.slice(13));
    else if (a === '-i' || a === '--in-place') inPlace = '';
    else if (a.startsWith('-i')) inPlace = a.slice(2);
    else if (a.startsWith('--in-place=')) inPlace = a.slice(11);
    else if (/^-[nErs]+$/.test(a)) {
      if (a.includes('n')) quiet = true;
      if (a.includes('E') || a.includes('r')) extended = true;
    } else if (a === '-s' || a === '--separate' || a === '-u') continue;
    else if (a.startsWith('-') && a !== '-') return notSimulated(ctx, 'sed', a);
    else if (!scripts.length && !args.slice(0, k).some((x) => x === '-e' || x.startsWith('--expression'))) scripts.push(a);
    else files.push(a);
  }
  if (!scripts.length) return result('', 'Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n', 1);
  let cmds: SedCommand[];
  try {
    cmds = parseScript(scripts.join('\n'), extended);
  } catch (e) {
    if (e instanceof SedError && /not simulated/.test(e.message)) return notSimulated(ctx, 'sed', e.message.replace(/ is not simulated$/, ''));
    return result('', `sed: -e expression #1, char ${scripts[0]!.length}: ${e instanceof SedError ? e.message : 'invalid regular expression'}\n`, 1);
  }
  if (inPlace !== undefined) {
    if (!files.length) return result('', 'sed: no input files\n', 1);
    let err = '';
    for (const f of files) {
      const p = resolvePath(ctx.cwd, f);
      const text = ctx.sys.fs.read(p);
      if (text === undefined) {
        err += `sed: can't read ${f}: No such file or directory\n`;
        continue;
      }
      for (const c of cmds) c.active = false;
      if (inPlace) ctx.sys.fs.write(`${p}${inPlace}`, text);
      ctx.sys.fs.write(p, runSed(cmds, text, quiet));
    }
    return result('', err, err ? 2 : 0);
  }
  let text = '';
  let err = '';
  if (!files.length) text = ctx.stdin;
  for (const f of files) {
    if (f === '-') {
      text += ctx.stdin;
      continue;
    }
    const t = ctx.sys.fs.read(resolvePath(ctx.cwd, f));
    if (t === undefined) err += `sed: can't read ${f}: No such file or directory\n`;
    else text += t;
  }
  return result(runSed(cmds, text, quiet), err, err ? 2 : 0);
};

