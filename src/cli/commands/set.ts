/**
 * `kube-sim set image|env|resources|selector|serviceaccount`: kubectl's changes to pod templates (and a
 * Service's selector), written through the API server's update path so the controllers roll them out
 * (a Deployment's new template makes a new ReplicaSet). As kubectl: an object the change leaves as it was
 * prints nothing; `--dry-run`, `-o`, `--all`, `-l`, `-f`. `set subject` is not simulated.
 */
import type { Command } from 'commander';
import { hasFileFlags } from '../file-flags.js';
import type { Harness } from '../harness.js';
import { refuse } from '../refuse.js';
import type { CommandContext } from '../context.js';
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { KindInfo } from '../../api/kind.js';
import type { Container, PodSpec } from '../../kinds/pod-template.js';
import { CliError, RawError, notFound } from '../../api/errors.js';
import { kindPrefix, qualifiedResource } from '../../api/kind.js';
import { getObject } from '../../api/objects.js';
import { replaceObject } from '../../api/server.js';
import { parseSelector } from '../../api/selectors.js';
import { formatQuantity, parseQuantity } from '../../printers/quantity.js';
import { renderObjects } from '../../printers/output.js';
import { formatError } from '../format-error.js';
import { notSimulatedText } from '../kubectl-commands.js';
import { findTargets, type MetadataOptions } from './metadata-update.js';

interface SetFlags extends MetadataOptions {
  local?: boolean;
  containers?: string;
}

type Target = { info: KindInfo; obj: KubeObject };
type Env = { name: string; value?: string; valueFrom?: Record<string, Record<string, string>> };

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** The Go type kubectl names when an object has no pod template (`*v1.Service`). */
function goType(obj: KubeObject): string {
  const version = obj.apiVersion.includes('/') ? obj.apiVersion.slice(obj.apiVersion.indexOf('/') + 1) : obj.apiVersion;
  return `*${version}.${obj.kind}`;
}

/** polymorphichelpers.UpdatePodSpecForObject: where an object keeps its pod spec. */
function podSpecOf(obj: KubeObject): PodSpec {
  const spec = obj.spec as Record<string, unknown> | undefined;
  switch (obj.kind) {
    case 'Pod':
      return spec as unknown as PodSpec;
    case 'ReplicationController':
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
    case 'StatefulSet':
    case 'Job':
      return ((spec?.template as { spec?: PodSpec } | undefined)?.spec ?? {}) as PodSpec;
    case 'CronJob':
      return ((spec?.jobTemplate as { spec?: { template?: { spec?: PodSpec } } } | undefined)?.spec?.template?.spec ?? {}) as PodSpec;
    default:
      throw new Error(`the object is not a pod or does not have a pod template: ${goType(obj)}`);
  }
}

/** kubectl's selectString: `*` wildcards (non-greedy) in a container name filter. */
function selectsName(name: string, spec: string): boolean {
  if (spec === '*') return true;
  if (!spec.includes('*')) return name === spec;
  const pattern = spec.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*?');
  return new RegExp(`^${pattern}$`, 's').test(name);
}

function selectContainers(spec: PodSpec, filter: string): Container[] {
  return [...(spec.containers ?? []), ...(spec.initContainers ?? [])].filter((c) => selectsName(c.name, filter)).sort((a, b) => {
    // Containers first, then init containers, each in their own order.
    const ai = (spec.containers ?? []).includes(a) ? 0 : 1;
    const bi = (spec.containers ?? []).includes(b) ? 0 : 1;
    return ai - bi;
  });
}

function dryRunOf(flags: SetFlags): string | undefined {
  const d = flags.dryRun;
  if (d === undefined || d === 'none') return undefined;
  if (d !== 'client' && d !== 'server') throw new CliError(`Invalid dry-run value (${d}). Must be "none", "server", or "client".`);
  if (flags.local && d === 'server') throw new CliError('cannot specify --local and --dry-run=server - did you mean --dry-run=client?');
  return d;
}

