/**
 * `kube-sim top node|pod`: kind has no metrics-server, so kubectl answers that the Metrics API is not
 * available (after its usual argument checks), exit 1.
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { CliError } from '../../api/errors.js';

const NO_METRICS = 'Metrics API not available';

export function register(program: Command, h: Harness): void {
  const top = program.command('top').description('Display resource (CPU/memory) usage');

  top
    .command('node')
    .aliases(['nodes', 'no'])
    .description('Display resource (CPU/memory) usage of nodes')
    .argument('[args...]')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--no-headers', 'If present, print output without headers')
    .option('--show-capacity', 'Print node resources based on Capacity instead of Allocatable(default) of the nodes.')
    .option('--sort-by <field>', "If non-empty, sort nodes list using specified field. The field can be either 'cpu' or 'memory'.")
    .option('--use-protocol-buffers', 'Enables using protocol-buffers to access Metrics API.')
    .action(h.action<{ selector?: string; sortBy?: string }>((ctx, args, opts) => {
      if (args.length > 1) throw new CliError('node [NAME | -l label]', 'top node');
      if (args.length && opts.selector) throw new CliError('only one of NAME or --selector can be provided');
      if (opts.sortBy && opts.sortBy !== 'cpu' && opts.sortBy !== 'memory') throw new CliError('--sort-by accepts only cpu or memory');
      ctx.read();
      throw new CliError(NO_METRICS);
    }));

  top
    .command('pod')
    .aliases(['pods', 'po'])
    .description('Display resource (CPU/memory) usage of pods')
    .argument('[args...]')
    .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.')
    .option('--containers', 'If present, print usage of containers within a pod.')
    .option('--field-selector <selector>', "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.")
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--no-headers', 'If present, print output without headers.')
    .option('--sort-by <field>', "If non-empty, sort pods list using specified field. The field can be either 'cpu' or 'memory'.")
    .option('--sum', 'Print the sum of the resource usage')
    .option('--use-protocol-buffers', 'Enables using protocol-buffers to access Metrics API.')
    .action(h.action<{ selector?: string; sortBy?: string }>((ctx, args, opts) => {
      if (args.length > 1) throw new CliError('pod [NAME | -l label]', 'top pod');
      if (args.length && opts.selector) throw new CliError('only one of NAME or selector can be provided');
      if (opts.sortBy && opts.sortBy !== 'cpu' && opts.sortBy !== 'memory') throw new CliError('--sort-by accepts only cpu or memory');
      ctx.read();
      throw new CliError(NO_METRICS);
    }));
}
