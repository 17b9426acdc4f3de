/**
 * `kube-sim run NAME --image=IMAGE [--port] [-l/--labels] [--env]... [--restart] [--command] [-i] [-t]
 * [--rm] [--expose] [--dry-run] [-o] -- [COMMAND] [args...]`: kubectl's BasicPod generator, its flag
 * checks and messages, and the attach flow (`--rm -it ... -- sh` opens the simulated shell, prints
 * `If you don't see a command prompt, try pressing enter.`, and deletes the pod afterwards).
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import type { KubeObject } from '../../api/types.js';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { CliError, ExitCode } from '../../api/errors.js';
import { KINDS } from '../../api/registry.js';
import { createObject, deleteObject } from '../../api/server.js';
import { getObject } from '../../api/objects.js';
import { renderObjects, toYaml, withoutManagedFields } from '../../printers/output.js';
import { isInteractiveShell } from '../../shell/interactive.js';
import { runInteractiveShell } from '../shell-session.js';
import { endAttachedProcess, mainProcessArgv } from '../../shell/attach.js';
import { containerLogs } from '../../controllers/container-logs.js';
import { applyOverride } from './run-overrides.js';
import { goJsonText } from '../../util/go-json.js';

interface RunOptions {
  image?: string;
  port?: string;
  labels?: string;
  env?: string[];
  annotations?: string[];
  restart?: string;
  command?: boolean;
  stdin?: boolean;
  tty?: boolean;
  rm?: boolean;
  attach?: boolean;
  quiet?: boolean;
  expose?: boolean;
  dryRun?: string;
  output?: string;
  imagePullPolicy?: string;
  privileged?: boolean;
  leaveStdinOpen?: boolean;
  serviceaccount?: string;
  overrides?: string;
  overrideType?: string;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

function parseLabels(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const kv = part.split('=');
    if (kv.length !== 2) throw new CliError(`unexpected label spec: ${part}`);
    out[kv[0]!] = kv[1]!;
  }
  return out;
}

/** The pod kubectl's generator builds, fields in Go struct order (what `-o json --dry-run=client` shows). */
export function generatePod(name: string, args: string[], o: RunOptions): KubeObject {
  const labels = o.labels ? parseLabels(o.labels) : { run: name };
  const annotations: Record<string, string> = {};
  for (const a of o.annotations ?? []) {
    const i = a.indexOf('=');
    if (i < 0) throw new CliError(`invalid annotation spec: ${a}`);
    annotations[a.slice(0, i)] = a.slice(i + 1);
  }
  const container: Record<string, unknown> = { name, image: o.image };
  if (args.length) container[o.command ? 'command' : 'args'] = args;
  if (o.port !== undefined) {
    if (!/^-?\d+$/.test(o.port)) throw new CliError(`strconv.Atoi: parsing "${o.port}": invalid syntax`);
    container.ports = [{ containerPort: Number(o.port) }];
  }
  if (o.env?.length) {
    container.env = o.env.map((e) => {
      const i = e.indexOf('=');
      if (i <= 0) throw new CliError(`invalid env: ${e}`);
      return { name: e.slice(0, i), value: e.slice(i + 1) };
    });
  }
  container.resources = {};
  if (o.imagePullPolicy) container.imagePullPolicy = o.imagePullPolicy;
  if (o.privileged) container.securityContext = { privileged: true };
  if (o.stdin) {
    container.stdin = true;
    if (!o.leaveStdinOpen) container.stdinOnce = true;
  }
  if (o.tty) container.tty = true;
  const spec: Record<string, unknown> = {};
  if (o.serviceaccount) spec.serviceAccountName = o.serviceaccount;
  spec.containers = [container];
  spec.restartPolicy = o.restart ?? 'Always';
  spec.dnsPolicy = 'ClusterFirst';
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name, creationTimestamp: null as unknown as string, labels, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec,
    status: {},
  } as KubeObject;
}

function generateService(name: string, port: number, selector: Record<string, string>): KubeObject {
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: { name, creationTimestamp: null as unknown as string },
    spec: { ports: [{ protocol: 'TCP', port, targetPort: port }], selector },
    status: { loadBalancer: {} },
  } as KubeObject;
}

