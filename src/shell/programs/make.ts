/**
 * GNU make for the Makefiles tutorials ship (kubernetes/examples' `make keys KEY=/tmp/nginx.key ...`):
 * variables (`=`, `:=`, `?=`, `+=`, `VAR=value` on the command line winning over the file), rules with
 * prerequisites, recipes echoed (unless `@`) and run one line at a time by /bin/sh, `-` to ignore a failing
 * line, and make's own messages and exit code 2. No pattern rules, functions or timestamps beyond "the
 * target file exists and has no prerequisites".
 */
import { resolvePath } from '../fs.js';
import type { Shell, ShellIo } from '../shell.js';
import type { System } from '../types.js';
import type { Gen } from '../io.js';

interface Rule {
  prereqs: string[];
  recipe: { text: string; line: number }[];
}

interface Makefile {
  vars: Record<string, string>;
  rules: Map<string, Rule>;
  first?: string;
  /** Targets that are not files (.PHONY). */
  phony: Set<string>;
}

/** `$(VAR)`, `${VAR}` and `$$` expanded against the variables (recursively, as `=` variables are). */
function expand(text: string, vars: Record<string, string>, depth = 0): string {
  if (depth > 20) return text;
  return text.replace(/\$(?:\(([^()]*)\)|\{([^{}]*)\}|(\$)|([A-Za-z_]))/g, (_m, p, b, dollar, single) => {
    if (dollar) return '$';
    const name = (p ?? b ?? single) as string;
    return expand(vars[name] ?? '', vars, depth + 1);
  });
}

