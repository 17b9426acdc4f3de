/**
 * Container lifecycle hooks the kubelet runs: a postStart `exec` handler runs in the container right after
 * it starts (the Attach Handlers page's `echo ... > /usr/share/message`), its effects kept in the
 * container's files. A handler that fails is reported with the kubelet's FailedPostStartHook event (the
 * kill and restart that follow on a real node are not simulated). httpGet and sleep handlers, and preStop
 * (pods here are removed at once, without a grace period to run it in), are not run.
 */
import type { Container } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../api/types.js';
import { runInContainer } from '../shell/index.js';
import { envAt, kubeletEvent } from './kubelet-state.js';
import type { KubeletCtx } from './kubelet-containers.js';

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
