/**
 * `kube-sim scale`: set `spec.replicas` of ReplicaSets, ReplicationControllers, Deployments and StatefulSets (and the
 * specReplicasPath of a custom resource whose CRD enables the scale subresource) by
 * TYPE NAME, TYPE/NAME, -f, -l or --all; `--current-replicas` and `--resource-version` are preconditions.
 * The controllers then create or delete pods in the same command (reconcile after the change).
 */
import type { Command } from 'commander';
import { hasFileFlags, readFileFlags } from '../file-flags.js';
import { goInt, goInt32 } from '../argv.js';
import type { Harness } from '../harness.js';
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { Env } from '../../env.js';
import type { KindInfo } from '../../api/kind.js';
import { ApiError, CliError, invalid, notFound } from '../../api/errors.js';
import { kindPrefix, qualifiedResource, setAtPath, valueAtPath } from '../../api/kind.js';
import { getObject, listObjects } from '../../api/objects.js';
import { parseSelector, matches } from '../../api/selectors.js';
import { decodeManifest, replaceObject, replicaCapacityErrors } from '../../api/server.js';
import { parseResourceArgs } from '../resource-args.js';
import { formatError } from '../format-error.js';
import { renderObjects } from '../../printers/output.js';

interface ScaleOptions {
  replicas?: string;
  currentReplicas?: string;
  resourceVersion?: string;
  filename?: string[];
  kustomize?: string;
  selector?: string;
  all?: boolean;
  output?: string;
  dryRun?: string;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];
const SCALABLE = new Set(['deployments', 'replicasets', 'replicationcontrollers', 'statefulsets']);
const NO_RESOURCES =
  "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/** An integer flag's value (pflag refused a malformed one in argv.ts), or `fallback` when not given. */
function intFlag(v: string | undefined, fallback: number): number {
  return v === undefined ? fallback : goInt(v);
}

