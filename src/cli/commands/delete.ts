/**
 * `kube-sim delete`: by name, TYPE/NAME, -f, -l, --all. Dependents go with their owner (garbage collector)
 * unless `--cascade=orphan`; `--dry-run=server|client` deletes nothing. Each object is its own request:
 * one refused (a protected namespace) does not stop the others, and the errors come last.
 */
import type { Command } from 'commander';
import { hasFileFlags, readFileFlags } from '../file-flags.js';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { Env } from '../../env.js';
import type { KindInfo } from '../../api/kind.js';
import { CliError, notFound } from '../../api/errors.js';
import { kindPrefix, qualifiedResource } from '../../api/kind.js';
import { getObject, listObjects } from '../../api/objects.js';
import { parseSelector, matches } from '../../api/selectors.js';
import { decodeManifest, deleteObject, type DeleteOptions as ApiDeleteOptions } from '../../api/server.js';
import { propagationOf, CascadeFlagError } from '../../api/deletion.js';
import { dryRunMode } from './service-write.js';
import { parseResourceArgs } from '../resource-args.js';
import { servedView } from '../../api/versions.js';
import { formatError } from '../format-error.js';
import { deleteUnserved } from '../../addons/unserved.js';

interface DeleteOptions {
  cascade?: string | boolean;
  dryRun?: string | boolean;
  filename?: string[];
  kustomize?: string;
  selector?: string;
  all?: boolean;
  allNamespaces?: boolean;
  output?: string;
  force?: boolean;
  gracePeriod?: string;
  now?: boolean;
  ignoreNotFound?: boolean;
  wait?: boolean;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function register(program: Command, h: Harness): void {
  program
    .command('delete')
    .description('Delete resources by file names, stdin, resources and names, or by resources and label selector')
    .argument('[args...]')
    .option('-f, --filename <file>', 'containing the resource to delete', collect)
    .option('-k, --kustomize <dir>', 'Process a kustomization directory')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--all', 'Delete all resources, in the namespace of the specified resource types')
    .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces')
    .option('-o, --output <format>', 'Output mode. Use "-o name" for shorter output')
    .option('--force', 'Immediately remove resources from API')
    .option('--grace-period <seconds>', 'Period of time in seconds given to the resource to terminate gracefully')
    .option('--now', 'Resources are signaled for immediate shutdown (same as --grace-period=1)')
    .option('--ignore-not-found', 'Treat "resource not found" as a successful delete')
    .option('--wait [bool]', 'Accepted; deletion is immediate in kube-sim')
    .option('--cascade [strategy]', 'Must be "background", "orphan", or "foreground". Defaults to background.')
    .option('--dry-run [strategy]', 'Must be "none", "server", or "client".')
    .action(h.action<DeleteOptions>(async (ctx, args, opts) => {
      const how = deleteHow(ctx, opts);
      if (hasFileFlags(opts)) return deleteFromFiles(ctx, opts, how);
      const requests = parseResourceArgs(args);
      if (requests.length === 0) {
        throw new CliError(
          "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
        );
      }
      const named = requests.some((r) => r.names.length);
      if (!named && !opts.all && !opts.selector) {
        throw new CliError('resource(s) were provided, but no name was specified');
      }
      const force = opts.force && opts.gracePeriod === '0';
      const out: string[] = [];
      const errs: string[] = [];
      let warned = false;
      run(ctx, how, (state, env) => {
        for (const typed of requests) {
          // Named as this cluster's version serves the type (`ingress.extensions "x" deleted` on 1.17).
          const req = { ...typed, info: servedView(state, typed.info, typed.group, typed.typed, typed.version) };
          const ns = req.info.namespaced ? (opts.allNamespaces ? undefined : ctx.namespace) : undefined;
          let targets: KubeObject[];
          if (req.names.length) {
            targets = [];
            for (const name of req.names) {
              // By key: a named delete reads the one shard holding the object, not every object of the kind.
              const o = getObject(state, req.info.resource, req.info.namespaced ? ctx.namespace : undefined, name);
              if (o) targets.push(o);
              else if (!opts.ignoreNotFound) errs.push(formatError(notFound(qualifiedResource(req.info), name)).text);
            }
          } else {
            targets = listObjects(state, req.info.resource, ns);
            if (opts.selector) {
              const sel = parseSelector(opts.selector);
              targets = targets.filter((o) => matches(sel, o.metadata.labels));
            }
          }
          for (const o of targets) {
            if (ctx.namespaceExplicit && !req.info.namespaced && !warned) {
              // kubectl warns once when -n cannot scope what is deleted.
              out.push(WARN_CLUSTER_SCOPE);
              warned = true;
            }
            try {
              if (how.mode !== 'client') deleteObject(state, env, req.info, o.metadata.namespace, o.metadata.name, how.options);
              out.push(deletedLine(req.info, o.metadata.name, opts.output, force, how.mode));
            } catch (e) {
              errs.push(formatError(e).text);
            }
          }
        }
      });
      if (out.length === 0 && errs.length === 0 && !named) {
        ctx.err(opts.allNamespaces || !requests.some((r) => r.info.namespaced) ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`);
      }
      if (force && out.length) ctx.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
      for (const l of out) {
        if (l === WARN_CLUSTER_SCOPE) ctx.err(l);
        else ctx.out(l);
      }
      if (errs.length) {
        ctx.err(errs.join('\n') + '\n');
        return 1;
      }
      return 0;
    }));
}

const WARN_CLUSTER_SCOPE = 'Warning: deleting cluster-scoped resources, not scoped to the provided namespace\n';

/** How the objects are deleted: kubectl's dry-run mode and the DeleteOptions it sends. */
interface DeleteHow {
  mode: 'none' | 'client' | 'server';
  options: ApiDeleteOptions;
}

function deleteHow(ctx: CommandContext, opts: DeleteOptions): DeleteHow {
  const mode = dryRunMode(opts.dryRun);
  if (opts.cascade === 'false' || opts.cascade === false) {
    ctx.err('warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n');
  }
  let propagationPolicy;
  try {
    propagationPolicy = propagationOf(opts.cascade);
  } catch (e) {
    if (e instanceof CascadeFlagError) throw new CliError(e.message);
    throw e;
  }
  return { mode, options: { dryRun: mode === 'server', propagationPolicy } };
}

/** Run the deletes: under the lock when they are real, on a read when nothing will be stored. */
function run(ctx: CommandContext, how: DeleteHow, change: (state: ClusterState, env: Env) => void): void {
  if (how.mode === 'none') ctx.mutate(change);
  else {
    const { state, env } = ctx.read();
    change(state, env);
  }
}

function deletedLine(info: KindInfo, name: string, output: string | undefined, force: boolean | undefined, mode: DeleteHow['mode'] = 'none'): string {
  if (output === 'name') return `${kindPrefix(info)}/${name}\n`;
  const suffix = mode === 'client' ? ' (dry run)' : mode === 'server' ? ' (server dry run)' : '';
  return `${kindPrefix(info)} "${name}" ${force ? 'force deleted' : 'deleted'}${suffix}\n`;
}


async function deleteFromFiles(ctx: CommandContext, opts: DeleteOptions, how: DeleteHow): Promise<number> {
  const docs = await readFileFlags(ctx, opts);
  const out: string[] = [];
  const errs: string[] = [];
  run(ctx, how, (state, env) => {
    for (const d of docs) {
      try {
        // Kinds kube-sim does not serve, from bundled remote manifests (ingress-nginx deploy.yaml): line only.
        const unserved = deleteUnserved(state, d.source, d.doc, ctx.namespace);
        if (unserved !== undefined) {
          out.push(`${unserved}\n`);
          continue;
        }
        const { info, obj } = decodeManifest(state, d.doc, d.source, ctx.namespace, { validate: 'none' });
        if (how.mode === 'client') {
          if (!getObject(state, info.resource, info.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name)) throw notFound(qualifiedResource(info), obj.metadata.name);
        } else deleteObject(state, env, info, obj.metadata.namespace, obj.metadata.name, how.options);
        out.push(deletedLine(info, obj.metadata.name, opts.output, false, how.mode));
      } catch (e) {
        const isNotFound = (e as { reason?: string }).reason === 'NotFound';
        if (isNotFound && opts.ignoreNotFound) continue;
        errs.push(formatError(e, { verb: 'deleting', file: d.source, multi: docs.length > 1 }).text);
      }
    }
  });
  for (const l of out) ctx.out(l);
  if (errs.length) {
    ctx.err(errs.join('\n') + '\n');
    return 1;
  }
  return 0;
}