/**
 * Apply `mutate` to a fresh copy of each target under the lock and store the changed ones; print
 * `<kind>/<name> <operation>` (or -o) for each changed object, in order. `mutate` returns false for
 * "nothing to do" (no line), throws for the object's error line.
 */
function patchEach(ctx: CommandContext, targets: Target[], flags: SetFlags, operation: string, mutate: (obj: KubeObject, errors: string[]) => boolean, always = false): number {
  const dryRun = dryRunOf(flags);
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  const errors: string[] = [];
  const printed: KubeObject[] = [];
  const lines: string[] = [];
  const run = (state: ClusterState, env: Parameters<Parameters<CommandContext['mutate']>[0]>[1]) => {
    for (const t of targets) {
      const live = getObject(state, t.info.resource, t.obj.metadata.namespace, t.obj.metadata.name);
      if (!live) {
        errors.push(formatError(notFound(qualifiedResource(t.info), t.obj.metadata.name)).text);
        continue;
      }
      const copy = structuredClone(live);
      let changed: boolean;
      try {
        changed = mutate(copy, errors);
      } catch (e) {
        // Pod-template errors come as 'error: <resource>/<name> <message>' (CalculatePatches); others as is.
        const msg = (e as Error).message;
        errors.push((e as { plain?: boolean }).plain ? msg : `error: ${t.info.resource}/${live.metadata.name} ${msg}\n`);
        continue;
      }
      const same = JSON.stringify(copy) === JSON.stringify(live);
      if (!changed || (!always && same)) continue;
      try {
        // A no-op update leaves the object (and its resourceVersion) as it was, as the API server does.
        const stored = dryRun || same ? copy : replaceObject(state, env, t.info, copy);
        printed.push(stored);
        lines.push(`${kindPrefix(t.info)}/${stored.metadata.name} ${operation}${suffix}\n`);
      } catch (e) {
        errors.push(formatError(e).text);
      }
    }
  };
  if (dryRun === 'client') {
    const { state, env } = ctx.read();
    run(state, env);
  } else ctx.mutate(run);
  if (flags.output) {
    if (printed.length) ctx.out(renderObjects(flags.output, printed, printed.length === 1, { cwd: ctx.io.cwd, files: ctx.files }));
  } else for (const l of lines) ctx.out(l);
  if (!errors.length) return 0;
  // kubectl's aggregate: one error gets "error: " once; several are printed one per line, a pod-template
  // error keeping its own newline (so a blank line follows it, as kubectl prints them).
  const texts = errors.map((e) => e.replace(/\n$/, ''));
  throw new RawError(texts.length === 1 ? (texts[0]!.startsWith('error: ') ? texts[0]! : `error: ${texts[0]}`) : errors.join('\n'));
}

/**
 * The targets of a set command, found before anything is checked or changed (kubectl's Complete): a
 * named object that does not exist fails the whole command.
 */
