/**
 * Glue between commander and the commands: builds each command's context from the global flags, runs
 * it, and turns whatever it throws into kubectl's text and exit code through the one formatter.
 */
import type { Command } from 'commander';
import type { Io } from './io.js';
import { CommandContext, type GlobalFlags } from './context.js';
import { ErrorAfterOutput } from '../api/errors.js';
import { formatError } from './format-error.js';
import { paintError } from './colour.js';
import { KUBECTL_COMMANDS } from './kubectl-commands.js';

/** kubectl's commands that need no cluster (and kube-sim's own commands, which need no kubeconfig). */
const CLIENT_ONLY = new Set(['config', 'completion', 'options', '__complete', 'help']);

/** Does this kubectl command reach the cluster through the kubeconfig's context? */
function talksToCluster(cmd: Command): boolean {
  let top = cmd;
  while (top.parent?.parent) top = top.parent;
  return KUBECTL_COMMANDS.includes(top.name()) && !CLIENT_ONLY.has(top.name());
}

export class Harness {
  exitCode = 0;
  constructor(public io: Io) {}

  /** Serve another run with the same program (program.ts keeps built programs for the next run). */
  rebind(io: Io): void {
    this.io = io;
    this.exitCode = 0;
  }

  /**
   * Wrap a command implementation as a commander action. `fn` receives the context, the positional
   * arguments (variadic ones flattened), the command's options, and the commander Command.
   */
  action<O extends object = Record<string, unknown>>(
    fn: (ctx: CommandContext, args: string[], opts: O, cmd: Command) => Promise<number | void> | number | void,
  ) {
    return async (...params: unknown[]) => {
      const cmd = params[params.length - 1] as Command;
      const opts = params[params.length - 2] as O;
      const args = (params.slice(0, -2) as (string | string[] | undefined)[]).flatMap((a) => (a === undefined ? [] : a));
      const globals = cmd.optsWithGlobals() as GlobalFlags & O;
      const ctx = new CommandContext(this.io, { namespace: globals.namespace, state: globals.state, context: globals.context }, talksToCluster(cmd));
      try {
        const code = await fn(ctx, args, opts, cmd);
        this.exitCode = typeof code === 'number' ? code : 0;
      } catch (e) {
        if (e instanceof ErrorAfterOutput) this.io.stdout.write(e.stdout);
        const { text, code } = formatError(e);
        if (text) this.io.stderr.write((await paintError(this.io.stderr, this.io.env, text)) + '\n');
        this.exitCode = code;
      }
    };
  }
}
