/**
 * Scenario-test helpers: a fresh in-memory cluster on the virtual clock, driven through main() with
 * real command lines.
 */
import { runCaptured } from '../src/cli/main.js';
import { MemoryStore } from '../src/store/store.js';
import type { RunResult } from '../src/cli/io.js';
import { shellWords } from '../src/util/shell-words.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class TestCluster {
  readonly store = new MemoryStore();
  readonly dir = mkdtempSync(join(tmpdir(), 'kube-sim-test-'));
  env: Record<string, string | undefined> = { KUBE_SIM_CLOCK: 'virtual' };

  /** Run one command line (`get svc -o wide`; a leading `kube-sim`/`kubectl` is dropped). */
  async run(line: string, stdin?: string): Promise<RunResult> {
    let argv = shellWords(line);
    if (argv[0] === 'kube-sim' || argv[0] === 'kubectl') argv = argv.slice(1);
    return runCaptured(argv, { store: this.store, env: this.env, stdin, cwd: this.dir });
  }

  /** Run one command given as argv (arguments with quotes or spaces need no shell quoting). */
  async runArgv(argv: string[], stdin?: string): Promise<RunResult> {
    return runCaptured(argv, { store: this.store, env: this.env, stdin, cwd: this.dir });
  }

  /** stdout of a command that must succeed. */
  async ok(line: string, stdin?: string): Promise<string> {
    const r = await this.run(line, stdin);
    if (r.exitCode !== 0) throw new Error(`"${line}" exited ${r.exitCode}:\n${r.stderr}${r.stdout}`);
    return r.stdout;
  }

  /** Write a file into this cluster's working directory (for -f). */
  file(name: string, text: string): string {
    writeFileSync(join(this.dir, name), text);
    return name;
  }
}

/** A ReplicaSet `web` of `replicas` nginx pods (app=web). */
export const REPLICASET = (replicas: number) => `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx
`;
