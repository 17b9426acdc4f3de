/**
 * `kube-sim attach (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t]`: attaches to a container's main process.
 * A container whose process is an interactive shell started with stdin (`run -it ... -- sh`) gets
 * `-i` sessions of the simulated shell, and kubectl's "Session ended" line after them (the shell's
 * `exit`, or the end of its input when it reads stdin once, ends the container's main process); any other
 * attach streams what the application writes from now on (its log lines, as other commands make it
 * write them) until the command is stopped (Ctrl-C, or at once in a walkthrough's foreground).
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import type { KubeObject } from '../../api/types.js';
import type { Container } from '../../kinds/pod-template.js';
import { CliError } from '../../api/errors.js';
import { runInteractiveShell } from '../shell-session.js';
import { attachReachesShell, endAttachedProcess, mainProcessArgv, sessionEndsProcess } from '../../shell/attach.js';
import { resolveExecPod } from './exec.js';
import { containerLogs } from '../../controllers/container-logs.js';

interface AttachFlags {
  container?: string;
  stdin?: boolean;
  tty?: boolean;
  quiet?: boolean;
}

/** How often an output-only attach looks for new output. */
const POLL_MS = 250;

/** podcmd.FindOrDefaultContainerByName, with its notice for a defaulted container. */
function containerOf(pod: KubeObject, name: string | undefined, quiet: boolean, notice: (s: string) => void): Container {
  const spec = pod.spec as { containers: Container[]; initContainers?: Container[]; ephemeralContainers?: Container[] };
  const all = [...spec.containers, ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];
  if (name) {
    const c = all.find((x) => x.name === name);
    if (!c) throw new CliError(`cannot attach to the container: container ${name} not found in pod ${pod.metadata.name}`);
    return c;
  }
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  const chosen = spec.containers.find((c) => c.name === annotated) ?? spec.containers[0]!;
  const names = [...spec.containers.map((c) => c.name), ...(spec.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`), ...(spec.initContainers ?? []).map((c) => `${c.name} (init)`)];
  if (names.length > 1 && !quiet) notice(`Defaulted container "${chosen.name}" out of: ${names.join(', ')}\n`);
  return chosen;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Stream the container's new output until the command is stopped. */
async function follow(ctx: CommandContext, pod: KubeObject, container: string): Promise<void> {
  const signal = ctx.io.signal;
  const ns = pod.metadata.namespace;
  let seen = containerLogs(ctx.read().state, pod, container, false).length;
  while (!signal?.aborted) {
    await sleep(POLL_MS, signal);
    const { state } = ctx.read();
    const live = state.objects.pods?.[`${ns}/${pod.metadata.name}`];
    if (!live || live.metadata.uid !== pod.metadata.uid) return;
    const lines = containerLogs(state, live, container, false);
    if (lines.length > seen) ctx.out(lines.slice(seen).map((l) => `${l}\n`).join(''));
    seen = Math.max(seen, lines.length);
  }
}

async function run(ctx: CommandContext, args: string[], flags: AttachFlags): Promise<number> {
  if (!args.length) throw new CliError('at least 1 argument is required for attach');
  if (args.length > 2) throw new CliError(`expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw ${args.length}: [${args.join(' ')}]`);
  const { state } = ctx.read();
  const pod = resolveExecPod(state, ctx.namespace, args.length === 2 ? `${args[0]}/${args[1]}` : args[0]!);
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new CliError(`cannot attach a container in a completed pod; current phase is ${phase}`);
  const c = containerOf(pod, flags.container, !!flags.quiet, (s) => ctx.err(s));
  let tty = !!flags.tty;
  if (tty && !c.tty) {
    tty = false;
    if (!flags.quiet) ctx.err(`error: Unable to use a TTY - container ${c.name} did not allocate one\n`);
  } else if (!tty && c.tty) tty = true;
  if (tty && flags.stdin && !ctx.io.stdin?.isTTY && !flags.quiet) {
    ctx.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    tty = false;
  }
  if (!flags.quiet) ctx.err("If you don't see a command prompt, try pressing enter.\n");
  if (attachReachesShell(c, !!flags.stdin)) {
    let exited = false;
    const code = await runInteractiveShell(ctx, pod.metadata.name, c.name, mainProcessArgv(c), { tty, onEnd: (e) => (exited = e) });
    if (sessionEndsProcess(c, exited)) ctx.mutate((state, env) => endAttachedProcess(state, env, pod, c.name, code));
    const restart = (pod.spec as { restartPolicy?: string }).restartPolicy ?? 'Always';
    if (!flags.quiet && tty && restart === 'Always') {
      ctx.out(`Session ended, resume using 'kubectl attach ${pod.metadata.name} -c ${c.name} -i -t' command when the pod is running\n`);
    }
    return 0;
  }
  await follow(ctx, pod, c.name);
  return 0;
}

export function register(program: Command, h: Harness): void {
  program
    .command('attach')
    .description('Attach to a running container')
    .argument('[args...]')
    .option('-c, --container <name>', 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen')
    .option('-i, --stdin', 'Pass stdin to the container')
    .option('-t, --tty', 'Stdin is a TTY')
    .option('-q, --quiet', 'Only print output from the remote session')
    .option('--pod-running-timeout <duration>', 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running')
    .action(h.action<AttachFlags>((ctx, args, opts) => run(ctx, args, opts)));
}
