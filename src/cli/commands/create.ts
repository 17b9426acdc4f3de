/**
 * `kube-sim create -f` and `kube-sim apply -f`: every document goes through the simulated API server;
 * successes are printed on stdout, each failure on stderr in kubectl's form, and the exit code is 1 if
 * anything failed. Generators (`create service clusterip ...`) register as sub-commands of create.
 */
import type { Command } from 'commander';
import { hasFileFlags, readFileFlags } from '../file-flags.js';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import type { KubeObject } from '../../api/types.js';
import type { KindInfo } from '../../api/kind.js';
import { ApiError, CliError, RawError } from '../../api/errors.js';
import { apiVersionOf, kindPrefix, qualifiedResource } from '../../api/kind.js';
import { decodeManifest, createObject, replaceObject, deleteObject, applyObject, validationMode } from '../../api/server.js';
import { getObject } from '../../api/objects.js';
import { matches, parseSelector } from '../../api/selectors.js';
import { pruneDeprecationWarning, pruneUnapplied, validatePruneFlags, type PruneScope } from './apply-prune.js';
import { threeWayApply, twoWayMergePatch } from '../../api/merge.js';
import { canonicalJson } from '../../api/semantic.js';
import { formatError } from '../format-error.js';
import { renderObjects } from '../../printers/output.js';
import { generators } from './create-generators.js';
import { refuseCreateFlags } from './create-local-flags.js';
import { acknowledgeUnserved } from '../../addons/unserved.js';
import { goJsonText } from '../../util/go-json.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The field manager kubectl sends for each verb. */
const MANAGERS: Record<Verb, string> = { create: 'kubectl-create', apply: 'kubectl-client-side-apply', replace: 'kubectl-replace' };

/**
 * kubectl apply's patcher wraps a patch the server refused (a stale resourceVersion): `error when applying
 * patch:\n<patch>\nto:\n<resource info>\nfor: "<file>": error when patching "<file>": <server message>`.
 */
function applyPatchError(e: unknown, info: KindInfo, live: KubeObject, merged: KubeObject, source: string): unknown {
  if (!(e instanceof ApiError) || e.reason !== 'Conflict') return e;
  const gv = info.group ? apiVersionOf(info) : `/${info.version}`;
  const patch = canonicalJson(twoWayMergePatch(live, merged) ?? {});
  const to = `Resource: "${gv}, Resource=${info.resource}", GroupVersionKind: "${gv}, Kind=${info.kind}"\nName: "${live.metadata.name}", Namespace: "${live.metadata.namespace ?? ''}"`;
  return new RawError(`Error from server (Conflict): error when applying patch:\n${patch}\nto:\n${to}\nfor: "${source}": error when patching "${source}": ${e.message}`);
}
const collect = (v: string, prev: string[] = []) => [...prev, v];

interface FileOptions {
  filename?: string[];
  kustomize?: string;
  output?: string;
  dryRun?: string;
  saveConfig?: boolean;
  validate?: string;
  /** apply: server-side apply, its conflicts overridden, and the field manager named. */
  serverSide?: boolean;
  forceConflicts?: boolean;
  fieldManager?: string;
  /** replace: delete, then create. */
  force?: boolean;
  /** create: the objects go through the editor first. */
  edit?: boolean;
  /** apply: only the manifests' objects the selector picks; --prune deletes what was applied before and is not now. */
  selector?: string;
  all?: boolean;
  prune?: boolean;
}

