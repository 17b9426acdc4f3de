/** `kube-sim scale` (stub: owned by the workloads work). */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { CliError } from '../../api/errors.js';

export function register(program: Command, h: Harness): void {
  program
    .command('scale')
    .description('(not built yet)')
    .argument('[args...]')
    .allowUnknownOption(true)
    .action(h.action(() => {
      throw new CliError('kube-sim scale is not available yet');
    }));
}
