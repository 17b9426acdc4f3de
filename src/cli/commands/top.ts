/**
 * `kube-sim top node|pod`: kind has no metrics-server, so kubectl answers that the Metrics API is not
 * available (after its usual argument checks), exit 1.
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { CliError } from '../../api/errors.js';

interface TopFlags {
  selector?: string;
  fieldSelector?: string;
  sortBy?: string;
}

/** kubectl top's checks of its arguments, then the answer of a cluster without metrics-server. */
function noMetrics(what: 'node' | 'pod', h: Harness) {
  return h.action<TopFlags>((ctx, args, opts) => {
    if (args.length > 1) throw new CliError(`${what} [NAME | -l label]`, `top ${what}`);
    if (opts.sortBy && opts.sortBy !== 'cpu' && opts.sortBy !== 'memory') throw new CliError('--sort-by accepts only cpu or memory');
    if (args.length && (opts.selector || opts.fieldSelector)) throw new CliError(`only one of NAME or ${what === 'node' ? '--selector' : 'selector'} can be provided`);
    ctx.read();
    throw new CliError('Metrics API not available');
  });
}

/** The flags both subcommands have. */
function common(cmd: Command, what: string): Command {
  return cmd
    .argument('[args...]')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--no-headers', `If present, print output without headers${what === 'pod' ? '.' : ''}`)
    .option('--sort-by <field>', `If non-empty, sort ${what}s list using specified field. The field can be either 'cpu' or 'memory'.`)
    .option('--use-protocol-buffers', 'Enables using protocol-buffers to access Metrics API.');
}

export function register(program: Command, h: Harness): void {
  const top = program.command('top').description('Display resource (CPU/memory) usage');

  common(top.command('node').aliases(['nodes', 'no']).description('Display resource (CPU/memory) usage of nodes'), 'node')
    .option('--show-capacity', 'Print node resources based on Capacity instead of Allocatable(default) of the nodes.')
    .action(noMetrics('node', h));

  common(top.command('pod').aliases(['pods', 'po']).description('Display resource (CPU/memory) usage of pods'), 'pod')
    .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.')
    .option('--containers', 'If present, print usage of containers within a pod.')
    .option('--field-selector <selector>', "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.")
    .option('--sum', 'Print the sum of the resource usage')
    .action(noMetrics('pod', h));
}
