/**
 * `kube-sim debug (POD | TYPE/NAME) [-- COMMAND...]`, as kubectl 1.32's pkg/cmd/debug does it:
 * options → Complete → Validate → Run, each message on the stream and at the moment kubectl prints it.
 * A pod gets an ephemeral container through its `ephemeralcontainers` subresource, or with `--copy-to`
 * a copy with a debug container added or a container changed; a node gets a pod in its host namespaces
 * with its root at /host. With `-i` the command then attaches to the debug container as `attach` does.
 *
 * The random suffixes of the names kubectl makes (`debugger-xxxxx`, `node-debugger-NODE-xxxxx`) are drawn
 * client-side by kubectl: here from a stream of their own in the state (`client:kubectl-debug`), so a
 * replay prints the same names and the cluster's own streams (generated names, IPs) do not move.
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { Env } from '../../env.js';
import type { Container } from '../../kinds/pod-template.js';
import { CliError, RawError, notFound } from '../../api/errors.js';
import { getObject } from '../../api/objects.js';
import { createObject, deleteObject, patchObject } from '../../api/server.js';
import { KINDS } from '../../api/registry.js';
import { NAME_ALPHABET, Rng } from '../../env.js';
import { resolveType } from '../resource-args.js';
import { readFileFlags } from '../file-flags.js';
import { ManifestParseError } from '../../api/manifest.js';
import { everyContainer } from '../../kinds/pod-ephemeral.js';
import { applyProfile, checkProfile, type DebugStyle, type KeepFlags, type Profile } from './debug-profiles.js';
import { attachToDebugContainer } from './debug-attach.js';
import { applyCustomProfile, checkCustomProfile, readCustomProfile, type CustomProfile } from './debug-custom.js';

interface DebugFlags {
  argumentsOnly?: boolean;
  attach?: string;
  container?: string;
  copyTo?: string;
  replace?: boolean;
  env?: string[];
  image?: string;
  keepLabels?: boolean;
  keepAnnotations?: boolean;
  keepLiveness?: boolean;
  keepReadiness?: boolean;
  keepStartup?: boolean;
  keepInitContainers?: string;
  setImage?: string[];
  imagePullPolicy?: string;
  stdin?: boolean;
  quiet?: boolean;
  sameNode?: boolean;
  shareProcesses?: string;
  target?: string;
  tty?: boolean;
  profile?: string;
  custom?: string;
  filename?: string[];
}

/** DebugOptions after Complete. */
interface DebugOptions {
  targets: string[];
  args: string[];
  argsOnly: boolean;
  attach: boolean;
  attachChanged: boolean;
  container: string;
  copyTo: string;
  replace: boolean;
  env: { name: string; value: string }[];
  image: string;
  interactive: boolean;
  tty: boolean;
  quiet: boolean;
  pullPolicy: string;
  sameNode: boolean;
  setImages: Map<string, string>;
  shareProcesses: boolean;
  shareProcessesChanged: boolean;
  target: string;
  profile: Profile;
  custom?: CustomProfile;
  keep: KeepFlags;
}

/**
 * distribution/reference's ReferenceRegexp, which kubectl checks --image and --set-image against:
 * an optional domain, lower-case path components, an optional tag and digest.
 */
const REFERENCE = /^((?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,})?$/;

