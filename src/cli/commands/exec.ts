/**
 * `kube-sim exec POD [-c C] [-i] [-t] -- COMMAND [ARGS...]`: runs a command in a container's simulated
 * environment. Runs inside ctx.mutateOptimistic so what the command changes (files, the seeded
 * generator that kube-proxy's random choices move, the app's request logs) is kept, while a long
 * program holds no lock as it runs (it may run again if what it read changed meanwhile: nothing is
 * printed until the run that is kept); a command that changes nothing leaves the state file untouched.
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import type { ClusterState, KubeObject } from '../../api/types.js';
import { ApiError, CliError, ExitCode, RawError, notFound } from '../../api/errors.js';
import { getObject, listObjects } from '../../api/objects.js';
import { fromLabelSelector, fromMap, matches } from '../../api/selectors.js';
import { resolveType } from '../resource-args.js';
import { missingBinaryError, podSystem, runInContainer } from '../../shell/index.js';
import { programName } from '../../shell/shell.js';
import { isInteractiveShell } from '../../shell/interactive.js';
import { runInteractiveShell } from '../shell-session.js';
import { handTraces } from '../../ui/inbox.js';
import { containerStatusNamed } from '../../kinds/pod-ephemeral.js';

interface ExecFlags {
  container?: string;
  stdin?: boolean;
  tty?: boolean;
  quiet?: boolean;
  trace?: boolean;
}

/** Pods of a workload or service, best candidate first (ready, running, then oldest), as kubectl picks one. */
function podsFor(state: ClusterState, ns: string, target: KubeObject): KubeObject[] {
  const spec = (target.spec ?? {}) as { selector?: unknown };
  const reqs = target.kind === 'Service' || target.kind === 'ReplicationController' ? fromMap(spec.selector as Record<string, string>) : fromLabelSelector(spec.selector as never);
  if (!reqs || (target.kind === 'Service' && !spec.selector)) {
    throw new CliError(`cannot attach to *v1.${target.kind}: invalid service '${target.metadata.name}': Service is defined without a selector`);
  }
  const score = (p: KubeObject) => {
    const st = (p.status ?? {}) as { phase?: string; conditions?: { type: string; status: string }[] };
    const ready = st.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 0 : 1;
    const running = st.phase === 'Running' ? 0 : 1;
    return [ready, running];
  };
  return listObjects(state, 'pods', ns)
    .filter((p) => !p.metadata.deletionTimestamp && matches(reqs, p.metadata.labels))
    .sort((a, b) => {
      const [ra, na] = score(a);
      const [rb, nb] = score(b);
      if (ra !== rb) return ra! - rb!;
      if (na !== nb) return na! - nb!;
      return (a.metadata.creationTimestamp ?? '') < (b.metadata.creationTimestamp ?? '') ? -1 : 1;
    });
}

/** The pod an exec target names: `POD`, `pod/POD`, or `TYPE/NAME` of something with a selector. */
export function resolveExecPod(state: ClusterState, ns: string, target: string): KubeObject {
  const slash = target.indexOf('/');
  if (slash < 0) {
    const pod = getObject(state, 'pods', ns, target);
    if (!pod) throw notFound('pods', target);
    return pod;
  }
  const info = resolveType(target.slice(0, slash));
  const name = target.slice(slash + 1);
  const obj = getObject(state, info.resource, info.namespaced ? ns : undefined, name);
  if (!obj) throw notFound(info.group ? `${info.resource}.${info.group}` : info.resource, name);
  if (info.resource === 'pods') return obj;
  const pods = podsFor(state, ns, obj);
  if (!pods.length) throw new CliError(`timed out waiting for the condition`);
  return pods[0]!;
}

export interface Checked {
  pod: KubeObject;
  container: string;
  defaulted?: string;
}