/** kubectl's advice under a server-side apply's conflicts. */
const CONFLICT_ADVICE = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`;

export function register(program: Command, h: Harness): void {
  const create = program
    .command('create')
    .description('Create a resource from a file or from stdin')
    .option('-f, --filename <file>', 'Filename, directory, or URL to files to use to create the resource', collect)
    .option('-k, --kustomize <dir>', 'Process the kustomization directory')
    .option('-o, --output <format>', 'Output format')
    .option('--dry-run <mode>', 'none, client or server')
    .option('--save-config', 'Save the configuration in the last-applied annotation')
    .option('--validate <mode>', "Must be one of: strict (or true), warn, ignore (or false). Unknown fields are errors, warnings, or dropped")
    .option('--edit', 'Edit the API resource before creating')
    .action(h.action<FileOptions>(async (ctx, _args, opts) => {
      if (!hasFileFlags(opts)) throw new CliError('must specify one of -f and -k');
      if (!opts.edit) return writeFromFiles(ctx, opts, 'create');
      const docs = await readFileFlags(ctx, opts);
      if (!docs.length) return writeFromFiles(ctx, opts, 'create', docs);
      // Loaded only here: create and apply run without the editor's modules.
      const { editBeforeCreate } = await import('./edit.js');
      const edited = await editBeforeCreate(ctx, docs.map((d) => d.doc));
      return edited ? writeFromFiles(ctx, opts, 'create', edited.map((e) => ({ ...docs[0]!, doc: e.doc }))) : 0;
    }));
  for (const g of generators) g(create, h);
  create.hook('preAction', (_create, action) => {
    if (action !== create) refuseCreateFlags(create, action);
  });

  program
    .command('apply')
    .description('Apply a configuration to a resource by file name or stdin')
    .option('-f, --filename <file>', 'The files that contain the configurations to apply', collect)
    .option('-k, --kustomize <dir>', 'Process a kustomization directory')
    .option('-o, --output <format>', 'Output format')
    .option('--dry-run <mode>', 'none, client or server')
    .option('--validate <mode>', "Must be one of: strict (or true), warn, ignore (or false). Unknown fields are errors, warnings, or dropped")
    .option('--server-side', 'Run the apply on the server (server-side apply) instead of the client')
    .option('--force-conflicts', 'With --server-side, take over the fields other managers own')
    .option('--field-manager <name>', 'Name of the manager used to track field ownership')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--all', 'Select all resources in the namespace of the specified resource types.')
    .option('--prune', 'Automatically delete resource objects, that do not appear in the configs and are created by either apply or create --save-config. Should be used with either -l or --all.')
    .action(h.action<FileOptions>(async (ctx, _args, opts) => {
      if (!hasFileFlags(opts)) throw new CliError('error: must specify one of -f and -k');
      validatePruneFlags(opts);
      if (opts.forceConflicts && !opts.serverSide) throw new CliError('--force-conflicts only works with --server-side');
      if (opts.serverSide && opts.dryRun === 'client') throw new CliError("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)");
      return writeFromFiles(ctx, opts, 'apply');
    }));

  program
    .command('replace')
    .description('Replace a resource by file name or stdin')
    .option('-f, --filename <file>', 'The files that contain the configurations to replace', collect)
    .option('-k, --kustomize <dir>', 'Process a kustomization directory')
    .option('-o, --output <format>', 'Output format')
    .option('--dry-run <mode>', 'none, client or server')
    .option('--force', 'Delete the resource, then create it again')
    .option('--grace-period <seconds>', 'With --force, the seconds given to the resource to terminate gracefully')
    .option('--cascade <mode>', 'With --force, how dependents are deleted: background, orphan or foreground')
    .action(h.action<FileOptions>(async (ctx, _args, opts) => {
      if (!hasFileFlags(opts)) throw new CliError('must specify --filename to replace');
      if (opts.force && opts.dryRun && opts.dryRun !== 'none') throw new CliError('--dry-run can not be used when --force is set');
      return writeFromFiles(ctx, opts, 'replace');
    }));
}

type Verb = 'create' | 'apply' | 'replace';

/** Write the manifests' objects (`given`: documents already read, as create --edit's editor left them). */
async function writeFromFiles(ctx: CommandContext, opts: FileOptions, verb: Verb, given?: Awaited<ReturnType<typeof readFileFlags>>): Promise<number> {
  const docs = given ?? (await readFileFlags(ctx, opts));
  // kubectl create/apply refuse empty input; replace quietly does nothing.
  if (!docs.length && verb !== 'replace') throw new CliError(`no objects passed to ${verb}`);
  const multi = docs.length > 1;
  const validate = validationMode(opts.validate);
  const dryRun = opts.dryRun && opts.dryRun !== 'none' ? opts.dryRun : undefined;
  const fileVerb = verb === 'create' ? 'creating' : verb === 'apply' ? 'applying' : 'replacing';
  // `always`: printed with -o too (replace --force's deletion line).
  const lines: { out?: string; err?: string; warn?: string; always?: boolean }[] = [];
  const printed: KubeObject[] = [];
  const suffix = dryRun ? ` (${dryRun === 'server' ? 'server dry run' : 'dry run'})` : '';
  const selector = verb === 'apply' && opts.selector ? parseSelector(opts.selector) : undefined;
  const visitedUids = new Set<string>();
  const visitedNamespaces = new Set<string>(ctx.namespaceExplicit ? [ctx.namespace] : []);
  const run = (state: Parameters<Parameters<CommandContext['mutate']>[0]>[0], env: Parameters<Parameters<CommandContext['mutate']>[0]>[1]) => {
    for (const d of docs) {
      // How kubectl names the failed write in `error when <verb> "FILE"`: apply's is `creating` for a new
      // object (its create path), and its server-side apply names none.
      let docVerb: string | undefined = fileVerb;
      try {
        // Bundled remote manifests (ingress-nginx deploy.yaml) hold kinds kube-sim does not serve: print their line only.
        const unserved = acknowledgeUnserved(state, env, d.source, d.doc, ctx.namespace, verb, !!dryRun);
        if (unserved !== undefined) {
          lines.push({ out: `${unserved}${suffix}\n` });
          continue;
        }
        const { info, obj, warnings, printAs } = decodeManifest(state, d.doc, d.source, ctx.namespace, { validate });
        // kubectl's builder filters the manifests' objects by -l before anything is sent.
        if (selector && !matches(selector, obj.metadata.labels ?? {})) continue;
        for (const w of warnings) lines.push({ warn: `Warning: ${w}\n` });
        if (ctx.namespaceExplicit && info.namespaced && obj.metadata.namespace !== ctx.namespace && (d.doc as { metadata?: { namespace?: string } }).metadata?.namespace) {
          throw new CliError(`the namespace from the provided object "${obj.metadata.namespace}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${obj.metadata.namespace}' to perform this operation.`);
        }
        const live = getObject(state, info.resource, obj.metadata.namespace, obj.metadata.name);
        let result: KubeObject;
        let word: string;
        const write = { dryRun: dryRun === 'server', fieldManager: opts.fieldManager ?? MANAGERS[verb] };
        if (verb === 'create') {
          if (opts.saveConfig) setLastApplied(obj, d.doc, ctx, info.namespaced);
          result = dryRun === 'client' ? obj : createObject(state, env, info, obj, write);
          word = 'created';
        } else if (verb === 'replace' && opts.force) {
          // kubectl replace --force: the object deleted (if there is one), then created from the file.
          if (live) {
            deleteObject(state, env, info, obj.metadata.namespace, obj.metadata.name);
            lines.push({ out: opts.output === 'name' ? `${kindPrefix(info)}/${obj.metadata.name}\n` : `${kindPrefix(info)} "${obj.metadata.name}" deleted\n`, always: true });
          }
          delete obj.metadata.resourceVersion;
          result = createObject(state, env, info, obj, write);
          word = 'replaced';
        } else if (verb === 'replace') {
          // kubectl replace rewrites a last-applied-configuration the object carries (CreateOrUpdateAnnotation),
          // as the real kubectl 1.32 does through serve.
          if ((d.doc as { metadata?: { annotations?: Record<string, unknown> } }).metadata?.annotations?.[LAST_APPLIED] !== undefined) setLastApplied(obj, d.doc, ctx, info.namespaced);
          result = dryRun === 'client' ? obj : replaceObject(state, env, info, obj, write);
          word = 'replaced';
        } else if (opts.serverSide) {
          docVerb = undefined;
          try {
            result = applyObject(state, env, info, obj.metadata.namespace, obj.metadata.name, obj, { dryRun: dryRun === 'server', fieldManager: opts.fieldManager ?? 'kubectl', force: opts.forceConflicts }).obj;
          } catch (e) {
            // kubectl turns the server's Conflict into its own error and advice.
            if (e instanceof ApiError && e.reason === 'Conflict' && e.message.startsWith('Apply failed')) throw new RawError(`error: ${e.message}\n${CONFLICT_ADVICE}`);
            throw e;
          }
          word = 'serverside-applied';
        } else if (!live) {
          docVerb = 'creating';
          setLastApplied(obj, d.doc, ctx, info.namespaced);
          // Client-side apply sends a new object without its null fields (kept in the annotation; seen
          // with the real kubectl 1.32 through serve). A built-in kind's decoding dropped them already.
          if (info.custom) dropNulls(obj);
          result = dryRun === 'client' ? obj : createObject(state, env, info, obj, write);
          word = 'created';
        } else if (dryRun === 'client') {
          // kubectl's client dry run computes no patch for an existing object: it is always "configured",
          // printed as it was read (pkg/cmd/apply/apply.go).
          result = live;
          word = 'configured';
        } else {
          const lastText = live.metadata.annotations?.[LAST_APPLIED];
          if (!lastText) {
            lines.push({
              warn: `Warning: resource ${qualifiedResource(info)}/${live.metadata.name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`,
            });
          }
          const merged = applyMerge(live, obj, d.doc, ctx, info.namespaced);
          if (canonicalJson(merged) === canonicalJson(live)) {
            result = live;
            word = 'unchanged';
          } else {
            try {
              result = replaceObject(state, env, info, merged, write);
            } catch (e) {
              throw applyPatchError(e, info, live, merged, d.source);
            }
            word = 'configured';
          }
        }
        printed.push(result);
        if (result.metadata.uid) visitedUids.add(result.metadata.uid);
        if (info.namespaced && result.metadata.namespace) visitedNamespaces.add(result.metadata.namespace);
        lines.push({ out: `${printAs}/${result.metadata.name} ${word}${suffix}\n` });
      } catch (e) {
        const f = formatError(e, { verb: docVerb, file: d.source, multi });
        lines.push({ err: f.text + '\n' });
      }
    }
    if (selector && !printed.length && !lines.some((l) => l.err)) throw new CliError('no objects passed to apply');
    // apply's post-processor prunes only when every object applied.
    if (opts.prune && !lines.some((l) => l.err)) {
      lines.push({ warn: pruneDeprecationWarning(env.now()) });
      for (const name of pruneUnapplied(state, env, { selector, visitedUids, visitedNamespaces, dryRun: dryRun as PruneScope['dryRun'] })) {
        lines.push({ out: opts.output === 'name' ? `${name}\n` : `${name} pruned${suffix}\n`, always: opts.output === 'name' });
      }
    }
  };
  if (dryRun) {
    const { state, env } = ctx.read();
    run(state, env);
  } else {
    ctx.mutate(run);
  }
  for (const l of lines) if (l.always && opts.output && l.out) ctx.out(l.out);
  if (opts.output) {
    const render = (objs: KubeObject[]) => renderObjects(opts.output!, objs, objs.length === 1, { cwd: ctx.io.cwd, files: ctx.files, listMeta: {} });
    // apply prints what it applied as one List; create and replace print each object as they go (YAML documents `---` apart).
    const each = verb !== 'apply' && printed.length > 1 && (opts.output === 'yaml' || opts.output === 'json');
    ctx.out(each ? printed.map((o) => render([o])).join(opts.output === 'yaml' ? '---\n' : '') : render(printed));
  }
  let failed = false;
  // kubectl prints each success (and the server's warnings) as it goes, and the collected errors at the
  // end; several errors are an aggregate: one per line, without the `error: ` prefix.
  const aggregate = lines.filter((l) => l.err).length > 1;
  for (const l of lines) {
    if (l.warn) ctx.err(l.warn);
    if (l.out && !opts.output) ctx.out(l.out);
  }
  for (const l of lines) {
    if (l.err) {
      ctx.err(aggregate ? l.err.replace(/^error: /, '') : l.err);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

/**
 * What `kubectl apply` makes of a live object and a manifest (before the API server stores it): the
 * three-way merge of live, the last-applied configuration and the manifest, which becomes the new
 * last-applied configuration (`annotate`; kubectl diff merges without recording it).
 */
export function applyMerge(live: KubeObject, obj: KubeObject, doc: unknown, ctx: CommandContext, namespaced: boolean, annotate = true): KubeObject {
  const lastText = live.metadata.annotations?.[LAST_APPLIED];
  const last = lastText ? safeJson(lastText) : undefined;
  const manifest = structuredClone(obj) as KubeObject;
  if (annotate) setLastApplied(manifest, doc, ctx, namespaced);
  else {
    // kubectl diff's GetModifiedConfiguration(annotate=false): the annotations without last-applied, an
    // empty map kept, so the merge does not take the live annotations away.
    const annotations = { ...(manifest.metadata.annotations ?? {}) };
    delete annotations[LAST_APPLIED];
    manifest.metadata.annotations = annotations;
  }
  const merged = threeWayApply(structuredClone(live), last, manifest) as KubeObject;
  // A resourceVersion in the manifest stays in the patch kubectl sends: a precondition.
  merged.metadata.resourceVersion = obj.metadata.resourceVersion ?? live.metadata.resourceVersion;
  return merged;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The annotation kubectl apply keeps: the manifest as applied, Go's compact JSON with sorted keys, plus a newline. */
export function setLastApplied(obj: KubeObject, doc: unknown, ctx: CommandContext, namespaced: boolean): void {
  const applied = structuredClone(doc) as KubeObject;
  applied.metadata ??= {} as KubeObject['metadata'];
  if (namespaced) applied.metadata.namespace ||= ctx.namespace;
  const annotations = { ...(applied.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  // kubectl's GetModifiedConfiguration sets the annotations it read back, an empty map when there were
  // none, so the recorded manifest always has `"annotations":{}` or the manifest's own.
  applied.metadata.annotations = annotations;
  obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [LAST_APPLIED]: goJsonText(sortDeep(applied)) + '\n' };
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep((v as Record<string, unknown>)[k])]));
  return v;
}

/** Remove null-valued fields of maps, recursively, in place. */
function dropNulls(v: unknown): void {
  if (Array.isArray(v)) return v.forEach(dropNulls);
  if (typeof v !== 'object' || v === null) return;
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (o[k] === null) delete o[k];
    else dropNulls(o[k]);
  }
}
