/**
 * What `label` and `annotate` share: splitting args into resources and KEY=VALUE / KEY- changes,
 * finding the targets (names, TYPE/NAME, -l, --all, -A, -f), and writing the changed objects through
 * the API server's update path so admission, validation and the controllers see the change.
 */
import type { CommandContext } from '../context.js';
import { hasFileFlags, readFileFlags } from '../file-flags.js';
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { Env } from '../../env.js';
import type { KindInfo } from '../../api/kind.js';
import { CliError, notFound } from '../../api/errors.js';
import { kindPrefix, qualifiedResource } from '../../api/kind.js';
import { getObject, listObjects } from '../../api/objects.js';
import { parseSelector, matches } from '../../api/selectors.js';
import { decodeManifest, replaceObject } from '../../api/server.js';
import { parseResourceArgs } from '../resource-args.js';
import { formatError } from '../format-error.js';
import { renderObjects } from '../../printers/output.js';
import { dryRunMode } from './service-write.js';
import { setOwn } from '../../api/merge.js';

export interface MetadataOptions {
  overwrite?: boolean;
  selector?: string;
  all?: boolean;
  allNamespaces?: boolean;
  filename?: string[];
  kustomize?: string;
  list?: boolean;
  output?: string;
  dryRun?: string | boolean;
  resourceVersion?: string;
}

export interface Changes {
  set: Record<string, string>;
  remove: string[];
}

/** A label or annotation map with the changes made (own keys only: `constructor` is a key like any other). */
export function withChanges(current: Record<string, string>, changes: Changes): Record<string, string> {
  const next: Record<string, string> = {};
  for (const k of Object.keys(current)) setOwn(next, k, current[k]!);
  for (const k of Object.keys(changes.set)) setOwn(next, k, changes.set[k]!);
  for (const r of changes.remove) delete next[r];
  return next;
}

/** cmdutil.GetResourcesAndPairs: resources first, then KEY=VALUE or KEY- pairs. */
export function splitArgs(args: string[], what: 'label' | 'annotation'): { resources: string[]; pairs: string[] } {
  const resources: string[] = [];
  const pairs: string[] = [];
  let inPairs = false;
  for (const a of args) {
    const isPair = (a.includes('=') && a !== '=') || (a.endsWith('-') && a !== '-');
    if (isPair) {
      inPairs = true;
      pairs.push(a);
    } else if (!inPairs) resources.push(a);
    else throw new CliError(`all resources must be specified before ${what} changes: ${a}`);
  }
  return { resources, pairs };
}

/** The objects named by the args/flags; NotFound errors are collected, not thrown. */
export async function findTargets(
  ctx: CommandContext,
  resources: string[],
  opts: MetadataOptions,
): Promise<{ targets: { info: KindInfo; obj: KubeObject }[]; errors: string[] }> {
  if (opts.all && opts.selector) throw new CliError('cannot set --all and --selector at the same time');
  const { state } = ctx.read();
  const targets: { info: KindInfo; obj: KubeObject }[] = [];
  const errors: string[] = [];
  if (hasFileFlags(opts)) {
    const docs = await readFileFlags(ctx, opts);
    for (const d of docs) {
      const { info, obj } = decodeManifest(state, d.doc, d.source, ctx.namespace, { validate: 'none' });
      const live = getObject(state, info.resource, obj.metadata.namespace, obj.metadata.name);
      if (live) targets.push({ info, obj: live });
      else errors.push(formatError(notFound(qualifiedResource(info), obj.metadata.name)).text);
    }
  }
  const requests = parseResourceArgs(resources);
  const selector = opts.selector ? parseSelector(opts.selector) : undefined;
  for (const req of requests) {
    if (req.names.length) {
      for (const name of req.names) {
        const o = getObject(state, req.info.resource, req.info.namespaced ? ctx.namespace : undefined, name);
        if (o) targets.push({ info: req.info, obj: o });
        else errors.push(formatError(notFound(qualifiedResource(req.info), name)).text);
      }
    } else {
      if (!selector && !opts.all) throw new CliError('resource(s) were provided, but no name was specified');
      let objs = listObjects(state, req.info.resource, req.info.namespaced && !opts.allNamespaces ? ctx.namespace : undefined);
      if (selector) objs = objs.filter((o) => matches(selector, o.metadata.labels));
      for (const o of objs) targets.push({ info: req.info, obj: o });
    }
  }
  return { targets, errors };
}

/**
 * Apply `change` to each target (a fresh copy from the locked state) and send it to the API server's
 * update path as `manager` (a server dry run is admitted and validated but not stored; a client one is
 * not sent). `--resource-version` is the update's precondition. `change` returns the stdout line for that
 * object or throws; lines and errors keep the order kubectl prints them in. `-o` prints what the server
 * stored (annotate), or with `printSent` the object as changed before sending: kubectl's label prints its
 * own copy (info.Object), so the resourceVersion and managedFields it shows are those it read.
 */
export function writeEach(
  ctx: CommandContext,
  targets: { info: KindInfo; obj: KubeObject }[],
  opts: MetadataOptions,
  manager: string,
  change: (obj: KubeObject, info: KindInfo, out: string[], state: ClusterState) => string,
  printSent = false,
): { out: string[]; errors: string[]; objects: KubeObject[] } {
  const out: string[] = [];
  const errors: string[] = [];
  const objects: KubeObject[] = [];
  const mode = dryRunMode(opts.dryRun);
  const run = (state: ClusterState, env: Env) => {
    for (const t of targets) {
      try {
        const live = getObject(state, t.info.resource, t.obj.metadata.namespace, t.obj.metadata.name);
        if (!live) throw notFound(qualifiedResource(t.info), t.obj.metadata.name);
        const copy = structuredClone(live);
        const msg = change(copy, t.info, out, state);
        if (opts.resourceVersion) copy.metadata.resourceVersion = opts.resourceVersion;
        const sent = printSent && mode !== 'client' && opts.output ? structuredClone(copy) : copy;
        const stored = mode === 'client' ? copy : replaceObject(state, env, t.info, copy, { dryRun: mode === 'server', fieldManager: manager });
        objects.push(printSent ? sent : stored);
        out.push(`${kindPrefix(t.info)}/${stored.metadata.name} ${msg}${mode === 'server' ? ' (server dry run)' : mode === 'client' ? ' (dry run)' : ''}\n`);
      } catch (e) {
        errors.push(formatError(e).text);
      }
    }
  };
  if (mode !== 'none') {
    const { state, env } = ctx.read();
    run(state, env);
  } else ctx.mutate(run);
  return { out, errors, objects };
}

/** Print what writeEach produced; -o prints the objects instead of the lines. */
export function finish(ctx: CommandContext, result: { out: string[]; errors: string[]; objects: KubeObject[] }, preErrors: string[], output?: string): number {
  if (output && result.objects.length) ctx.out(renderObjects(output, result.objects, result.objects.length === 1, { cwd: ctx.io.cwd, files: ctx.files }));
  else for (const l of result.out) ctx.out(l);
  const errors = [...preErrors, ...result.errors];
  if (errors.length) {
    ctx.err(errors.join('\n') + '\n');
    return 1;
  }
  return 0;
}