/** kubectl's and the API server's checks before a stream is opened (reference §3.3); also cp's and attach's. */
export function checkPod(pod: KubeObject, container: string | undefined, quiet: boolean): Checked {
  const spec = (pod.spec ?? {}) as { nodeName?: string; containers?: { name: string }[]; initContainers?: { name: string }[]; ephemeralContainers?: { name: string }[] };
  const status = (pod.status ?? {}) as { phase?: string };
  if (status.phase === 'Succeeded' || status.phase === 'Failed') {
    throw new CliError(`cannot exec into a container in a completed pod; current phase is ${status.phase}`);
  }
  const names = (spec.containers ?? []).map((c) => c.name);
  let defaulted: string | undefined;
  let chosen = container;
  if (!chosen) {
    const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    chosen = annotated && names.includes(annotated) ? annotated : names[0]!;
    const all = [...names, ...(spec.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`), ...(spec.initContainers ?? []).map((c) => `${c.name} (init)`)];
    if (all.length > 1 && !quiet) defaulted = `Defaulted container "${chosen}" out of: ${all.join(', ')}\n`;
  }
  const valid = [...names, ...(spec.initContainers ?? []).map((c) => c.name), ...(spec.ephemeralContainers ?? []).map((c) => c.name)];
  // The API server checks the container before upgrading the connection (reference §3.3; kubectl issue #1768
  // shows `Error from server (BadRequest): container abc is not valid for pod test-pod`).
  if (!valid.includes(chosen!)) throw new ApiError('BadRequest', `container ${chosen} is not valid for pod ${pod.metadata.name}`);
  if (!spec.nodeName) throw new ApiError('BadRequest', `pod ${pod.metadata.name} does not have a host assigned`);
  // A running init or ephemeral container can be exec'd into too.
  const cs = containerStatusNamed(pod, chosen!);
  const running = cs ? !!cs.state?.running : status.phase === 'Running';
  if (!running) throw new CliError(`unable to upgrade connection: container not found ("${chosen}")`);
  return { pod, container: chosen!, defaulted };
}

/** The raw argv of this invocation (to tell `exec POD -- CMD` from the removed `exec POD CMD`). */
function rawArgs(cmd: Command): string[] {
  let c: Command | null = cmd;
  while (c?.parent) c = c.parent;
  return ((c as unknown as { rawArgs?: string[] })?.rawArgs ?? []) as string[];
}

async function run(ctx: CommandContext, args: string[], flags: ExecFlags, cmd: Command): Promise<number> {
  const raw = rawArgs(cmd);
  const dash = raw.indexOf('--');
  if (!args.length) throw new CliError('pod, type/name or --filename must be specified');
  const [target, ...command] = args as [string, ...string[]];
  const ns = ctx.namespace;
  const interactive = !!flags.stdin && isInteractiveShell(command);
  const stdin = flags.stdin && !interactive ? ((await ctx.io.stdin?.readAll()) ?? '') : '';
  let tty = !!flags.tty && !!flags.stdin;
  const ttyWarning = tty && !ctx.io.stdin?.isTTY && !flags.quiet;
  if (tty && !ctx.io.stdin?.isTTY) tty = false;

  /** Everything kubectl and the API server check before a stream is opened; notices go to `say`. */
  const prepare = (state: ClusterState, say: (text: string) => void): Checked => {
    if (dash < 0 && command.length) {
      // kubectl 1.31+ rejects the old form; a cluster set to an older release behaves as its kubectl did
      // (1.18-1.30 warned, older ones ran it silently), so the chapter's `exec POD env` transcripts work there.
      const minor = Number(/^v?1\.(\d+)/.exec(state.settings.kubernetesVersion)?.[1] ?? 32);
      if (minor >= 31) throw new CliError('exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead', 'exec');
      if (minor >= 18) say('kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.\n');
    }
    if (!command.length) throw new CliError('you must specify at least one command for the container');
    const checked = checkPod(resolveExecPod(state, ns, target), flags.container, !!flags.quiet);
    if (checked.defaulted) say(checked.defaulted);
    if (ttyWarning) say('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    return checked;
  };

  let code: number;
  if (interactive) {
    const { state, env } = ctx.read();
    const checked = prepare(state, (t) => ctx.err(t));
    const sys = podSystem(state, env, checked.pod, checked.container);
    if (!programName(sys, command[0]!)) {
      // The runtime made an exec (its id drawn from the runtime stream) before failing to start it: the draw
      // is kept, as the non-interactive path and serve keep it, so every later name and IP is the same
      // whichever way the command came (and two failed execs do not show one id).
      const { result: failure } = ctx.mutateOptimistic((_st, env) => missingBinaryError(env.runtimeRngFor(checked.pod.metadata.namespace), command[0]!));
      throw new RawError(`error: Internal error occurred: error executing command in container: ${failure}`);
    }
    code = await runInteractiveShell(ctx, checked.pod.metadata.name, checked.container, command, { tty });
  } else {
    // Run on a snapshot, saved under the lock if nothing it read changed meanwhile (else run again); a
    // command that changes nothing leaves the state file as it was. Notices wait for the kept run.
    const { result: kept } = ctx.mutateOptimistic((st, env) => {
      const notices: string[] = [];
      const checked = prepare(st, (t) => notices.push(t));
      return { notices, run: runInContainer(st, env, checked.pod, checked.container, command, { stdin, tty, trace: flags.trace }) };
    });
    for (const n of kept.notices) ctx.err(n);
    const result = kept.run;
    handTraces(ctx.store.location, result.traces);
    if (result.startError) throw new RawError(`error: Internal error occurred: error executing command in container: ${result.startError}`);
    ctx.out(result.stdout);
    ctx.err(result.stderr);
    code = result.exitCode;
  }
  if (code !== 0) {
    ctx.err(`command terminated with exit code ${code}\n`);
    throw new ExitCode(code);
  }
  return 0;
}

export function register(program: Command, h: Harness): void {
  program
    .command('exec')
    .description('Execute a command in a container')
    .usage('(POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]')
    .argument('[args...]')
    .option('-c, --container <name>', 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation or the first container')
    .option('-i, --stdin', 'Pass stdin to the container')
    .option('-t, --tty', 'Stdin is a TTY')
    .option('-q, --quiet', 'Only print output from the remote session')
    .option('--trace', 'kube-sim: print each network hop (DNS answer, kube-proxy rule, DNAT, the pod that answered) on stderr')
    .passThroughOptions(false)
    .action(h.action<ExecFlags>((ctx, args, opts, cmd) => run(ctx, args, opts, cmd)));
}
