/** `kube-sim explain` (stub: owned by the schema work). */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { CliError } from '../../api/errors.js';

export function register(program: Command, h: Harness): void {
  program
    .command('explain')
    .description('(not built yet)')
    .argument('[args...]')
    .allowUnknownOption(true)
    .action(h.action(() => {
      throw new CliError('kube-sim explain is not available yet');
    }));
}
