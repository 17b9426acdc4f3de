/** Shapes shared by the simulated shell and its programs. */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { NetCtx } from '../network/client.js';
import type { ImageProfile } from './images.js';
import type { Vfs } from './fs.js';

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Where a command runs: a container of a pod, a node, or the host outside the cluster. */
export interface System {
  state: ClusterState;
  env: Env;
  net: NetCtx;
  fs: Vfs;
  image: ImageProfile;
  hostname: string;
  /** The container's environment as it was latched at start. */
  vars: Record<string, string>;
  pod?: KubeObject;
  container?: string;
  node?: string;
  /** Print every network hop on stderr (`--trace`). */
  trace?: boolean;
  /** stdout is a terminal (exec -t, ssh, the host): curl then shows no progress meter. */
  tty?: boolean;
}

/** What a program gets besides its arguments. */
export interface ProgramCtx {
  sys: System;
  stdin: string;
  cwd: string;
  /** Shell variables visible to the program (container env plus assignments). */
  vars: Record<string, string>;
  /** Run a nested script (sh -c) with this context's variables. */
  runScript(script: string, shellName: string, stdin: string): ExecResult;
}

export type Program = (args: string[], ctx: ProgramCtx) => ExecResult;

/** A named program of the simulated userland. */
export interface ProgramDef {
  name: string;
  run: Program;
}

export function result(stdout = '', stderr = '', exitCode = 0): ExecResult {
  return { stdout, stderr, exitCode };
}
