/**
 * An interactive simulated shell in a container (`exec -it POD -- sh`, `run --rm -it ... -- sh`): reads
 * lines from stdin, runs each command (each is one saved change, so files and network state persist), and
 * stops at `exit` or end of input. A command left open at the end of a line (`for ...; do`, an open quote,
 * a trailing `|`) reads the next lines first, as a shell does with its `> ` prompt. The prompt is the one
 * the image's shell shows; it is printed only when stdin is a terminal, as a real shell without a TTY
 * prints none.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import { getObject } from '../api/objects.js';
import { notFound } from '../api/errors.js';
import { flavorOf, programName, Shell } from './shell.js';
import { needsMoreInput } from './parse.js';
import { podSystem } from './system.js';
import type { System } from './types.js';
import { missingBinaryError } from './index.js';
import type { TtyInput } from './tty.js';

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

/** Run a change under the state's lock and return its result (CommandContext.mutate, unwrapped). */
export type Mutate = <T>(change: (state: ClusterState, env: Env) => T) => T;

/** What one complete command line typed at the prompt printed. */
export interface Turn {
  stdout: string;
  stderr: string;
}

/**
 * A shell at its prompt, wherever it runs (a pod's container, a node) and whoever talks to it (the CLI's
 * terminal, serve's WebSocket TTY): it runs complete command lines and says which prompt comes next.
 */
export interface ShellConversation {
  readonly shell: Shell;
  /** The prompt to show now (it follows `cd`). */
  prompt(): string;
  /** Run one complete command line (each is one saved change, so files and network state persist). */
  run(line: string): Turn;
}

/**
 * Talk to a shell until it exits or input ends, as an interactive shell reads its terminal: a command
 * left open at the end of a line (`for ...; do`, an open quote, a trailing `|`) reads the next lines
 * first, behind a `> ` prompt; Ctrl-C abandons the line and what was pending ($? is 130). Prompts are
 * shown only with a terminal (`tty`). Returns the shell's exit code.
 */
export async function converse(conv: ShellConversation, inputs: AsyncIterable<TtyInput>, out: (s: string) => void, err: (s: string) => void, tty: boolean): Promise<number> {
  const { shell } = conv;
  if (tty) out(conv.prompt());
  let pending = '';
  const turn = (line: string) => {
    const r = conv.run(line);
    out(r.stdout);
    err(r.stderr);
  };
  for await (const input of inputs) {
    if (input.kind === 'interrupt') {
      pending = '';
      shell.lastExit = 130;
      out(conv.prompt());
      continue;
    }
    pending += pending ? `\n${input.text}` : input.text;
    if (needsMoreInput(pending)) {
      if (tty) out('> ');
      continue;
    }
    turn(pending);
    pending = '';
    if (shell.exited !== null) return shell.exited;
    if (tty) out(conv.prompt());
  }
  // An unfinished command at end of input is run anyway: the shell reports what it lacks.
  if (pending) {
    turn(pending);
    if (shell.exited !== null) return shell.exited;
  }
  // End of input: the shell exits with its last status (a terminal would print a newline on ^D).
  if (tty) out(shell.name === 'bash' ? 'exit\n' : '\n');
  return shell.lastExit;
}

/**
 * An interactive shell (`argv`, e.g. `sh`) in `container` of pod `podName`, or why it cannot start
 * (the image has no such program: the runtime's message). `tty`: a terminal is attached.
 */
export function podConversation(mutate: Mutate, namespace: string, podName: string, container: string, argv: string[], tty: boolean): ShellConversation | { missing: string } {
  const shellName = (argv[0] ?? 'sh').split('/').pop()!;
  const system = (state: ClusterState, env: Env) => {
    const pod = getObject<KubeObject>(state, 'pods', namespace, podName);
    if (!pod) throw notFound('pods', podName);
    const sys = podSystem(state, env, pod, container);
    sys.tty = tty;
    return sys;
  };
  const start = mutate((state, env) => {
    const sys = system(state, env);
    if (!programName(sys, argv[0] ?? 'sh')) return { missing: missingBinaryError(env.runtimeRngFor(namespace), argv[0] ?? 'sh') };
    const shell = new Shell(flavorOf(sys, shellName), sys.vars, shellName);
    return { missing: undefined, shell, prompt: promptFor(sys, shellName, shell.cwd) };
  });
  if (start.missing !== undefined) return { missing: start.missing };
  const { shell } = start;
  let prompt = start.prompt;
  return {
    shell,
    prompt: () => prompt,
    run: (line) =>
      mutate((state, env) => {
        const sys = system(state, env);
        const r = shell.run(sys, line);
        prompt = promptFor(sys, shellName, shell.cwd);
        return r;
      }),
  };
}
