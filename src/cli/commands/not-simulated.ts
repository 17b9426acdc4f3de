/**
 * kubectl's commands kube-sim does not simulate: each answers in one clear line (exit 1) instead of
 * "unknown command", whatever its arguments and flags, and a walkthrough reports it as unsupported.
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import { RawError } from '../../api/errors.js';
import { NOT_SIMULATED, notSimulatedText } from '../kubectl-commands.js';

/** Refuse in one line (`error: kube-sim does not simulate ...`), and tell a walkthrough it is unsupported. */
export function refuse(ctx: CommandContext, text: string): never {
  ctx.io.walkthrough?.unsupported(text.replace(/^error: /, ''));
  throw new RawError(text);
}

export function register(program: Command, h: Harness): void {
  for (const name of Object.keys(NOT_SIMULATED)) {
    program
      .command(name, { hidden: true })
      .description(`kubectl ${name}: not simulated`)
      .argument('[args...]')
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(h.action((ctx) => refuse(ctx, notSimulatedText(name))));
  }
}