/** Parse a Makefile's text; command-line variables override the file's assignments. */
function parse(text: string, cli: Record<string, string>, env: Record<string, string>): Makefile {
  const mk: Makefile = { vars: { ...env, ...cli }, rules: new Map(), phony: new Set() };
  const lines = text.replace(/\\\n[ \t]*/g, ' ').split('\n');
  let current: Rule[] = [];
  lines.forEach((raw, i) => {
    if (raw.startsWith('\t')) {
      for (const r of current) r.recipe.push({ text: raw.slice(1), line: i + 1 });
      return;
    }
    const line = raw.replace(/(^|[^\\])#.*$/, '$1').trimEnd();
    if (!line.trim()) return;
    const assign = /^\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*(:=|::=|\?=|\+=|=)\s*(.*)$/.exec(line);
    if (assign) {
      const [, name, op, value] = assign as unknown as [string, string, string, string];
      current = [];
      if (Object.hasOwn(cli, name)) return;
      if (op === '?=' && Object.hasOwn(mk.vars, name)) return;
      if (op === '+=') mk.vars[name] = mk.vars[name] ? `${mk.vars[name]} ${value}` : value;
      else mk.vars[name] = op === ':=' || op === '::=' ? expand(value, mk.vars) : value;
      return;
    }
    const colon = line.indexOf(':');
    if (colon < 0) {
      current = [];
      return;
    }
    const targets = expand(line.slice(0, colon), mk.vars).split(/\s+/).filter(Boolean);
    const rest = line.slice(colon + 1);
    const semi = rest.indexOf(';');
    const prereqs = expand(semi >= 0 ? rest.slice(0, semi) : rest, mk.vars).split(/\s+/).filter(Boolean);
    current = [];
    for (const t of targets) {
      if (t === '.PHONY') {
        for (const p of prereqs) mk.phony.add(p);
        continue;
      }
      const rule = mk.rules.get(t) ?? { prereqs: [], recipe: [] };
      rule.prereqs.push(...prereqs);
      if (semi >= 0) rule.recipe.push({ text: rest.slice(semi + 1).trim(), line: i + 1 });
      mk.rules.set(t, rule);
      current.push(rule);
      if (!mk.first && !t.startsWith('.')) mk.first = t;
    }
  });
  return mk;
}

/** `make [-f FILE] [-C DIR] [-n] [VAR=value...] [TARGET...]`. */
export function* make(sh: Shell, sys: System, args: string[], io: ShellIo): Gen<number> {
  let file: string | undefined;
  let dryRun = false;
  let silent = false;
  const cli: Record<string, string> = {};
  const goals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-f' || a === '--file' || a === '--makefile') file = args[++i];
    else if (a === '-n' || a === '--dry-run' || a === '--just-print') dryRun = true;
    else if (a === '-s' || a === '--silent' || a === '--quiet') silent = true;
    else if (/^[A-Za-z_][A-Za-z0-9_.-]*=/.test(a)) cli[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
    else if (a.startsWith('-')) {
      io.err.write(`make: invalid option -- '${a.replace(/^-+/, '')}'\n`);
      sys.unsupported?.(`make ${a} is not simulated`);
      return 2;
    } else goals.push(a);
  }
  const candidates = file ? [file] : ['GNUmakefile', 'makefile', 'Makefile'];
  const found = candidates.find((f) => sys.fs.isFile(resolvePath(sh.cwd, f)));
  if (!found) {
    if (file) io.err.write(`make: ${file}: No such file or directory\nmake: *** No rule to make target '${file}'.  Stop.\n`);
    else io.err.write(goals.length ? `make: *** No rule to make target '${goals[0]}'.  Stop.\n` : 'make: *** No targets specified and no makefile found.  Stop.\n');
    return 2;
  }
  const mk = parse(sys.fs.read(resolvePath(sh.cwd, found)) ?? '', cli, sh.environ({}));
  if (!goals.length) {
    if (!mk.first) {
      io.err.write('make: *** No targets.  Stop.\n');
      return 2;
    }
    goals.push(mk.first);
  }
  const done = new Set<string>();
  let ranSomething = false;

  function* build(target: string, top: boolean): Gen<number> {
    if (done.has(target)) return 0;
    done.add(target);
    const rule = mk.rules.get(target);
    const exists = sys.fs.exists(resolvePath(sh.cwd, target));
    if (!rule) {
      if (exists) return 0;
      io.err.write(top ? `make: *** No rule to make target '${target}'.  Stop.\n` : `make: *** No rule to make target '${target}', needed by '${[...done][done.size - 2] ?? target}'.  Stop.\n`);
      return 2;
    }
    for (const p of rule.prereqs) {
      const code = yield* build(p, false);
      if (code !== 0) return code;
    }
    if (exists && !mk.phony.has(target) && rule.prereqs.length === 0) {
      if (top) io.out.write(`make: '${target}' is up to date.\n`);
      return 0;
    }
    const vars = { ...mk.vars, '@': target, '<': rule.prereqs[0] ?? '', '^': [...new Set(rule.prereqs)].join(' ') };
    for (const step of rule.recipe) {
      let text = expand(step.text, vars);
      let quiet = silent;
      let ignore = false;
      for (;;) {
        if (text.startsWith('@')) quiet = true;
        else if (text.startsWith('-')) ignore = true;
        else if (!text.startsWith('+')) break;
        text = text.slice(1);
      }
      ranSomething = true;
      if (!quiet || dryRun) io.out.write(`${text}\n`);
      if (dryRun) continue;
      // Each line is its own `/bin/sh -c` (Debian's dash), with make's variables exported as the shell's.
      const code = yield* sh.nestedShell(sys, 'sh', ['-c', text], io, sh.environ({}));
      if (code !== 0) {
        io.err.write(`make: *** [${found}:${step.line}: ${target}] Error ${code}${ignore ? ' (ignored)' : ''}\n`);
        if (!ignore) return 2;
      }
    }
    return 0;
  }

  for (const goal of goals) {
    const before = ranSomething;
    const code = yield* build(goal, true);
    if (code !== 0) return code;
    const rule = mk.rules.get(goal);
    if (!ranSomething && !before && rule && rule.recipe.length === 0) io.out.write(`make: Nothing to be done for '${goal}'.\n`);
  }
  return 0;
}
