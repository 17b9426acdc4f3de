/**
 * Container lifecycle hooks the kubelet runs: a postStart `exec` handler runs in the container right after
 * it starts (the Attach Handlers page's `echo ... > /usr/share/message`), its effects kept in the
 * container's files. A handler that fails is reported with the kubelet's FailedPostStartHook event (the
 * kill and restart that follow on a real node are not simulated). httpGet and sleep handlers, and preStop
 * (pods here are removed at once, without a grace period to run it in), are not run.
 *
 * And signals sent to a container's main process from inside it (`kill 1`, shell/main-process.ts): PID 1
 * only dies of a signal its program handles (the kernel drops the others for a namespace's init, KILL
 * included), so redis-server and nginx shut down cleanly on TERM, INT and QUIT (exit 0) and the kubelet
 * restarts the container by its restartPolicy, as the Configure a Pod to Use a Volume page shows; `kill 1`
 * in a sleep or node container changes nothing.
 */
import type { Container } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import { runInContainer } from '../shell/index.js';
import { envAt, kubeletEvent } from './kubelet-state.js';
import { endMainProcess, type KubeletCtx } from './kubelet-containers.js';
import { effectiveArgv } from './kubelet-process.js';
import { imageInfo } from '../network/images.js';
import { getObject } from '../api/objects.js';
import { setMainProcessSignaller } from '../shell/main-process.js';
import type { System } from '../shell/types.js';
import { wakeAt } from './index.js';

/** Run `c`'s postStart exec handler at `t`, as the kubelet does once the container has started. */
export function runPostStartHook(ctx: KubeletCtx, pod: KubeObject, c: Container, t: number): void {
  const command = c.lifecycle?.postStart?.exec?.command;
  if (!command?.length) return;
  const r = runInContainer(ctx.state, envAt(ctx.env, t), pod, c.name, command, { stdin: '' });
  if (r.exitCode === 0) return;
  const podName = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
  const error = r.startError ?? `command '${command.join(' ')}' exited with ${r.exitCode}: ${r.stderr}`;
  const message = `Exec lifecycle hook ([${command.join(' ')}]) for Container "${c.name}" in Pod "${podName}" failed - error: ${error}, message: ${JSON.stringify(r.stdout + r.stderr)}`;
  kubeletEvent(ctx.state, ctx.env, t, pod, 'Warning', 'FailedPostStartHook', message, c.name);
}

/** Programs that shut down on a termination signal, exiting 0. */
const GRACEFUL = new Set(['redis-server', 'nginx']);
const TERMINATING = new Set(['TERM', '15', 'INT', '2', 'QUIT', '3']);

/** Deliver `signal` to the main process of `sys`'s container: it ends (exit 0) when its program handles it. */
function signalMain(sys: System, signal: string): void {
  const live = getObject(sys.state, 'pods', sys.pod!.metadata.namespace!, sys.pod!.metadata.name);
  const c = (live?.spec as { containers?: Container[] } | undefined)?.containers?.find((x) => x.name === sys.container);
  if (!live || !c || !TERMINATING.has(signal.toUpperCase())) return;
  const argv = effectiveArgv(c, imageInfo(c.image ?? ''));
  if (!argv.some((a) => GRACEFUL.has(a.slice(a.lastIndexOf('/') + 1)))) return;
  endMainProcess(sys.state, sys.env, live, c.name, 0);
  wakeAt(sys.state, 'kubelet', sys.env.now().getTime());
}
setMainProcessSignaller(signalMain);
