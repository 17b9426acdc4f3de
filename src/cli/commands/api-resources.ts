/**
 * `kube-sim api-resources`: the served resources from the registry as kubectl lists them (sorted by API
 * group, core first, then by name): NAME SHORTNAMES APIVERSION NAMESPACED KIND; -o wide adds VERBS and
 * CATEGORIES; -o name; --namespaced, --api-group, --sort-by, --no-headers.
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import type { KindInfo } from '../../api/kind.js';
import { servedResources } from '../../api/versions.js';
import { apiVersionOf, pluralOf } from '../../api/kind.js';
import { CliError } from '../../api/errors.js';
import { renderTable } from '../../printers/tabwriter.js';

interface Options {
  output?: string;
  namespaced?: string;
  apiGroup?: string;
  sortBy?: string;
  headers?: boolean;
  verbs?: string;
}

const VERBS = 'create,delete,deletecollection,get,list,patch,update,watch';

function verbs(k: KindInfo): string {
  return k.readOnly ? 'get,list,watch' : VERBS;
}

export function register(program: Command, h: Harness): void {
  program
    .command('api-resources')
    .description('Print the supported API resources on the server')
    .option('-o, --output <format>', 'Output format. One of: (wide, name)')
    .option('--namespaced <bool>', 'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default')
    .option('--api-group <group>', 'Limit to resources in the specified API group')
    .option('--sort-by <field>', 'If non-empty, sort list of resources using specified field. One of (name, kind)')
    .option('--no-headers', 'When using the default or custom-column output format, don\'t print headers')
    .option('--cached', 'Accepted; kube-sim has no discovery cache')
    .option('--verbs <verbs>', 'Limit to resources that support the specified verbs')
    .action(h.action<Options>((ctx, _args, opts) => {
      if (opts.output && opts.output !== 'wide' && opts.output !== 'name') {
        throw new CliError(`--output ${opts.output} is not available`);
      }
      if (opts.sortBy && opts.sortBy !== 'name' && opts.sortBy !== 'kind') {
        throw new CliError(`--sort-by accepts only name or kind`);
      }
      // What this cluster's version serves: one row per group a resource is served in (Ingress under
      // extensions and networking.k8s.io on 1.17, no IngressClass there).
      let kinds = servedResources(ctx.read().state);
      if (opts.namespaced !== undefined) kinds = kinds.filter((k) => k.namespaced === (opts.namespaced !== 'false'));
      if (opts.apiGroup !== undefined) kinds = kinds.filter((k) => k.group === opts.apiGroup);
      if (opts.verbs) {
        const wanted = opts.verbs.split(',').filter(Boolean);
        kinds = kinds.filter((k) => wanted.every((v) => verbs(k).split(',').includes(v)));
      }
      const key = (k: KindInfo) => (opts.sortBy === 'name' ? pluralOf(k) : opts.sortBy === 'kind' ? k.kind : k.group);
      kinds.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : pluralOf(a) < pluralOf(b) ? -1 : 1));
      if (opts.output === 'name') {
        for (const k of kinds) ctx.out(`${k.group ? `${pluralOf(k)}.${k.group}` : k.resource}\n`);
        return 0;
      }
      const wide = opts.output === 'wide';
      const rows: string[][] = [];
      if (opts.headers !== false) rows.push(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])]);
      for (const k of kinds) {
        rows.push([pluralOf(k), k.shortNames.join(','), apiVersionOf(k), String(k.namespaced), k.kind, ...(wide ? [verbs(k), (k.categories ?? []).join(',')] : [])]);
      }
      ctx.out(renderTable(rows));
      return 0;
    }));
}