/** pflag's StringToString (`--env`, `--set-image`): `k=v[,k=v]` pairs, repeatable, later keys winning. */
function stringToString(flag: string, values: string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const value of values ?? []) {
    for (const pair of value.split(',')) {
      const eq = pair.indexOf('=');
      // pflag refuses it while parsing, so cobra's usage hint follows.
      if (eq < 0) throw new RawError(`error: invalid argument "${value}" for "--${flag}" flag: ${pair} must be formatted as key=value\nSee 'kubectl debug --help' for usage.`);
      out.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
  return out;
}

/** The raw argv of this invocation, to split targets from the command after `--` (cobra's ArgsLenAtDash). */
function argsAfterDash(cmd: Command, args: string[]): { targets: string[]; command: string[] } {
  let root: Command | null = cmd;
  while (root?.parent) root = root.parent;
  const raw = ((root as unknown as { rawArgs?: string[] })?.rawArgs ?? []) as string[];
  const dash = raw.indexOf('--');
  if (dash < 0) return { targets: args, command: [] };
  const command = raw.slice(dash + 1);
  return { targets: args.slice(0, args.length - command.length), command };
}

/** Complete: flags read as kubectl reads them; an unknown profile fails here, before Validate. */
function complete(ctx: CommandContext, flags: DebugFlags, split: { targets: string[]; command: string[] }): DebugOptions {
  // pflag parses the map flags before cobra runs anything.
  const env = [...stringToString('env', flags.env)].map(([name, value]) => ({ name, value }));
  const setImages = stringToString('set-image', flags.setImage);
  const profile = checkProfile(flags.profile ?? 'legacy');
  const interactive = !!flags.stdin;
  const attachChanged = flags.attach !== undefined;
  return {
    targets: split.targets,
    args: split.command,
    argsOnly: !!flags.argumentsOnly,
    attach: attachChanged ? flags.attach === 'true' : interactive,
    attachChanged,
    container: flags.container ?? '',
    copyTo: flags.copyTo ?? '',
    replace: !!flags.replace,
    env,
    image: flags.image ?? '',
    interactive,
    tty: !!flags.tty,
    quiet: !!flags.quiet,
    pullPolicy: flags.imagePullPolicy ?? '',
    sameNode: !!flags.sameNode,
    setImages,
    shareProcesses: flags.shareProcesses !== 'false',
    shareProcessesChanged: flags.shareProcesses !== undefined,
    target: flags.target ?? '',
    profile,
    custom: flags.custom ? readCustomProfile(ctx, flags.custom) : undefined,
    keep: {
      labels: !!flags.keepLabels,
      annotations: !!flags.keepAnnotations,
      liveness: !!flags.keepLiveness,
      readiness: !!flags.keepReadiness,
      startup: !!flags.keepStartup,
      initContainers: flags.keepInitContainers !== 'false',
    },
  };
}

/** Validate, in kubectl's order; its notices ("Targeting container", the legacy profile's deprecation) included. */
function validate(ctx: CommandContext, o: DebugOptions, fromFiles: boolean): void {
  if (o.attach && o.attachChanged && !o.image && !o.container) throw new CliError('you must specify --container or create a new container using --image in order to attach.');
  if (o.copyTo) {
    if (!o.image && !o.setImages.size && !o.args.length) throw new CliError('you must specify --image, --set-image or command arguments.');
    if (o.args.length && !o.container && !o.image) throw new CliError('you must specify an existing container or a new image when specifying args.');
  } else if (o.replace) throw new CliError('--replace may only be used with --copy-to.');
  else if (o.sameNode) throw new CliError('--same-node may only be used with --copy-to.');
  else if (o.setImages.size) throw new CliError('--set-image may only be used with --copy-to.');
  else if (!o.image) throw new CliError('you must specify --image when not using --copy-to.');
  if (o.image && !REFERENCE.test(o.image)) throw new CliError(`invalid image name "${o.image}": invalid reference format`);
  if (!o.targets.length && !fromFiles) throw new CliError('NAME or filename is required for debug');
  if (!['', 'Always', 'IfNotPresent', 'Never'].includes(o.pullPolicy)) throw new CliError(`invalid image pull policy: ${o.pullPolicy}`);
  for (const [name, image] of o.setImages) {
    if (!REFERENCE.test(image)) throw new CliError(`invalid image name "${image}" for container "${name}": invalid reference format`);
  }
  if (o.target) {
    if (o.copyTo) throw new CliError('--target is incompatible with --copy-to. Use --share-processes instead.');
    if (!o.quiet) ctx.out(`Targeting container "${o.target}". If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n`);
  }
  if (o.tty && !o.interactive) throw new CliError('-i/--stdin is required for containers with -t/--tty=true');
  if (o.custom) checkCustomProfile(o.custom);
  if (o.profile === 'legacy') ctx.err('--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n');
}

/** kubectl's own random suffix (utilrand.String(5)), from the client-side stream. */
function suffix(state: ClusterState): string {
  return new Rng(state, 'client:kubectl-debug').string(5, NAME_ALPHABET);
}

/** computeDebugContainerName: --container, else a `debugger-xxxxx` no container of the pod has (announced). */
function debugContainerName(o: DebugOptions, state: ClusterState, pod: KubeObject, say: (s: string) => void): string {
  if (o.container) return o.container;
  // containerNameToRef: app, init and ephemeral containers.
  const taken = new Set(everyContainer(pod).map((c) => c.name));
  let name = '';
  while (!name || taken.has(name)) name = `debugger-${suffix(state)}`;
  if (!o.quiet) say(`Defaulting debug container name to ${name}.\n`);
  return name;
}

/** The command (or, with --arguments-only, the args) of the debug container. */
function commandFields(o: DebugOptions): Record<string, string[]> {
  if (!o.args.length) return {};
  return o.argsOnly ? { args: o.args } : { command: o.args };
}

/** The fields a new debug container gets, omitted where Go's omitempty leaves them out. */
function debugContainer(o: DebugOptions, name: string): Record<string, unknown> {
  return {
    name,
    ...(o.env.length ? { env: o.env } : {}),
    image: o.image,
    ...(o.pullPolicy ? { imagePullPolicy: o.pullPolicy } : {}),
    ...(o.interactive ? { stdin: true } : {}),
    terminationMessagePolicy: 'File',
    ...(o.tty ? { tty: true } : {}),
    ...commandFields(o),
  };
}

/** What a debugging step made: the pod to attach to and its debug container ('' when there is none). */
interface Made {
  pod: KubeObject;
  container: string;
}

/** debugByEphemeralContainer: the debug container added through the pod's ephemeralcontainers subresource. */
function addEphemeral(o: DebugOptions, state: ClusterState, env: Env, pod: KubeObject, say: (s: string) => void): Made {
  const name = debugContainerName(o, state, pod, say);
  const ec = { ...debugContainer(o, name), ...(o.target ? { targetContainerName: o.target } : {}) };
  const debugPod = structuredClone(pod);
  const spec = debugPod.spec as { ephemeralContainers?: unknown[] };
  spec.ephemeralContainers = [...(spec.ephemeralContainers ?? []), ec];
  applyProfile(o.profile, debugPod, name, 'ephemeral', o.keep);
  if (o.custom) applyCustomProfile(o.custom, debugPod, name, true);
  const added = spec.ephemeralContainers[spec.ephemeralContainers.length - 1];
  // kubectl sends the two-way strategic merge patch of the pod to the pod with the container added.
  const patch = { spec: { ephemeralContainers: [added] } };
  const result = patchObject(state, env, KINDS.Pod, pod.metadata.namespace, pod.metadata.name, 'strategic', patch, { fieldManager: 'kubectl', subresource: 'ephemeralcontainers' });
  return { pod: result, container: name };
}

/** generatePodCopyWithDebugContainer, then the copy created (and with --replace the original deleted). */
function copyPod(o: DebugOptions, state: ClusterState, env: Env, pod: KubeObject, say: (s: string) => void): Made {
  const spec = structuredClone(pod.spec) as Record<string, unknown> & { containers: Container[]; initContainers?: Container[]; ephemeralContainers?: unknown };
  const copy = { apiVersion: 'v1', kind: 'Pod', metadata: { name: o.copyTo, namespace: pod.metadata.namespace, ...(pod.metadata.annotations ? { annotations: { ...pod.metadata.annotations } } : {}), ...(pod.metadata.labels ? { labels: { ...pod.metadata.labels } } : {}) }, spec } as KubeObject;
  delete spec.ephemeralContainers;
  if (o.shareProcessesChanged) spec.shareProcessNamespace = o.shareProcesses;
  if (!o.sameNode) delete spec.nodeName;
  for (const c of spec.containers) {
    const image = o.setImages.get(c.name) ?? o.setImages.get('*');
    if (image) c.image = image;
  }
  let c = [...spec.containers, ...(spec.initContainers ?? [])].find((x) => x.name === o.container);
  let name = o.container;
  if (!c) {
    if (!o.image) {
      if (o.setImages.size) return { pod: create(o, state, env, pod, copy), container: '' };
      throw new CliError('you must specify image when creating new container');
    }
    if (!name) name = debugContainerName(o, state, copy, say);
    c = { name, terminationMessagePolicy: 'File' } as Container;
    spec.containers.push(c);
  }
  const w = c as unknown as Record<string, unknown>;
  if (o.args.length) {
    if (o.argsOnly) w.args = o.args;
    else {
      w.command = o.args;
      delete w.args;
    }
  }
  if (o.env.length) w.env = o.env;
  if (o.image) w.image = o.image;
  if (o.pullPolicy) w.imagePullPolicy = o.pullPolicy;
  if (o.interactive) w.stdin = true;
  else delete w.stdin;
  if (o.tty) w.tty = true;
  else delete w.tty;
  applyProfile(o.profile, copy, c.name, 'podCopy', o.keep);
  if (o.custom) applyCustomProfile(o.custom, copy, name, false);
  return { pod: create(o, state, env, pod, copy), container: name };
}

/** Create the copy; with --replace, delete the original after (DeleteOptions with no grace period). */
function create(o: DebugOptions, state: ClusterState, env: Env, original: KubeObject, copy: KubeObject): KubeObject {
  const created = createObject(state, env, KINDS.Pod, copy, { fieldManager: 'kubectl' });
  if (o.replace) deleteObject(state, env, KINDS.Pod, original.metadata.namespace, original.metadata.name, {});
  return created;
}

/** generateNodeDebugPod: a pod on the node in its host namespaces (by the profile), announced on stdout. */
function debugNode(o: DebugOptions, state: ClusterState, env: Env, ns: string, node: KubeObject, say: (s: string) => void): Made {
  const cn = o.container || 'debugger';
  const name = `node-debugger-${node.metadata.name}-${suffix(state)}`;
  if (!o.quiet) say(`Creating debugging pod ${name} with container ${cn} on node ${node.metadata.name}.\n`);
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns },
    spec: { containers: [debugContainer(o, cn)], nodeName: node.metadata.name, restartPolicy: 'Never', tolerations: [{ operator: 'Exists' }] },
  } as unknown as KubeObject;
  applyProfile(o.profile, pod, cn, 'node', o.keep);
  if (o.custom) applyCustomProfile(o.custom, pod, cn, false);
  return { pod: createObject(state, env, KINDS.Pod, pod, { fieldManager: 'kubectl' }), container: cn };
}

