/**
 * Running a command inside a container's simulated environment (exec, exec probes, `run -- cmd`), on
 * a node (ssh) or on the host (curl from outside). Nothing here runs on, or reads from, the real host.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env, Rng } from '../env.js';
import { execDirect } from './shell.js';
import { podSystem } from './system.js';
import type { ExecResult as BaseResult, System } from './types.js';
import type { Limits } from './budget.js';
import { setContainerAccess } from '../network/apps.js';
import type { Trace } from '../network/trace.js';

export interface ExecResult extends BaseResult {
  /**
   * Set when the runtime could not start the process (the binary is not in the image): containerd's
   * message, which kubectl prints as an Internal error.
   */
  startError?: string;
  /** The requests traced during the run (`curl --trace`), for `kube-sim ui`. */
  traces?: Trace[];
}

export interface ExecOptions {
  /** Standard input text for the program. */
  stdin?: string;
  /** stdout is a terminal (exec -t): curl shows no progress meter. */
  tty?: boolean;
  /** Print each network hop on stderr. */
  trace?: boolean;
  /** What the program may spend (default CONTAINER_LIMITS; probes get probeLimits). */
  limits?: Limits;
  /** Working directory (default `/`). */
  cwd?: string;
}

/**
 * runc's words for a program the image lacks: a bare name is searched on $PATH, a path is stat'ed (Go's
 * exec.LookPath), so `/bin/sh` in a distroless image is `stat /bin/sh: no such file or directory`.
 */
export function runcLookupError(cmd: string): string {
  return cmd.includes('/') ? `exec: "${cmd}": stat ${cmd}: no such file or directory: unknown` : `exec: "${cmd}": executable file not found in $PATH: unknown`;
}

/** containerd's error for a binary the image does not have. */
export function missingBinaryError(rng: Rng, cmd: string): string {
  return `failed to exec in container: failed to start exec "${rng.hex(64)}": OCI runtime exec failed: exec failed: unable to start container process: ${runcLookupError(cmd)}`;
}

/** Run argv on a prepared System (pod, node or host), as the runtime's exec would. */
export function runOn(sys: System, argv: string[], opts: ExecOptions = {}): ExecResult {
  sys.tty = opts.tty;
  sys.trace = opts.trace;
  const traces: Trace[] = [];
  sys.onTrace = (t) => void traces.push(t);
  if (opts.limits) sys.limits = opts.limits;
  const r = execDirect(sys, argv, opts.stdin ?? '', opts.cwd);
  if (r) return traces.length ? { ...r, traces } : r;
  const msg = missingBinaryError(sys.env.runtimeRngFor(sys.pod?.metadata.namespace), argv[0] ?? '');
  return { stdout: '', stderr: `${msg}\n`, exitCode: 126, startError: msg };
}

/** Run argv in `container` of `pod`. May change the container's simulated files (touch, rm). */
export function runInContainer(state: ClusterState, env: Env, pod: KubeObject, container: string, argv: string[], opts: ExecOptions = {}): ExecResult {
  return runOn(podSystem(state, env, pod, container), argv, opts);
}

// Applications run commands (netexec's /shell) and read files (nginx's certificate) in their container through this.
setContainerAccess({
  shell(state, env, pod, container, script) {
    const r = runInContainer(state, env, pod, container, ['/bin/sh', '-c', script]);
    return { output: r.stdout + r.stderr, exitCode: r.exitCode };
  },
  read: (state, env, pod, container, path) => podSystem(state, env, pod, container).fs.read(path),
});

export { Shell, flavorOf, runShellProgram } from './shell.js';
export { podSystem, nodeSystem, hostSystem } from './system.js';
export { probeLimits, CONTAINER_LIMITS } from './budget.js';
