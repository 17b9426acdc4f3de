/** `kube-sim edit` (stub: owned by the api-core work). */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { CliError } from '../../api/errors.js';

export function register(program: Command, h: Harness): void {
  program
    .command('edit')
    .description('(not built yet)')
    .argument('[args...]')
    .allowUnknownOption(true)
    .action(h.action(() => {
      throw new CliError('kube-sim edit is not available yet');
    }));
}