/** One target (`POD`, `pod/NAME`, `node/NAME`), as kubectl's builder resolves it. */
function visit(o: DebugOptions, state: ClusterState, env: Env, ns: string, target: string, say: (s: string) => void): Made {
  const slash = target.indexOf('/');
  const info = slash < 0 ? KINDS.Pod : resolveType(target.slice(0, slash));
  const name = slash < 0 ? target : target.slice(slash + 1);
  const obj = getObject(state, info.resource, info.namespaced ? ns : undefined, name);
  if (!obj) throw notFound(info.group ? `${info.resource}.${info.group}` : info.resource, name);
  return visitObject(o, state, env, ns, obj, say);
}

/** Debug one object: a node, or a pod (kubectl's visitNode and visitPod); any other kind is refused. */
function visitObject(o: DebugOptions, state: ClusterState, env: Env, ns: string, obj: KubeObject, say: (s: string) => void): Made {
  if (obj.kind === 'Node') return debugNode(o, state, env, ns, obj, say);
  // GroupVersionKind.String(): `GROUP/VERSION, Kind=KIND`, the core group empty.
  if (obj.kind !== 'Pod') throw new CliError(`"${obj.apiVersion.includes('/') ? obj.apiVersion : `/${obj.apiVersion}`}, Kind=${obj.kind}" not supported by debug`);
  return o.copyTo ? copyPod(o, state, env, obj, say) : addEphemeral(o, state, env, obj, say);
}

