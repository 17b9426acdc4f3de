/**
 * The pure parts of word expansion: `${NAME<op>ARG}` operators over a value, shell glob patterns as
 * regular expressions, and tilde expansion. The interpreter (shell.ts) supplies values and expanded
 * arguments; nothing here runs a command.
 */
import type { ParamOp } from './parse.js';

/** A shell pattern (`*`, `?`, `[...]`) as a regular expression source. */
export function globSource(pattern: string): string {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let set = pattern.slice(i + 1, end);
        if (set.startsWith('!')) set = '^' + set.slice(1);
        re += `[${set.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) re += '\\' + pattern[++i];
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return re;
}

/** Does `text` match the shell pattern as a whole (`[[ x == y* ]]`, `case`)? */
export function globMatches(pattern: string, text: string): boolean {
  return new RegExp(`^${globSource(pattern)}$`, 's').test(text);
}

/** Remove the shortest (or longest) prefix or suffix matching `pattern`. */
function trim(value: string, pattern: string, suffix: boolean, longest: boolean): string {
  const re = new RegExp(`^${globSource(pattern)}$`, 's');
  const n = value.length;
  if (suffix) {
    if (longest) {
      for (let i = 0; i <= n; i++) if (re.test(value.slice(i))) return value.slice(0, i);
    } else for (let i = n; i >= 0; i--) if (re.test(value.slice(i))) return value.slice(0, i);
  } else if (longest) {
    for (let i = n; i >= 0; i--) if (re.test(value.slice(0, i))) return value.slice(i);
  } else for (let i = 0; i <= n; i++) if (re.test(value.slice(0, i))) return value.slice(i);
  return value;
}

/**
 * `${NAME op ARG}` given the variable's value (undefined when unset) and ARG already expanded. Returns the
 * expansion and, for `:=`/`=`, the value to assign; `:?`/`?` report through `error`.
 */
export function applyParamOp(op: ParamOp, value: string | undefined, arg: string, error: (msg: string) => never): { text: string; assign?: string } {
  const unsetOrEmpty = value === undefined || value === '';
  switch (op) {
    case 'len':
      return { text: String((value ?? '').length) };
    case ':-':
      return { text: unsetOrEmpty ? arg : value };
    case '-':
      return { text: value === undefined ? arg : value };
    case ':=':
      return unsetOrEmpty ? { text: arg, assign: arg } : { text: value };
    case '=':
      return value === undefined ? { text: arg, assign: arg } : { text: value };
    case ':+':
      return { text: unsetOrEmpty ? '' : arg };
    case '+':
      return { text: value === undefined ? '' : arg };
    case ':?':
      return unsetOrEmpty ? error(arg || 'parameter null or not set') : { text: value };
    case '?':
      return value === undefined ? error(arg || 'parameter not set') : { text: value };
    case '%':
    case '%%':
      return { text: trim(value ?? '', arg, true, op === '%%') };
    case '#':
    case '##':
      return { text: trim(value ?? '', arg, false, op === '##') };
    case '/':
    case '//': {
      const slash = arg.indexOf('/');
      const pattern = slash < 0 ? arg : arg.slice(0, slash);
      const replacement = slash < 0 ? '' : arg.slice(slash + 1);
      if (!pattern) return { text: value ?? '' };
      const re = new RegExp(globSource(pattern), op === '//' ? 'gs' : 's');
      return { text: (value ?? '').replace(re, () => replacement) };
    }
  }
}