/** Print objects in a dry-run-client format (struct order for JSON, sorted YAML). */
function printGenerated(ctx: CommandContext, format: string, objs: KubeObject[]): void {
  if (format === 'json') ctx.out(objs.map((o) => goJsonText(o, 4) + '\n').join(''));
  else if (format === 'yaml') ctx.out(objs.map((o) => toYaml(o)).join('---\n---\n'));
  else ctx.out(renderObjects(format, objs, objs.length === 1, { cwd: ctx.io.cwd, files: ctx.files, typed: true }));
}

function validateFlags(args: string[], o: RunOptions): void {
  if (!o.image) throw new CliError('required flag(s) "image" not set');
  if (!args.length) throw new CliError('NAME is required for run', 'run');
  const restart = o.restart ?? 'Always';
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) throw new CliError(`invalid restart policy: ${restart}`, 'run');
  const interactive = !!o.stdin;
  const attach = o.attach ?? interactive;
  if (o.rm && !attach) throw new CliError('--rm should only be used for attached containers', 'run');
  if (o.tty && !o.stdin) throw new CliError('-i/--stdin is required for containers with -t/--tty=true', 'run');
  if (o.dryRun && o.dryRun !== 'none' && (o.attach || o.stdin || o.tty)) {
    throw new CliError("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)", 'run');
  }
  if (o.dryRun && !['none', 'client', 'server'].includes(o.dryRun)) throw new CliError(`Invalid dry-run value (${o.dryRun}). Must be "none", "server", or "client".`);
  if (o.expose && o.port === undefined) throw new CliError('--port must be set when exposing a service', 'run');
}

async function runCommand(ctx: CommandContext, args: string[], o: RunOptions): Promise<number> {
  validateFlags(args, o);
  const [name, ...rest] = args as [string, ...string[]];
  let pod = generatePod(name, rest, o);
  if (o.overrides) pod = applyOverride(pod, o.overrides, o.overrideType ?? 'merge');
  const service = o.expose ? generateService(name, Number(o.port), (pod.metadata.labels ?? {}) as Record<string, string>) : undefined;
  const dry = o.dryRun && o.dryRun !== 'none' ? o.dryRun : undefined;
  if (dry === 'client') {
    if (o.output) printGenerated(ctx, o.output, service ? [service, pod] : [pod]);
    else {
      if (service) ctx.out(`service/${name} created (dry run)\n`);
      ctx.out(`pod/${name} created (dry run)\n`);
    }
    return 0;
  }
  const created: KubeObject[] = [];
  const write = (state: Parameters<Parameters<CommandContext['mutate']>[0]>[0], env: Parameters<Parameters<CommandContext['mutate']>[0]>[1]) => {
    if (service) {
      const s = structuredClone(service);
      delete (s.metadata as Record<string, unknown>).creationTimestamp;
      delete s.status;
      s.metadata.namespace = ctx.namespace;
      created.push(structuredClone(createObject(state, env, KINDS.Service, s, writeOpts)));
    }
    const p = structuredClone(pod);
    delete (p.metadata as Record<string, unknown>).creationTimestamp;
    delete p.status;
    p.metadata.namespace = ctx.namespace;
    created.push(structuredClone(createObject(state, env, KINDS.Pod, p, writeOpts)));
  };
  const writeOpts = { dryRun: dry === 'server', fieldManager: 'kubectl-run' };
  if (dry === 'server') {
    const { state, env } = ctx.read();
    write(state, env);
  } else ctx.mutate(write);
  const suffix = dry === 'server' ? ' (server dry run)' : '';
  const attaching = !dry && !!(o.attach ?? o.stdin);
  // kubectl prints the created objects only when it does not attach.
  if (attaching) return attach(ctx, name, o);
  if (o.output) ctx.out(o.output === 'yaml' ? withoutManagedFields(created).map((x) => toYaml(x)).join('---\n---\n') : renderObjects(o.output, created, created.length === 1, { cwd: ctx.io.cwd, files: ctx.files }));
  else for (const x of created) ctx.out(`${x.kind.toLowerCase()}/${x.metadata.name} created${suffix}\n`);
  return 0;
}