/**
 * The objects `-f` names, as kubectl's builder reads them from the files (not from the server): a pod's
 * namespace is the file's, else the command's.
 */
async function fileObjects(ctx: CommandContext, filenames: string[]): Promise<KubeObject[]> {
  const docs = await readFileFlags(ctx, { filename: filenames });
  return docs.map(({ doc }) => {
    if (doc instanceof ManifestParseError) throw doc.error;
    const obj = structuredClone(doc) as KubeObject;
    if (obj.kind !== 'Node') obj.metadata.namespace ??= ctx.namespace;
    return obj;
  });
}

async function run(ctx: CommandContext, args: string[], flags: DebugFlags, cmd: Command): Promise<number> {
  const o = complete(ctx, flags, argsAfterDash(cmd, args));
  validate(ctx, o, !!flags.filename?.length);
  // The builder takes files or names, not both (kubectl 1.32 says so before it asks the server anything).
  if (flags.filename?.length && o.targets.length) throw new CliError('resource/name arguments cannot be provided when a path is specified');
  const fromFiles = flags.filename?.length ? await fileObjects(ctx, flags.filename) : [];
  const steps: ((state: ClusterState, env: Env, say: (s: string) => void) => Made)[] = [
    ...fromFiles.map((obj) => (state: ClusterState, env: Env, say: (s: string) => void) => visitObject(o, state, env, obj.metadata.namespace ?? ctx.namespace, structuredClone(obj), say)),
    ...o.targets.map((target) => (state: ClusterState, env: Env, say: (s: string) => void) => visit(o, state, env, ctx.namespace, target, say)),
  ];
  for (const step of steps) {
    // What kubectl prints before a request fails is printed even when it fails.
    const said: string[] = [];
    let made: Made;
    try {
      made = ctx.mutate((state, env) => {
        said.length = 0;
        return step(state, env, (s) => said.push(s));
      }).result;
    } finally {
      for (const s of said) ctx.out(s);
    }
    if (o.attach && made.container) await attachToDebugContainer(ctx, made.pod, made.container, o);
  }
  return 0;
}