async function targetsOf(ctx: CommandContext, resources: string[], flags: SetFlags): Promise<Target[]> {
  if (flags.local) {
    if (resources.length) throw new CliError('error: you must specify resources by --filename when --local is set.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'');
    throw new CliError('kube-sim does not support --local; drop it to change the object in the cluster, or use --dry-run=client -o yaml');
  }
  if (!resources.length && !hasFileFlags(flags)) {
    throw new CliError("You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
  }
  const { targets, errors } = await findTargets(ctx, resources, flags);
  if (errors.length) throw new RawError(errors.join('\n'));
  return targets;
}

/** cmdutil.GetResourcesAndPairs for `set image`: resources first, then NAME=IMAGE pairs. */
function splitPairs(args: string[], what: string): { resources: string[]; pairs: string[] } {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const a of args) {
    if (a.includes('=') || (a.endsWith('-') && a !== '-')) pairs.push(a);
    else if (pairs.length) throw new CliError(`all resources must be specified before ${what} changes: ${a}`);
    else resources.push(a);
  }
  return { resources, pairs };
}

async function setImage(ctx: CommandContext, args: string[], flags: SetFlags): Promise<number> {
  const { resources, pairs } = splitPairs(args, 'image');
  const images = new Map<string, string>();
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0 || p.endsWith('-')) throw new CliError(`invalid image format: ${p}`);
    images.set(p.slice(0, i), p.slice(i + 1));
  }
  const targets = await targetsOf(ctx, resources, flags);
  const problems: string[] = [];
  if (flags.all && flags.selector) problems.push('cannot set --all and --selector at the same time');
  if (resources.length < 1 && !hasFileFlags(flags)) problems.push('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (images.size < 1) problems.push('at least one image update is required');
  else if (images.size > 1 && images.has('*')) problems.push('all containers are already specified by *, but saw more than one container_name=container_image pairs');
  if (problems.length) throw new CliError(problems.length === 1 ? problems[0]! : `[${problems.join(', ')}]`);
  const code = patchEach(ctx, targets, flags, 'image updated', (obj, errs) => {
    const spec = podSpecOf(obj);
    for (const [name, image] of images) {
      let found = false;
      for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
        if (c.name === name || name === '*') {
          c.image = image;
          found = true;
        }
      }
      if (!found) errs.push(`error: unable to find container named ${JSON.stringify(name)}`);
    }
    return true;
  });
  return code;
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** envutil.ParseEnv: KEY=VALUE, KEY-, and `-` (KEY=VALUE lines on stdin). */
async function parseEnv(ctx: CommandContext, specs: string[]): Promise<{ env: Env[]; remove: string[] }> {
  const env: Env[] = [];
  const exists = new Set<string>();
  const remove: string[] = [];
  for (const s of specs) {
    if (s === '-') {
      const text = (await ctx.io.stdin?.readAll()) ?? '';
      for (let line of text.split('\n')) {
        const hash = line.indexOf('#');
        if (hash >= 0) line = line.slice(0, hash);
        const eq = line.indexOf('=');
        if (eq >= 0) env.push({ name: line.slice(0, eq), value: line.slice(eq + 1) });
      }
    } else if (s.includes('=')) {
      const eq = s.indexOf('=');
      const name = s.slice(0, eq);
      if (!ENV_NAME.test(name)) {
        throw new CliError(`${JSON.stringify(name)} is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`);
      }
      exists.add(name);
      env.push({ name, value: s.slice(eq + 1) });
    } else if (s.endsWith('-')) remove.push(s.slice(0, -1));
    else throw new CliError(`unknown environment variable: ${s}`);
  }
  if (remove.some((r) => exists.has(r))) throw new CliError('can not both modify and remove the same environment variable in the same command');
  return { env, remove };
}

/** updateEnv: replace same-named variables in place, append new ones, drop removed ones. */
function updateEnv(existing: Env[], env: Env[], remove: string[]): Env[] {
  const out: Env[] = [];
  const covered = new Set(remove);
  for (const e of existing) {
    if (covered.has(e.name)) continue;
    const newer = env.find((x) => x.name === e.name);
    if (newer) {
      covered.add(e.name);
      out.push(newer);
    } else out.push(e);
  }
  for (const e of env) {
    if (covered.has(e.name)) continue;
    covered.add(e.name);
    out.push(e);
  }
  return out;
}

/** GetEnvVarRefString: how --list shows a valueFrom. */
function refText(from: Record<string, Record<string, string>>): string {
  if (from.configMapKeyRef) return `configmap ${from.configMapKeyRef.name}, key ${from.configMapKeyRef.key}`;
  if (from.secretKeyRef) return `secret ${from.secretKeyRef.name}, key ${from.secretKeyRef.key}`;
  if (from.fieldRef) return `field path ${from.fieldRef.fieldPath}`;
  if (from.resourceFieldRef) return `resource field ${from.resourceFieldRef.containerName ? `${from.resourceFieldRef.containerName}/` : ''}${from.resourceFieldRef.resource}`;
  return 'invalid valueFrom';
}

interface EnvFlags extends SetFlags {
  env?: string[];
  from?: string;
  prefix?: string;
  keys?: string[];
  list?: boolean;
  resolve?: boolean;
  overwrite?: boolean;
}

