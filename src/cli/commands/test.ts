/** `kube-sim test` (stub: owned by the walkthroughs work). */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { CliError } from '../../api/errors.js';

export function register(program: Command, h: Harness): void {
  program
    .command('test')
    .description('(not built yet)')
    .argument('[args...]')
    .allowUnknownOption(true)
    .action(h.action(() => {
      throw new CliError('kube-sim test is not available yet');
    }));
}
