/**
 * Attaching to a container's main process, shared by the CLI (`run -i`, `attach`) and `serve`'s
 * pods/NAME/attach: which process that is, whether stdin reaches a shell reading it, and how the
 * process ends when that shell does (the kubelet sees the exit, so the pod's phase follows).
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { Container } from '../kinds/pod-template.js';
import { getObject } from '../api/objects.js';
import { imageInfo } from '../network/images.js';
import { effectiveArgv } from '../controllers/kubelet-process.js';
import { endMainProcess } from '../controllers/kubelet-containers.js';
import { wakeAt } from '../controllers/index.js';
import { isInteractiveShell } from './interactive.js';

/** The argv of the container's main process: its command and args over the image's entrypoint and cmd. */
export function mainProcessArgv(c: Container): string[] {
  return effectiveArgv(c as Parameters<typeof effectiveArgv>[0], imageInfo(c.image ?? ''));
}

/** Does an attach with stdin talk to a shell? Only a shell started with stdin (`run -i ... sh`) reads it. */
export function attachReachesShell(c: Container, wantsStdin: boolean): boolean {
  return wantsStdin && !!c.stdin && isInteractiveShell(mainProcessArgv(c));
}

/**
 * Does the end of an attached shell session end the main process? When the shell exited (`exit`), or
 * when its stdin closed and the container reads stdin only once (`stdinOnce`, as `run -i` makes it).
 */
export function sessionEndsProcess(c: Container, shellExited: boolean): boolean {
  return shellExited || !!c.stdinOnce;
}

/**
 * The attached shell ended with `code` now: the main process of `container` in the pod attached to (if
 * that very pod is still there) exits, and the kubelet is woken so this very reconcile gives the pod its
 * new phase (kubectl's `terminated (Error)` follows at once).
 */
export function endAttachedProcess(state: ClusterState, env: Env, attached: KubeObject, container: string, code: number): void {
  const live = getObject(state, 'pods', attached.metadata.namespace!, attached.metadata.name);
  if (!live || live.metadata.uid !== attached.metadata.uid) return;
  endMainProcess(state, env, live, container, code);
  wakeAt(state, 'kubelet', env.now().getTime());
}
