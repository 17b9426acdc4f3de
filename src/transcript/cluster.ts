/**
 * `createCluster()`: the library's handle on an isolated in-memory cluster for users' own test suites
 * (vitest, jest): run command lines in-process and get `{ stdout, stderr, exitCode }` back, with the
 * virtual clock so snapshots are byte-stable.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCaptured } from '../cli/main.js';
import type { RunResult } from '../cli/io.js';
import { MemoryStore } from '../store/store.js';
import { freshCluster } from '../store/bootstrap.js';
import { shellWords } from '../util/shell-words.js';

export interface CreateClusterOptions {
  /** Seed of the random generator (names, IPs, ports); default the same as `kube-sim reset`. */
  seed?: number;
  /** Nodes including the control plane (default 3). */
  nodes?: number;
  /** Kubernetes version of the simulated cluster, e.g. "1.17" (default 1.32). */
  kubernetesVersion?: string;
  /** Extra environment for every command (KUBE_SIM_CLOCK stays `virtual` unless given). */
  env?: Record<string, string | undefined>;
}

export interface Cluster {
  /** Working directory of the commands (files written with `file()` land here; `-f NAME` reads from here). */
  readonly dir: string;
  /**
   * Run one command: a command line (`'get svc -o wide'`; a leading `kubectl` or `kube-sim` is dropped) or
   * an argv array. Never throws for a failing command: look at `exitCode` and `stderr`.
   */
  run(command: string | string[], opts?: { stdin?: string }): Promise<RunResult>;
  /** Write a file (e.g. a manifest) into the working directory; returns its name for `-f`. */
  file(name: string, text: string): string;
  /** Start over with a fresh cluster (same options). */
  reset(): void;
  /** Remove the working directory. */
  dispose(): void;
}

/** A fresh, isolated in-memory cluster on the virtual clock. */
export function createCluster(opts: CreateClusterOptions = {}): Cluster {
  const env = { KUBE_SIM_CLOCK: 'virtual', NO_COLOR: '1', ...opts.env };
  const fresh = () =>
    new MemoryStore(
      freshCluster({ seed: opts.seed, nodes: opts.nodes, kubernetesVersion: opts.kubernetesVersion, clock: env.KUBE_SIM_CLOCK === 'virtual' ? 'virtual' : 'wall' }),
    );
  let store = fresh();
  const dir = mkdtempSync(join(tmpdir(), 'kube-sim-cluster-'));
  return {
    dir,
    async run(command, runOpts = {}) {
      let argv = typeof command === 'string' ? shellWords(command) : [...command];
      if (argv[0] === 'kubectl' || argv[0] === 'kube-sim') argv = argv.slice(1);
      return runCaptured(argv, { store, env, stdin: runOpts.stdin, cwd: dir });
    },
    file(name, text) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return name;
    },
    reset() {
      store = fresh();
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