export function register(program: Command, h: Harness): void {
  program
    .command('scale')
    .description('Set a new size for a deployment, replica set, or replication controller')
    .argument('[args...]')
    .option('--replicas <count>', 'The new desired number of replicas. Required.')
    .option('--current-replicas <count>', 'Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.')
    .option('--resource-version <version>', 'Precondition for resource version. Requires that the current resource version match this value in order to scale.')
    .option('-f, --filename <file>', 'Filename, directory, or URL to files identifying the resource to set a new size', collect)
    .option('-k, --kustomize <dir>', 'Process the kustomization directory')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--all', 'Select all resources in the namespace of the specified resource types')
    .option('-o, --output <format>', 'Output format')
    .option('--dry-run <mode>', 'none, client or server')
    .action(h.action<ScaleOptions>(async (ctx, args, opts) => {
      if (opts.replicas === undefined) throw new CliError('required flag(s) "replicas" not set');
      const current = intFlag(opts.currentReplicas, -1);
      if (intFlag(opts.replicas, -1) < 0) throw new CliError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
      if (current < -1) throw new CliError('The --current-replicas must specify an integer of -1 or greater');
      // kubectl sends the count as int32(uint(COUNT)): past 2^31 it wraps, and the server judges what arrives.
      const replicas = goInt32(opts.replicas);

      // What to scale: (kind, namespace, name) triples in the order given.
      const wanted: { info: KindInfo; ns?: string; name?: string; selector?: string }[] = [];
      if (hasFileFlags(opts)) {
        const docs = await readFileFlags(ctx, opts);
        const { state } = ctx.read();
        for (const d of docs) {
          const { info, obj } = decodeManifest(state, d.doc, d.source, ctx.namespace, { validate: 'none' });
          wanted.push({ info, ns: obj.metadata.namespace, name: obj.metadata.name });
        }
      } else {
        const reqs = parseResourceArgs(args);
        if (!reqs.length) throw new CliError(NO_RESOURCES);
        for (const r of reqs) {
          if (r.names.length) for (const name of r.names) wanted.push({ info: r.info, ns: ctx.namespace, name });
          else if (opts.all || opts.selector) wanted.push({ info: r.info, ns: ctx.namespace, selector: opts.selector ?? '' });
          else throw new CliError('resource(s) were provided, but no name was specified');
        }
      }

      const dryRun = opts.dryRun && opts.dryRun !== 'none' ? opts.dryRun : undefined;
      // As kubectl: resolve every target first (missing ones become the info error), stop at the first
      // failing scale, and report the info error after the successes.
      const lines: string[] = [];
      const scaled: KubeObject[] = [];
      let failure: unknown;
      let infoErrors: ApiError[] = [];
      const apply = (state: ClusterState, env: Env) => {
        const infos: { info: KindInfo; obj: KubeObject }[] = [];
        infoErrors = [];
        for (const w of wanted) {
          const ns = w.info.namespaced ? w.ns : undefined;
          if (w.name !== undefined) {
            const o = getObject(state, w.info.resource, ns, w.name);
            if (o) infos.push({ info: w.info, obj: o });
            else infoErrors.push(notFound(qualifiedResource(w.info), w.name));
          } else {
            const sel = w.selector ? parseSelector(w.selector) : [];
            for (const o of listObjects(state, w.info.resource, ns)) if (matches(sel, o.metadata.labels)) infos.push({ info: w.info, obj: o });
          }
        }
        if (!infos.length) {
          const text = infoErrors.length === 1 ? infoErrors[0]!.message : infoErrors.length ? `[${infoErrors.map((e) => e.message).join(', ')}]` : '';
          throw new CliError(`no objects passed to scale${text ? ` ${text}` : ''}`);
        }
        for (const { info, obj: o } of infos) {
          const customScale = info.custom?.scale;
          if (!SCALABLE.has(info.resource) && !customScale) throw new ApiError('NotFound', 'the server could not find the requested resource');
          const replicasPath = customScale?.specReplicasPath ?? '.spec.replicas';
          const was = valueAtPath(o, replicasPath) as number | undefined;
          if (current >= 0 && (was ?? 1) !== current) throw new CliError(`Expected replicas to be ${current}, was ${was ?? 1}`);
          if (opts.resourceVersion && opts.resourceVersion !== o.metadata.resourceVersion) {
            throw new CliError(`Expected resource version to be ${opts.resourceVersion}, was ${o.metadata.resourceVersion}`);
          }
          const copy = structuredClone(o);
          setAtPath(copy as unknown as Record<string, unknown>, replicasPath, replicas);
          // The server's validation and kube-sim's capacity (a real cluster would accept a huge count, then
          // never finish creating the pods); a client dry run sends nothing to be judged.
          // The scale subresource validates the Scale it is sent (ValidateScale), before the object's own rules.
          const negative = replicas < 0 ? [{ field: 'spec.replicas', type: 'Invalid' as const, value: replicas, detail: 'must be greater than or equal to 0' }] : [];
          const capacity = dryRun === 'client' ? [] : negative.length ? negative : replicaCapacityErrors(copy);
          if (capacity.length) throw invalid('Scale', o.metadata.name, capacity);
          scaled.push(dryRun === 'client' ? copy : replaceObject(state, env, info, copy, { dryRun: dryRun === 'server', fieldManager: 'kubectl-scale', subresource: 'scale' }));
          lines.push(`${kindPrefix(info)}/${o.metadata.name} scaled${dryRun ? (dryRun === 'server' ? ' (server dry run)' : ' (dry run)') : ''}\n`);
        }
      };
      // Objects scaled before a failure stay scaled (each is its own API call in kubectl).
      const guarded = (state: ClusterState, env: Env) => {
        try {
          apply(state, env);
        } catch (e) {
          failure = e;
        }
      };
      if (dryRun) {
        const { state, env } = ctx.read();
        guarded(state, env);
      } else ctx.mutate(guarded);
      if (opts.output) ctx.out(renderObjects(opts.output, scaled, scaled.length === 1, { cwd: ctx.io.cwd, files: ctx.files }));
      else for (const l of lines) ctx.out(l);
      if (failure) throw failure;
      const errors = infoErrors.map((e) => formatError(e).text);
      for (const e of errors) ctx.err(e + '\n');
      return errors.length ? 1 : 0;
    }));
}