async function setEnv(ctx: CommandContext, args: string[], flags: EnvFlags): Promise<number> {
  if (flags.all && flags.selector) throw new CliError('cannot set --all and --selector at the same time');
  const resources: string[] = [];
  const envArgs: string[] = [];
  for (const a of args) {
    const isEnv = /^.+=/s.test(a) || a.endsWith('-');
    if (isEnv) envArgs.push(a);
    else if (envArgs.length) throw new CliError(`all resources must be specified before environment changes: ${args.join(' ')}`);
    else resources.push(a);
  }
  if (!hasFileFlags(flags) && resources.length < 1) throw new CliError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (flags.list && flags.output) throw new CliError('--list and --output may not be specified together');
  if (flags.keys?.length && !flags.from) throw new CliError('when specifying --keys, a configmap or secret must be provided with --from');
  const { env, remove } = await parseEnv(ctx, [...(flags.env ?? []), ...envArgs]);
  if (flags.from) {
    const { targets: sources, errors } = await findTargets(ctx, [flags.from], { selector: flags.selector, all: flags.all });
    if (errors.length) throw new RawError(errors.join('\n'));
    for (const { obj } of sources) {
      if (obj.kind !== 'Secret' && obj.kind !== 'ConfigMap') throw new CliError('unsupported resource specified in --from');
      const data = (obj.data ?? {}) as Record<string, string>;
      const refKey = obj.kind === 'Secret' ? 'secretKeyRef' : 'configMapKeyRef';
      // Go ranges over the map in random order; kube-sim takes the keys sorted.
      for (const key of Object.keys(data).sort()) {
        if (flags.keys?.length && !flags.keys.includes(key)) continue;
        const name = key.replace(/[^a-zA-Z0-9_]/g, '_').toUpperCase();
        if (name !== key) ctx.err(`Warning: key ${key} transferred to ${name}\n`);
        env.push({ name, valueFrom: { [refKey]: { key, name: obj.metadata.name } } });
      }
    }
  }
  if (flags.prefix) for (const e of env) e.name = `${flags.prefix}${e.name}`;
  const targets = await targetsOf(ctx, resources, flags);
  const filter = flags.containers ?? '*';
  if (flags.list) {
    const { state } = ctx.read();
    for (const { obj } of targets) {
      const spec = podSpecOf(structuredClone(obj));
      const containers = selectContainers(spec, filter);
      if (!containers.length) ctx.err(`Warning: ${obj.kind}/${obj.metadata.name} does not have any containers matching ${JSON.stringify(filter)}\n`);
      for (const c of containers) {
        ctx.out(`# ${obj.kind} ${obj.metadata.name}, container ${c.name}\n`);
        for (const e of updateEnv((c.env ?? []) as Env[], env, remove)) {
          if (!e.valueFrom) ctx.out(`${e.name}=${e.value ?? ''}\n`);
          else if (flags.resolve) ctx.out(`${e.name}=${resolveRef(state, obj.metadata.namespace!, e.valueFrom) ?? ''}\n`);
          else ctx.out(`# ${e.name} from ${refText(e.valueFrom)}\n`);
        }
      }
    }
    return 0;
  }
  const code = patchEach(ctx, targets, flags, 'env updated', (obj) => {
    const spec = podSpecOf(obj);
    const containers = selectContainers(spec, filter);
    if (!containers.length) {
      ctx.err(`Warning: ${obj.kind}/${obj.metadata.name} does not have any containers matching ${JSON.stringify(filter)}\n`);
      return false;
    }
    for (const c of containers) {
      if (flags.overwrite === false) {
        for (const e of env) {
          const current = ((c.env ?? []) as Env[]).find((x) => x.name === e.name);
          if (current && current.value !== e.value) throw new Error(`'${current.name}' already has a value (${current.value ?? ''}), and --overwrite is false`);
        }
      }
      const next = updateEnv((c.env ?? []) as Env[], env, remove);
      if (next.length) c.env = next as Container['env'];
      else delete c.env;
    }
    return true;
  });
  return code;
}

