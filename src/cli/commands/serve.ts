/** `kube-sim serve` (stub: owned by the serve work). */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { CliError } from '../../api/errors.js';

export function register(program: Command, h: Harness): void {
  program
    .command('serve')
    .description('(not built yet)')
    .argument('[args...]')
    .allowUnknownOption(true)
    .action(h.action(() => {
      throw new CliError('kube-sim serve is not available yet');
    }));
}