export function register(program: Command, h: Harness): void {
  const collect = (v: string, prev: string[] = []) => [...prev, v];
  program
    .command('debug')
    .description('Create debugging sessions for troubleshooting workloads and nodes')
    .argument('[args...]')
    .option('-f, --filename <file>', 'identifying the resource to debug', collect)
    .option('--arguments-only', 'If specified, everything after -- will be passed to the new container as Args instead of Command.')
    .option('--attach [bool]', "If true, wait for the container to start running, and then attach as if 'kubectl attach ...' were called.  Default false, unless '-i/--stdin' is set, in which case the default is true.")
    .option('-c, --container <name>', 'Container name to use for debug container.')
    .option('--copy-to <name>', 'Create a copy of the target Pod with this name.')
    .option('--replace', "When used with '--copy-to', delete the original Pod.")
    .option('--env <k=v>', 'Environment variables to set in the container.', collect)
    .option('--image <image>', 'Container image to use for debug container.')
    .option('--keep-labels', "If true, keep the original pod labels.(This flag only works when used with '--copy-to')")
    .option('--keep-annotations', "If true, keep the original pod annotations.(This flag only works when used with '--copy-to')")
    .option('--keep-liveness', "If true, keep the original pod liveness probes.(This flag only works when used with '--copy-to')")
    .option('--keep-readiness', "If true, keep the original pod readiness probes.(This flag only works when used with '--copy-to')")
    .option('--keep-startup', "If true, keep the original startup probes.(This flag only works when used with '--copy-to')")
    .option('--keep-init-containers [bool]', "Run the init containers for the pod. Defaults to true.(This flag only works when used with '--copy-to')")
    .option('--set-image <name=image>', "When used with '--copy-to', a list of name=image pairs for changing container images, similar to how 'kubectl set image' works.", collect)
    .option('--image-pull-policy <policy>', 'The image pull policy for the container. If left empty, this value will not be specified by the client and defaulted by the server.')
    .option('-i, --stdin', 'Keep stdin open on the container(s) in the pod, even if nothing is attached.')
    .option('-q, --quiet', 'If true, suppress informational messages.')
    .option('--same-node', "When used with '--copy-to', schedule the copy of target Pod on the same node.")
    .option('--share-processes [bool]', "When used with '--copy-to', enable process namespace sharing in the copy.")
    .option('--target <container>', 'When using an ephemeral container, target processes in this container name.')
    .option('-t, --tty', 'Allocate a TTY for the debugging container.')
    .option('--custom <file>', 'Path to a JSON or YAML file containing a partial container spec to customize built-in debug profiles.')
    .option('--profile <profile>', 'Options are "legacy", "general", "baseline", "netadmin", "restricted" or "sysadmin".')
    .passThroughOptions(false)
    .action(h.action<DebugFlags>((ctx, args, opts, cmd) => run(ctx, args, opts, cmd)));
}
