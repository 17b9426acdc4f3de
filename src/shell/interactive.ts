/**
 * An interactive simulated shell in a container (`exec -it POD -- sh`, `run --rm -it ... -- sh`): reads
 * lines from stdin, runs each command (each is one saved change, so files and network state persist), and
 * stops at `exit` or end of input. A command left open at the end of a line (`for ...; do`, an open quote,
 * a trailing `|`) reads the next lines first, as a shell does with its `> ` prompt. The prompt is the one
 * the image's shell shows; it is printed only when stdin is a terminal, as a real shell without a TTY
 * prints none.
 */
import type { CommandContext } from '../cli/context.js';
import type { KubeObject } from '../api/types.js';
import { getObject } from '../api/objects.js';
import { notFound } from '../api/errors.js';
import { flavorOf, programName, Shell } from './shell.js';
import { needsMoreInput } from './parse.js';
import { podSystem } from './system.js';
import type { System } from './types.js';
import { missingBinaryError } from './index.js';
import { ttyLines, type TtyInput } from './tty.js';

/** The prompt a shell shows: BusyBox ash `/ # `, bash on Debian `root@<host>:/# `, dash `# `. */
export function promptFor(sys: System, shellName: string, cwd: string): string {
  const flavor = flavorOf(sys, shellName);
  if (flavor === 'ash') return `${cwd === '/root' ? '~' : cwd} # `;
  if (flavor === 'bash') {
    if (sys.image.family === 'busybox') return 'bash-5.2# ';
    return `root@${sys.hostname}:${cwd === '/root' ? '~' : cwd}# `;
  }
  return '# ';
}

/** Is argv an interactive shell (a shell with no -c and no script)? */
export function isInteractiveShell(argv: string[]): boolean {
  const name = (argv[0] ?? '').split('/').pop()!;
  return ['sh', 'bash', 'ash', 'dash', 'zsh'].includes(name) && !argv.slice(1).some((a) => a === '-c' || !a.startsWith('-'));
}

/**
 * Run an interactive shell in `container` of pod `podName` (namespace from ctx) and return its exit code.
 * A missing shell fails like exec of any missing binary (its error is printed, exit 1). Lines come from
 * stdin. `command terminated with exit code N` is left to the caller.
 */
export async function runInteractiveShell(ctx: CommandContext, podName: string, container: string, argv: string[], opts: { tty?: boolean } = {}): Promise<number> {
  const ns = ctx.namespace;
  // A terminal is attached only with -t on a real terminal (callers that omit it get the stdin's nature).
  const tty = opts.tty ?? !!ctx.io.stdin?.isTTY;
  const shellName = (argv[0] ?? 'sh').split('/').pop()!;
  let shell: Shell | undefined;
  let prompt = '';
  const step = (line: string | null) =>
    ctx.mutate((state, env) => {
      const pod = getObject<KubeObject>(state, 'pods', ns, podName);
      if (!pod) throw notFound('pods', podName);
      const sys = podSystem(state, env, pod, container);
      sys.tty = tty;
      if (!shell) {
        if (!programName(sys, argv[0] ?? 'sh')) return { missing: true as const, message: missingBinaryError(env.runtimeRngFor(ns), argv[0] ?? 'sh') };
        shell = new Shell(flavorOf(sys, shellName), sys.vars, shellName);
      }
      const r = line === null ? undefined : shell.run(sys, line);
      return { missing: false as const, r, prompt: promptFor(sys, shellName, shell.cwd) };
    }).result;
  const first = step(null);
  if (first.missing) {
    ctx.err(`error: Internal error occurred: error executing command in container: ${first.message}\n`);
    return 1;
  }
  prompt = first.prompt;
  // Opened before the first prompt: a terminal goes raw before anything can be typed at the prompt.
  const inputs = shellInput(ctx, tty);
  if (tty) ctx.out(prompt);
  let pending = '';
  for await (const input of inputs) {
    if (input.kind === 'interrupt') {
      // Ctrl-C at the prompt: the line (and an unfinished command) is abandoned, $? is 128+SIGINT, and a
      // fresh prompt follows.
      pending = '';
      shell!.lastExit = 130;
      ctx.out(prompt);
      continue;
    }
    pending += pending ? `\n${input.text}` : input.text;
    if (needsMoreInput(pending)) {
      if (tty) ctx.out('> ');
      continue;
    }
    const res = step(pending);
    pending = '';
    if (res.missing) return 1;
    if (res.r) {
      ctx.out(res.r.stdout);
      ctx.err(res.r.stderr);
    }
    if (shell!.exited !== null) return shell!.exited;
    prompt = res.prompt;
    if (tty) ctx.out(prompt);
  }
  // An unfinished command at end of input is run anyway: the shell reports what it lacks.
  if (pending) {
    const res = step(pending);
    if (!res.missing && res.r) {
      ctx.out(res.r.stdout);
      ctx.err(res.r.stderr);
    }
    if (shell!.exited !== null) return shell!.exited;
  }
  // End of input: the shell exits with its last status (a terminal would print a newline on ^D).
  if (tty) ctx.out(shellName === 'bash' ? 'exit\n' : '\n');
  return shell?.lastExit ?? 0;
}

/**
 * Where the shell's lines come from: the terminal's keystrokes through the container's line editor in a
 * TTY session on a real terminal, else stdin's lines as they are (a pipe, a walkthrough, `-i` without `-t`).
 */
function shellInput(ctx: CommandContext, tty: boolean): AsyncIterable<TtyInput> {
  const stdin = ctx.io.stdin;
  if (tty && stdin?.keys) return ttyLines(stdin.keys(), (s) => ctx.out(s));
  return (async function* () {
    for await (const text of stdin?.lines?.() ?? []) yield { kind: 'line' as const, text };
  })();
}
