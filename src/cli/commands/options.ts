/** `kube-sim options`: the global command-line options, as `kubectl options` lists them. */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { optionsText } from '../help.js';

export function register(program: Command, h: Harness): void {
  program
    .command('options')
    .description('Print the list of flags inherited by all commands')
    .action(h.action((ctx) => {
      ctx.out(optionsText(program, ctx.io.env.HOME ?? '~'));
    }));
}
