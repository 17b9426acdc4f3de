/** Shapes shared by the simulated shell and its programs. */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { NetCtx } from '../network/client.js';
import type { Trace } from '../network/trace.js';
import type { ImageProfile } from './images.js';
import type { ShellFs } from './fs.js';
import type { Budget, Limits } from './budget.js';
import type { Sink } from './io.js';

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Where a command runs: a container of a pod, a node, the host outside the cluster, or a walkthrough's host. */
export interface System {
  state: ClusterState;
  env: Env;
  net: NetCtx;
  fs: ShellFs;
  image: ImageProfile;
  hostname: string;
  /** The container's environment as it was latched at start. */
  vars: Record<string, string>;
  pod?: KubeObject;
  container?: string;
  node?: string;
  /** Print every network hop on stderr (`--trace`). */
  trace?: boolean;
  /** Told of each traced request (`curl --trace`), for `kube-sim ui` to draw. */
  onTrace?(trace: Trace): void;
  /** stdout is a terminal (exec -t, ssh, the host): curl then shows no progress meter. */
  tty?: boolean;
  /**
   * Programs the embedding adds or replaces, found without being in the image (a walkthrough's host has
   * `kubectl` and `kube-sim` running main() in-process, and a `sleep` that moves the cluster clock).
   */
  programs?: Record<string, Program>;
  /** What a program run here may spend (default: CONTAINER_LIMITS). */
  limits?: Limits;
  /**
   * Told when a command asks for something kube-sim cannot do or refuses to do here (an unknown program, a
   * flag a text tool does not simulate, a syntax error): a walkthrough reports it and never blesses it.
   */
  unsupported?(reason: string): void;
}

/** What a program gets besides its arguments. */
export interface ProgramCtx {
  sys: System;
  /** Standard input (what is left of it). */
  stdin: string;
  cwd: string;
  /** The program's environment: the shell's exported variables and the command's own assignments. */
  vars: Record<string, string>;
  /**
   * Where a program may write as it goes (kubectl on the walkthrough's host streams through these, so its
   * stdout and stderr interleave as printed). A program's returned stdout and stderr are written after.
   */
  stdout: Sink;
  stderr: Sink;
  /** Aborted when the program must stop (its background job was killed, the walkthrough ended). */
  signal?: AbortSignal;
  /** What the run may still spend: a program that waits bounds its wait by `remainingMs()`. */
  budget?: Budget;
}

/** A program: synchronous everywhere, or asynchronous where only the walkthrough's host runs it. */
export type Program = (args: string[], ctx: ProgramCtx) => ExecResult | Promise<ExecResult>;

/** A named program of the simulated userland. */
export interface ProgramDef {
  name: string;
  run: Program;
}

export function result(stdout = '', stderr = '', exitCode = 0): ExecResult {
  return { stdout, stderr, exitCode };
}
