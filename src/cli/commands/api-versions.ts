/** `kube-sim api-versions`: the group/versions the simulated cluster serves, sorted as kubectl prints them. */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { servedGroupVersions } from '../../api/versions.js';

export function register(program: Command, h: Harness): void {
  program
    .command('api-versions')
    .description('Print the supported API versions on the server, in the form of "group/version"')
    .allowExcessArguments()
    .action(h.action((ctx) => {
      const { state } = ctx.read();
      ctx.out(servedGroupVersions(state).sort().map((v) => `${v}\n`).join(''));
    }));
}
