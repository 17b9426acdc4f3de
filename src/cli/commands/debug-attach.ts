/**
 * kubectl debug's attach (handleAttachPod): once the debug container runs, attach to it as
 * `kubectl attach POD -c NAME` would (stdin to its shell, kubectl's notices and reattach message); a
 * container that has already terminated has its log printed instead, as kubectl falls back to logs.
 */
import type { CommandContext } from '../context.js';
import type { KubeObject } from '../../api/types.js';
import type { Container } from '../../kinds/pod-template.js';
import { CliError, ExitCode, notFound } from '../../api/errors.js';
import { follow } from '../watch.js';
import { getObject } from '../../api/objects.js';
import { containerLogs } from '../../controllers/container-logs.js';
import { attachReachesShell, endAttachedProcess, mainProcessArgv, sessionEndsProcess } from '../../shell/attach.js';
import { runInteractiveShell } from '../shell-session.js';
import { containerStatusNamed } from '../../kinds/pod-ephemeral.js';

interface AttachOptions {
  interactive: boolean;
  tty: boolean;
  quiet: boolean;
}

/** The container's state, as getContainerStatusByName finds its status. */
const stateOf = (pod: KubeObject, name: string) => containerStatusNamed(pod, name)?.state;

/** The container's spec, wherever the pod declares it, and whether it is an ephemeral one. */
function specOf(pod: KubeObject, name: string): { c: Container; ephemeral: boolean } | undefined {
  const spec = pod.spec as { containers?: Container[]; initContainers?: Container[]; ephemeralContainers?: Container[] };
  const eph = spec.ephemeralContainers?.find((c) => c.name === name);
  if (eph) return { c: eph, ephemeral: true };
  const c = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].find((x) => x.name === name);
  return c ? { c, ephemeral: false } : undefined;
}

/**
 * waitForContainer: follow the pod until the container runs or has ended, warning with each new waiting
 * message (an image that cannot be pulled). The pod going away is the watch's NotFound; on the virtual
 * clock nothing changes while the command waits, so a container still waiting is a timeout at once
 * (kubectl would wait until interrupted).
 */
async function waitForContainer(ctx: CommandContext, made: KubeObject, container: string, quiet: boolean): Promise<KubeObject> {
  let pod: KubeObject | undefined;
  let warned: string | undefined;
  const end = await follow(ctx, ({ state }) => {
    pod = getObject(state, 'pods', made.metadata.namespace!, made.metadata.name);
    if (!pod || pod.metadata.uid !== made.metadata.uid) throw notFound('pods', '');
    const st = stateOf(pod, container);
    if (st?.running || st?.terminated) return true;
    const message = st?.waiting?.message;
    if (!quiet && message && message !== warned) ctx.err(`Warning: container ${container}: ${message}\n`);
    warned = message ?? warned;
    return false;
  });
  // Ctrl-C: kubectl's interrupt handler ends it with exit 1 and nothing more said.
  if (end === 'interrupted') throw new ExitCode(1);
  if (end !== 'done' || !pod) throw new CliError('timed out waiting for the condition');
  return pod;
}

/** Attach to `container` of the debugging pod (waitForContainer, then attach or the logs). */
export async function attachToDebugContainer(ctx: CommandContext, made: KubeObject, container: string, o: AttachOptions): Promise<void> {
  const pod = await waitForContainer(ctx, made, container, o.quiet);
  const state = stateOf(pod, container)!;
  const found = specOf(pod, container);
  if (!found) throw new CliError('timed out waiting for the condition');
  if (state.terminated) {
    for (const l of containerLogs(ctx.read().state, pod, container, false)) ctx.out(`${l}\n`);
    return;
  }
  const { c, ephemeral } = found;
  const rawTty = o.tty && !!ctx.io.stdin?.isTTY;
  if (o.interactive && o.tty && !rawTty && !o.quiet) ctx.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
  if (!o.quiet) ctx.err("If you don't see a command prompt, try pressing enter.\n");
  if (attachReachesShell(c, o.interactive)) {
    let exited = false;
    const code = await runInteractiveShell(ctx, pod.metadata.name, container, mainProcessArgv(c), { tty: rawTty, onEnd: (e) => (exited = e) });
    if (sessionEndsProcess(c, exited)) ctx.mutate((st, env) => endAttachedProcess(st, env, pod, container, code));
  } else {
    for (const l of containerLogs(ctx.read().state, pod, container, false)) ctx.out(`${l}\n`);
  }
  // attach's reattachMessage: only after a raw-terminal session of a pod that restarts its containers.
  if (o.quiet || !o.interactive || !rawTty || ((pod.spec as { restartPolicy?: string }).restartPolicy ?? 'Always') !== 'Always') return;
  ctx.out(
    ephemeral
      ? `Session ended, the ephemeral container will not be restarted but may be reattached using 'kubectl attach ${pod.metadata.name} -c ${container} -i -t' if it is still running\n`
      : `Session ended, resume using 'kubectl attach ${pod.metadata.name} -c ${container} -i -t' command when the pod is running\n`,
  );
}