/** The value a configmap or secret reference resolves to (--resolve). */
function resolveRef(state: ClusterState, ns: string, from: Record<string, Record<string, string>>): string | undefined {
  const ref = from.configMapKeyRef ?? from.secretKeyRef;
  if (!ref) return undefined;
  const obj = getObject(state, from.configMapKeyRef ? 'configmaps' : 'secrets', ns, ref.name!);
  const v = (obj?.data as Record<string, string> | undefined)?.[ref.key!];
  return v === undefined ? undefined : from.secretKeyRef ? Buffer.from(v, 'base64').toString('utf8') : v;
}

/** generateversioned.HandleResourceRequirementsV1 for one of --limits / --requests. */
function resourceList(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined;
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const kv = part.split('=');
    if (kv.length !== 2) throw new CliError(`Invalid argument syntax ${part}, expected <resource>=<value>`);
    const [name, value] = kv as [string, string];
    if (!/^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/.test(value)) throw new CliError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    out[name] = formatQuantity(parseQuantity(value));
  }
  return out;
}

async function setResources(ctx: CommandContext, args: string[], flags: SetFlags & { limits?: string; requests?: string }): Promise<number> {
  dryRunOf(flags);
  const targets = await targetsOf(ctx, args, flags);
  if (flags.all && flags.selector) throw new CliError('cannot set --all and --selector at the same time');
  if (!flags.limits && !flags.requests) throw new CliError('you must specify an update to requests or limits (in the form of --requests/--limits)');
  const limits = resourceList(flags.limits);
  const requests = resourceList(flags.requests);
  const filter = flags.containers ?? '*';
  const code = patchEach(ctx, targets, flags, 'resource requirements updated', (obj, errs) => {
    const containers = selectContainers(podSpecOf(obj), filter);
    if (!containers.length) {
      errs.push(`error: unable to find container named ${filter}`);
      return false;
    }
    for (const c of containers) {
      const r = ((c as { resources?: Record<string, Record<string, string>> }).resources ??= {});
      if (limits) r.limits = { ...(r.limits ?? {}), ...limits };
      if (requests) r.requests = { ...(r.requests ?? {}), ...requests };
    }
    return true;
  });
  return code;
}

/**
 * metav1.ParseToLabelSelector, as `set selector` uses it: `k=v` terms make the selector's map; any other
 * requirement is a match expression, which Services cannot hold (the error names it Go-style).
 */
function selectorMap(expression: string): { labels: Record<string, string>; expressions: string } {
  const labels: Record<string, string> = {};
  const others: string[] = [];
  for (const r of parseSelector(expression)) {
    const equality = r.op === 'In' && r.values.length === 1 && new RegExp(`(^|,)\\s*${r.key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*==?`).test(expression);
    if (equality) labels[r.key] = r.values[0]!;
    else others.push(`{${r.key} ${r.op} [${r.values.join(' ')}]}`);
  }
  return { labels, expressions: others.length ? `[${others.join(' ')}]` : '' };
}

async function setSelector(ctx: CommandContext, args: string[], flags: SetFlags): Promise<number> {
  if (!args.length) throw new CliError('one selector is required');
  const { labels, expressions } = selectorMap(args[args.length - 1]!);
  const targets = await targetsOf(ctx, args.slice(0, -1), flags);
  const code = patchEach(
    ctx,
    targets,
    flags,
    'selector updated',
    (obj) => {
      const fail = (message: string) => Object.assign(new Error(message), { plain: true });
      if (expressions) throw fail(`match expression ${expressions} not supported on this object`);
      if (obj.kind !== 'Service') throw fail('setting a selector is only supported for Services');
      (obj.spec as { selector?: Record<string, string> }).selector = { ...labels };
      if (flags.resourceVersion) obj.metadata.resourceVersion = flags.resourceVersion;
      return true;
    },
    true,
  );
  return code;
}