/** Attach to the new pod's container: an interactive shell, or the output of a command that already ran. */
async function attach(ctx: CommandContext, name: string, o: RunOptions): Promise<number> {
  const ns = ctx.namespace;
  const { state } = ctx.read();
  const pod = getObject(state, 'pods', ns, name);
  if (!pod) throw new CliError('timed out waiting for the condition');
  const c = (pod as unknown as Pod).spec!.containers[0]! as Container;
  const argv = mainProcessArgv(c as Parameters<typeof mainProcessArgv>[0]);
  const cs = (pod as unknown as Pod).status?.containerStatuses?.[0];
  let code = 0;
  // kubectl puts the terminal in raw mode only with -t on a real terminal.
  const rawTty = !!o.tty && !!ctx.io.stdin?.isTTY;
  if (cs?.state?.running && o.stdin && isInteractiveShell(argv)) {
    if (o.tty && !rawTty && !o.quiet) ctx.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    if (!o.quiet) ctx.err("If you don't see a command prompt, try pressing enter.\n");
    code = await runInteractiveShell(ctx, name, c.name, argv, { tty: rawTty });
    ctx.mutate((st, env) => endAttachedProcess(st, env, pod, c.name, code));
  } else if (cs?.state?.running) {
    // Attached to a process that keeps running and prints nothing new: show what it wrote so far.
    for (const l of containerLogs(state, pod, c.name, false)) ctx.out(l + '\n');
  } else {
    try {
      for (const l of containerLogs(state, pod, c.name, false)) ctx.out(l + '\n');
    } catch {
      /* nothing was written */
    }
  }
  const after = getObject(ctx.read().state, 'pods', ns, name) as unknown as Pod | undefined;
  // attach's reattach message (stdout), printed before --rm deletes the pod (a deferred delete in kubectl).
  if (o.stdin && rawTty && !o.quiet && (after?.spec?.restartPolicy ?? 'Always') === 'Always') {
    ctx.out(`Session ended, resume using 'kubectl attach ${name} -c ${c.name} -i -t' command when the pod is running\n`);
  }
  if (o.rm) {
    ctx.mutate((st, env) => {
      if (getObject(st, 'pods', ns, name)) deleteObject(st, env, KINDS.Pod, ns, name);
    });
    ctx.out(`pod "${name}" deleted\n`);
  }
  const term = after?.status?.containerStatuses?.[0]?.state?.terminated;
  if (after?.status?.phase === 'Failed' && term && term.exitCode !== 0) {
    ctx.err(`pod ${ns}/${name} terminated (${term.reason ?? 'Error'})\n${term.message ? term.message + '\n' : ''}`);
    throw new ExitCode(term.exitCode);
  }
  // With restartPolicy Always kubectl does not wait for an exit code: the session's end is success.
  if (code !== 0 && (after?.spec?.restartPolicy ?? 'Always') !== 'Always') throw new ExitCode(code);
  return 0;
}

export function register(program: Command, h: Harness): void {
  program
    .command('run')
    .description('Run a particular image on the cluster')
    .argument('[args...]')
    .option('--image <image>', 'The image for the container to run')
    .option('--port <port>', 'The port that this container exposes')
    .option('-l, --labels <labels>', 'Comma separated labels to apply to the pod')
    .option('--env <env>', 'Environment variables to set in the container', collect)
    .option('--annotations <kv>', 'Annotations to apply to the pod', collect)
    .option('--restart <policy>', 'The restart policy for this Pod: Always, OnFailure, Never')
    .option('--command', 'Use the extra arguments as the command instead of args')
    .option('-i, --stdin', 'Keep stdin open on the container in the pod')
    .option('-t, --tty', 'Allocate a TTY for the container in the pod')
    .option('--rm', 'Delete the pod after it exits (only with attach)')
    .option('--attach', 'Wait for the Pod to start running, and then attach to it')
    .option('-q, --quiet', 'If true, suppress prompt messages')
    .option('--expose', 'Create a ClusterIP service associated with the pod (requires --port)')
    .option('--dry-run <mode>', 'none, client or server')
    .option('-o, --output <format>', 'Output format: json|yaml|name')
    .option('--image-pull-policy <policy>', 'The image pull policy for the container')
    .option('--privileged', 'Run the container in privileged mode')
    .option('--leave-stdin-open', 'Leave stdin open after the first attach completes')
    .option('--serviceaccount <name>', 'Service account to set in the pod spec')
    .option('--overrides <json>', 'An inline JSON override for the generated object')
    .option('--override-type <type>', 'The method used to override the generated object: json, merge, or strategic')
    .option('--pod-running-timeout <d>', 'Accepted for compatibility')
    .action(h.action<RunOptions>(async (ctx, args, opts) => runCommand(ctx, args, opts)));
}

