/**
 * `createCluster()`: the library's handle on an isolated in-memory cluster for users' own test suites
 * (vitest, jest): run command lines in-process and get `{ stdout, stderr, exitCode }` back, with the
 * virtual clock so snapshots are byte-stable. A command line runs through the same simulated shell as a
 * walkthrough's lines (pipes, variables, loops, redirections into the cluster's directory), sandboxed to
 * that directory unless `allowHost` is set.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCaptured } from '../cli/main.js';
import { Harness } from '../cli/harness.js';
import { buildProgram } from '../cli/program.js';
import type { RunResult } from '../cli/io.js';
import { MemoryStore } from '../store/store.js';
import { freshCluster } from '../store/bootstrap.js';
import { Session } from './session.js';

export interface CreateClusterOptions {
  /** Seed of the random generator (names, IPs, ports); default the same as `kube-sim reset`. */
  seed?: number;
  /** Nodes including the control plane (default 3). */
  nodes?: number;
  /** Kubernetes version of the simulated cluster, e.g. "1.17" (default 1.32). */
  kubernetesVersion?: string;
  /** Extra environment for every command (KUBE_SIM_CLOCK stays `virtual` unless given). */
  env?: Record<string, string | undefined>;
  /** Trusted commands only: let them read and write host files outside the cluster's directory. */
  allowHost?: boolean;
}

export interface Cluster {
  /** Working directory of the commands (files written with `file()` land here; `-f NAME` reads from here). */
  readonly dir: string;
  /**
   * Run a command line through the simulated shell (`'kubectl get svc | wc -l'`; a line starting with a
   * kube-sim command such as `'get svc -o wide'` runs as `kube-sim get svc -o wide`), or an argv array for
   * kube-sim itself. Shell variables persist between calls. Never throws for a failing command: look at
   * `exitCode` and `stderr`.
   */
  run(command: string | string[], opts?: { stdin?: string }): Promise<RunResult>;
  /** Write a file (e.g. a manifest) into the working directory; returns its name for `-f`. */
  file(name: string, text: string): string;
  /** Start over with a fresh cluster (same options). */
  reset(): void;
  /** Remove the working directory. */
  dispose(): void;
}

/** Names of kube-sim's commands, so `run('get svc')` keeps working as `kube-sim get svc`. */
let commandNames: Set<string> | undefined;
function kubeSimCommands(): Set<string> {
  if (!commandNames) {
    const program = buildProgram(new Harness({ stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: '/' }));
    commandNames = new Set(program.commands.flatMap((c) => [c.name(), ...c.aliases()]));
  }
  return commandNames;
}

/** A fresh, isolated in-memory cluster on the virtual clock. */
export function createCluster(opts: CreateClusterOptions = {}): Cluster {
  const env = { KUBE_SIM_CLOCK: 'virtual', NO_COLOR: '1', ...opts.env };
  const fresh = () =>
    new MemoryStore(
      freshCluster({ seed: opts.seed, nodes: opts.nodes, kubernetesVersion: opts.kubernetesVersion, clock: env.KUBE_SIM_CLOCK === 'virtual' ? 'virtual' : 'wall' }),
    );
  const dir = mkdtempSync(join(tmpdir(), 'kube-sim-cluster-'));
  let store = fresh();
  let session = new Session({ store, env, dir, allowHost: opts.allowHost });
  return {
    dir,
    async run(command, runOpts = {}) {
      if (typeof command !== 'string') return runCaptured([...command], { store, env, stdin: runOpts.stdin, cwd: dir });
      const first = /^\s*([A-Za-z][\w-]*)(\s|$)/.exec(command)?.[1];
      const line = first && first !== 'kubectl' && first !== 'kube-sim' && kubeSimCommands().has(first) && !SHELL_WORDS.has(first) ? `kube-sim ${command}` : command;
      const r = await session.run(line, runOpts.stdin);
      return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
    },
    file(name, text) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return name;
    },
    reset() {
      session.dispose();
      store = fresh();
      session = new Session({ store, env, dir, allowHost: opts.allowHost });
    },
    dispose() {
      session.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Words that are both kube-sim commands and host programs: the host program wins (`curl` is kube-sim's anyway). */
const SHELL_WORDS = new Set(['test', 'env', 'export', 'echo', 'sleep']);

