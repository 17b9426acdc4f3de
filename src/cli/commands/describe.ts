/**
 * `kube-sim describe`: TYPE [NAME...], TYPE/NAME, -l, -A, or every object of a type. Each object is
 * rendered by its kind's describer (the generic one when a kind has none); objects are separated as
 * kubectl does ("\n\n" before each but the first). A single `TYPE NAME` that does not exist falls back
 * to kubectl's name-prefix match.
 */
import type { Command } from 'commander';
import { hasFileFlags, readFileFlags } from '../file-flags.js';
import type { Harness } from '../harness.js';
import type { KubeObject } from '../../api/types.js';
import type { KindInfo, PrintContext } from '../../api/kind.js';
import { CliError, notFound } from '../../api/errors.js';
import { qualifiedResource } from '../../api/kind.js';
import { getObject, listObjects } from '../../api/objects.js';
import { parseSelector, matches } from '../../api/selectors.js';
import { manifestTargets } from '../manifest-targets.js';
import { parseResourceArgs } from '../resource-args.js';
import { presentObject, servedView } from '../../api/versions.js';
import { formatError } from '../format-error.js';
import { describeGeneric } from '../../printers/describe-generic.js';

interface DescribeOptions {
  selector?: string;
  allNamespaces?: boolean;
  filename?: string[];
  kustomize?: string;
  showEvents?: string | boolean;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** One object's describe text through its kind's describer. */
export function describeObject(info: KindInfo, obj: KubeObject, ctx: PrintContext): string {
  return (info.describe ?? describeGeneric)(obj, ctx);
}

export function register(program: Command, h: Harness): void {
  program
    .command('describe')
    .description('Show details of a specific resource or group of resources')
    .argument('[args...]')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces')
    .option('-f, --filename <file>', 'Filename, directory, or URL to files containing the resource to describe', collect)
    .option('-k, --kustomize <dir>', 'Process the kustomization directory')
    .option('--show-events [bool]', 'If true, display events related to the described object')
    .action(h.action<DescribeOptions>(async (ctx, args, opts) => {
      if (args.length === 0 && !hasFileFlags(opts)) {
        throw new CliError('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
      }
      const { state, env } = ctx.read();
      const pctx: PrintContext = { now: env.now(), state };
      const showEvents = opts.showEvents !== 'false';
      const render = (info: KindInfo, o: KubeObject) => {
        // --show-events=false: describe against a state view without events.
        const view = showEvents ? pctx : { now: pctx.now, state: { ...state, objects: { ...state.objects, events: {} } } };
        return describeObject(info, o, view);
      };
      const found: { info: KindInfo; obj: KubeObject }[] = [];
      const errors: string[] = [];
      if (hasFileFlags(opts)) {
        const docs = await readFileFlags(ctx, opts, { bareErrors: true });
        for (const t of manifestTargets(state, docs, ctx.namespace)) {
          if ('error' in t) {
            errors.push(t.error);
            continue;
          }
          const live = getObject(state, t.info.resource, t.namespace, t.name);
          if (live) found.push({ info: t.info, obj: live });
          else errors.push(formatError(notFound(qualifiedResource(t.info), t.name)).text);
        }
      }
      const requests = parseResourceArgs(args, false).map((r) => ({ ...r, info: servedView(state, r.info, r.group, r.typed, r.version) }));
      const selector = opts.selector ? parseSelector(opts.selector) : undefined;
      for (const req of requests) {
        if (req.names.length) {
          if (opts.allNamespaces) throw new CliError('a resource cannot be retrieved by name across all namespaces');
          for (const name of req.names) {
            const o = getObject(state, req.info.resource, req.info.namespaced ? ctx.namespace : undefined, name);
            if (o) found.push({ info: req.info, obj: presentObject(state, req.info, o) });
            else errors.push(formatError(notFound(qualifiedResource(req.info), name)).text);
          }
        } else {
          let objs = listObjects(state, req.info.resource, req.info.namespaced && !opts.allNamespaces ? ctx.namespace : undefined);
          if (selector) objs = objs.filter((o) => matches(selector, o.metadata.labels));
          for (const o of objs) found.push({ info: req.info, obj: presentObject(state, req.info, o) });
        }
      }
      // kubectl: `describe TYPE NAME` with no exact match describes every object whose name starts with NAME.
      if (args.length === 2 && !args[0]!.includes('/') && requests.length === 1 && found.length === 0 && errors.length === 1 && !hasFileFlags(opts)) {
        const req = requests[0]!;
        const prefix = args[1]!;
        const matched = listObjects(state, req.info.resource, req.info.namespaced ? ctx.namespace : undefined).filter((o) => o.metadata.name.startsWith(prefix));
        if (matched.length) {
          for (const o of matched) ctx.out(render(req.info, o) + '\n');
          return 0;
        }
      }
      found.forEach(({ info, obj }, i) => ctx.out((i === 0 ? '' : '\n\n') + render(info, obj)));
      if (found.length === 0 && errors.length === 0) {
        ctx.err(opts.allNamespaces ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`);
      }
      if (errors.length) {
        ctx.err(errors.join('\n') + '\n');
        return 1;
      }
      return 0;
    }));
}