async function setServiceAccount(ctx: CommandContext, args: string[], flags: SetFlags): Promise<number> {
  dryRunOf(flags);
  if (!args.length) throw new CliError('serviceaccount is required');
  const name = args[args.length - 1]!;
  const targets = await targetsOf(ctx, args.slice(0, -1), { ...flags, all: flags.all });
  // kubectl prints this one even when nothing changed (it does not skip empty patches).
  const code = patchEach(ctx, targets, flags, 'serviceaccount updated', (obj) => {
    podSpecOf(obj).serviceAccountName = name;
    return true;
  }, true);
  return code;
}

/** The flags every set subcommand has (and `-k`, which kubectl gives all of them but `set selector`). */
function common(cmd: Command, what: string, kustomize = true): Command {
  if (kustomize) cmd.option('-k, --kustomize <dir>', 'Process the kustomization directory');
  return cmd
    .option('--all', 'Select all resources, in the namespace of the specified resource types')
    .option('-f, --filename <file>', `Filename, directory, or URL to files identifying the resource to ${what}`, collect)
    .option('--local', 'If true, set will NOT contact api-server but run locally.')
    .option('-o, --output <format>', 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).')
    .option('--dry-run <mode>', 'Must be "none", "server", or "client".');
}

export function register(program: Command, h: Harness): void {
  const set = program.command('set').description('Set specific features on objects');

  common(set.command('image').description('Update the image of a pod template').argument('[args...]'), 'get from a server.')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .action(h.action<SetFlags>((ctx, args, opts) => setImage(ctx, args, opts)));

  common(set.command('env').description('Update environment variables on a pod template').argument('[args...]'), 'update the env')
    .option('-c, --containers <names>', 'The names of containers in the selected pod templates to change - may use wildcards', '*')
    .option('-e, --env <pair>', 'Specify a key-value pair for an environment variable to set into each container.', collect)
    .option('--from <resource>', 'The name of a resource from which to inject environment variables')
    .option('--prefix <prefix>', 'Prefix to append to variable names')
    .option('--keys <keys>', 'Comma-separated list of keys to import from specified resource', (v: string, prev: string[] = []) => [...prev, ...v.split(',')])
    .option('--list', 'If true, display the environment and any changes in the standard format. this flag will removed when we have kubectl view env.')
    .option('--resolve', 'If true, show secret or configmap references when listing variables')
    .option('--overwrite [bool]', 'If true, allow environment to be overwritten, otherwise reject updates that overwrite existing environment.')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .action(h.action<EnvFlags>((ctx, args, opts) => setEnv(ctx, args, { ...opts, overwrite: String(opts.overwrite ?? true) !== 'false' })));

  common(set.command('resources').description('Update resource requests/limits on objects with pod templates').argument('[args...]'), 'get from a server.')
    .option('-c, --containers <names>', 'The names of containers in the selected pod templates to change, all containers are selected by default - may use wildcards', '*')
    .option('--limits <limits>', "The resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.  Note that server side components may assign requests depending on the server configuration, such as limit ranges.")
    .option('--requests <requests>', "The resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.  Note that server side components may assign requests depending on the server configuration, such as limit ranges.")
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .action(h.action<SetFlags & { limits?: string; requests?: string }>((ctx, args, opts) => setResources(ctx, args, opts)));

  common(set.command('selector').description('Set the selector on a resource').argument('[args...]'), 'set a selector on.', false)
    .option('--resource-version <version>', 'If non-empty, the selectors update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource.')
    .action(h.action<SetFlags>((ctx, args, opts) => setSelector(ctx, args, opts)));

  common(set.command('serviceaccount').alias('sa').description('Update the service account of a resource').argument('[args...]'), 'get from a server.')
    .action(h.action<SetFlags>((ctx, args, opts) => setServiceAccount(ctx, args, opts)));

  set
    .command('subject')
    .description('Update the user, group, or service account in a role binding or cluster role binding')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(h.action((ctx) => refuse(ctx, `${notSimulatedText('set subject')}: change the subjects of the binding with apply -f or edit`)));
}
