/**
 * The way a program inside a container signals that container's main process (`kill 1`). The kubelet
 * installs the handler (controllers/kubelet-hooks.ts), since the controllers import the shell and not the
 * other way round; without one (no kubelet loaded) a signal does nothing.
 */
import type { System } from './types.js';

/** Deliver `signal` (`TERM`, `KILL`, `15`, ...) to the main process of `sys`'s container. */
export type MainProcessSignaller = (sys: System, signal: string) => void;

let signaller: MainProcessSignaller | undefined;

/** Install the kubelet's handler. */
export function setMainProcessSignaller(fn: MainProcessSignaller): void {
  signaller = fn;
}

/** Signal the main process of the container `sys` runs in (nothing outside a container). */
export function signalMainProcess(sys: System, signal: string): void {
  if (sys.pod && sys.container) signaller?.(sys, signal);
}
