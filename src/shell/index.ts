/**
 * Running a command inside a container's simulated environment (exec, exec probes, `run -- cmd`).
 * Owned by the traffic work; this first form only knows `ls` and `cat` of the simulated filesystem so
 * the kubelet's exec probes work before the full shell lands.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ExecOptions {
  /** Standard input text for the program. */
  stdin?: string;
}

/** Run argv in `container` of `pod`. May change the container's simulated files (touch, rm). */
export function runInContainer(state: ClusterState, env: Env, pod: KubeObject, container: string, argv: string[], opts: ExecOptions = {}): ExecResult {
  void env;
  void opts;
  const files = state.runtime[pod.metadata.uid!]?.[container]?.files ?? {};
  const [cmd, ...args] = argv;
  if (cmd === 'ls') {
    const p = args.find((a) => !a.startsWith('-')) ?? '/';
    if (p in files || `${p.replace(/\/$/, '')}/` in files) return { stdout: `${p}\n`, stderr: '', exitCode: 0 };
    return { stdout: '', stderr: `ls: cannot access '${p}': No such file or directory\n`, exitCode: 2 };
  }
  if (cmd === 'cat') {
    const p = args[0] ?? '';
    if (p in files) return { stdout: files[p]!, stderr: '', exitCode: 0 };
    return { stdout: '', stderr: `cat: ${p}: No such file or directory\n`, exitCode: 1 };
  }
  return { stdout: '', stderr: `sh: ${cmd}: not found\n`, exitCode: 127 };
}
