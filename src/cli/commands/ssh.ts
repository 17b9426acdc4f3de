/**
 * `kube-sim ssh NODE [-- COMMAND ARGS...]`: run a command on a node, as the chapter does from the master
 * node (curl to cluster IPs, pod IPs and node ports, ping, iptables-save, ipvsadm). The node's IP is the
 * source address. Without a command, an interactive bash reads lines from stdin (the terminal's keys on a
 * terminal, as `exec -it`).
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import { CliError, ExitCode, notFound } from '../../api/errors.js';
import { getObject } from '../../api/objects.js';
import { nodeSystem, runOn, Shell } from '../../shell/index.js';
import { handTraces } from '../../ui/inbox.js';
import { converse } from '../../shell/interactive.js';
import { terminalInput } from '../shell-session.js';

interface SshFlags {
  trace?: boolean;
}

function requireNode(state: Parameters<typeof getObject>[0], node: string): void {
  if (!getObject(state, 'nodes', undefined, node)) throw notFound('nodes', node);
}

/**
 * `ssh NODE` without a command: bash on the node, talked to as `exec -it ... -- sh` is (on a terminal,
 * the line editor, `> ` for an unfinished command, Ctrl-C; else stdin's lines).
 */
async function interactive(ctx: CommandContext, node: string, trace: boolean): Promise<number> {
  const tty = !!ctx.io.stdin?.isTTY;
  const shell = new Shell('bash', { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOSTNAME: node, HOME: '/root' }, 'bash');
  shell.cwd = '/root';
  const conversation = {
    shell,
    prompt: () => `root@${node}:${shell.cwd === '/root' ? '~' : shell.cwd}# `,
    run: (line: string) =>
      ctx.mutate((state, env) => {
        requireNode(state, node);
        const sys = nodeSystem(state, env, node);
        sys.tty = true;
        sys.trace = trace;
        return shell.run(sys, line);
      }).result,
  };
  return converse(conversation, terminalInput(ctx, tty), (s) => ctx.out(s), (s) => ctx.err(s), tty);
}

/** NODE and the command from the raw argv: the command's own flags (`curl -s`) are not kube-sim's. */
function split(cmd: Command, parsed: string[], flags: SshFlags): { node?: string; command: string[] } {
  let root: Command = cmd;
  while (root.parent) root = root.parent;
  const raw = ((root as unknown as { rawArgs?: string[] }).rawArgs ?? []) as string[];
  const at = raw.indexOf('ssh');
  if (at < 0) return { node: parsed[0], command: parsed.slice(1) };
  const rest = raw.slice(at + 1);
  let i = 0;
  for (; i < rest.length && rest[i]!.startsWith('-') && rest[i] !== '--'; i++) if (rest[i] === '--trace') flags.trace = true;
  const node = rest[i] === '--' ? undefined : rest[i];
  const after = rest.slice(i + 1);
  return { node, command: after[0] === '--' ? after.slice(1) : after };
}

async function run(ctx: CommandContext, args: string[], flags: SshFlags, cmd: Command): Promise<number> {
  const { node, command } = split(cmd, args, flags);
  if (!node) throw new CliError('a node name is required: kube-sim ssh NODE -- COMMAND [ARGS...]');
  requireNode(ctx.read().state, node);
  const code = command.length
    ? (() => {
        // The program runs without holding the lock (store/optimistic.ts).
        const { result } = ctx.mutateOptimistic((state, env) => runOn(nodeSystem(state, env, node), command, { tty: true, trace: flags.trace }));
        handTraces(ctx.store.location, result.traces);
        ctx.out(result.stdout);
        ctx.err(result.startError ? `bash: ${command[0]}: command not found\n` : result.stderr);
        return result.startError ? 127 : result.exitCode;
      })()
    : await interactive(ctx, node, !!flags.trace);
  if (code !== 0) throw new ExitCode(code);
  return 0;
}

export function register(program: Command, h: Harness): void {
  program
    .command('ssh')
    .description('kube-sim: run a command on a node (node IP as source): curl, ping, iptables-save, ipvsadm, ...')
    .usage('NODE [-- COMMAND [args...]]')
    .argument('[args...]')
    .option('--trace', 'print each network hop on stderr')
    .allowUnknownOption(true)
    .action(h.action<SshFlags>((ctx, args, opts, cmd) => run(ctx, args, opts, cmd)));
}
