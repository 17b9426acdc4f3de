/**
 * The installed entry point as a process, where start-up work was cut: standard output written straight
 * to a pipe or a file (and a closed pipe still ending quietly), a fault escaping main() worded as the
 * internal fault line, and the code cache directory kept bounded when a run writes a new cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import Module from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ensureBuilt } from '../robustness/processes.js';

const INTERNAL = 'error: kube-sim failed internally while running this command (a kube-sim bug: please report the command)\n';
const DAY = 24 * 3600 * 1000;

let dir: string;
const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...process.env, KUBE_SIM_STATE: join(dir, 'cluster.json'), KUBE_SIM_CLOCK: 'virtual', NO_COLOR: '1', XDG_CACHE_HOME: join(dir, 'cache'), ...extra });
const kubeSim = (args: string[], extra: Record<string, string> = {}, nodeArgs: string[] = []) => spawnSync(process.execPath, [...nodeArgs, BIN, ...args], { env: env(extra), encoding: 'utf8' });

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'kube-sim-bin-'));
  writeFileSync(join(dir, 'k'), 'x'.repeat(200_000));
  const r = kubeSim(['create', 'configmap', 'big', `--from-file=k=${join(dir, 'k')}`]);
  expect(r.stdout).toBe('configmap/big created\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('standard output', () => {
  it('reaches a pipe and a file byte for byte, larger than a pipe holds', () => {
    const piped = kubeSim(['get', 'cm', 'big', '-o', 'jsonpath={.data.k}']);
    expect({ status: piped.status, stderr: piped.stderr, length: piped.stdout.length, all: piped.stdout === 'x'.repeat(200_000) }).toEqual({ status: 0, stderr: '', length: 200_000, all: true });
    const file = join(dir, 'out.txt');
    const r = spawnSync('/bin/sh', ['-c', `"$0" "$1" get cm big -o 'jsonpath={.data.k}' > "$2"`, process.execPath, BIN, file], { env: env(), encoding: 'utf8' });
    expect({ status: r.status, stderr: r.stderr, file: readFileSync(file, 'utf8') === 'x'.repeat(200_000) }).toEqual({ status: 0, stderr: '', file: true });
  });

  it('ends quietly with its exit code when the reader has gone (| head)', () => {
    const r = spawnSync('/bin/bash', ['-c', `"$0" "$1" get cm big -o yaml | head -c 5; echo " exit \${PIPESTATUS[0]}"`, process.execPath, BIN], { env: env(), encoding: 'utf8' });
    expect({ stdout: r.stdout, stderr: r.stderr }).toEqual({ stdout: 'apiVe exit 0\n', stderr: '' });
  });
});

describe('a fault that escapes main()', () => {
  it('prints the internal fault line, no JavaScript message or stack, and exits 1', () => {
    // The process's working directory cannot be read: runBin() throws a TypeError before main() runs.
    const sabotage = join(dir, 'no-cwd.cjs');
    writeFileSync(sabotage, "process.cwd = () => { throw new TypeError('boom: a JavaScript message'); };\n");
    const r = kubeSim(['get', 'svc'], {}, ['--require', sabotage]);
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 1, stdout: '', stderr: INTERNAL });
  });
});

// Node 22+ caches compiled code itself (module.enableCompileCache): the bin keeps no directory of its own.
describe.skipIf(typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function')('the code cache directory', () => {
  it('holds one cache per command word and output shape, made by a run that succeeded and did only its command', () => {
    const own = { XDG_CACHE_HOME: join(dir, 'shapes'), KUBE_SIM_STATE: join(dir, 'shapes', 'cluster.json') };
    const cache = join(own.XDG_CACHE_HOME, 'kube-sim');
    const caches = () => (existsSync(cache) ? readdirSync(cache).map((f) => f.slice(f.lastIndexOf('-') + 1)).sort() : []);
    // The first command sets up the cluster (no state file yet): its cache would hold all that work.
    expect(kubeSim(['get', 'svc'], own).stdout).toBe('NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\nkubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   5m\n');
    expect(caches()).toEqual([]);
    // An error stops before the command's work.
    expect(kubeSim(['get', 'svc', 'nope'], own).status).toBe(1);
    expect(caches()).toEqual([]);
    expect(kubeSim(['get', 'svc'], own).status).toBe(0);
    expect(kubeSim(['get', 'svc', '-o', 'yaml'], own).status).toBe(0);
    expect(kubeSim(['get', 'po', '-owide'], own).status).toBe(0);
    expect(kubeSim(['get', 'svc', '--output=jsonpath={.items[0].metadata.name}'], own).stdout).toBe('kubernetes');
    expect(kubeSim(['get', 'ns', '-o', 'name'], own).status).toBe(0);
    expect(caches()).toEqual(['get.cache', 'get.name.cache', 'get.template.cache', 'get.wide.cache', 'get.yaml.cache']);
    // A later `get` of another shape reads its own (a YAML printer's functions are not in `get svc`'s).
    const table = readdirSync(cache).find((f) => f.endsWith('-get.cache'))!;
    const before = readFileSync(join(cache, table));
    expect(kubeSim(['get', 'svc', '-o', 'json'], own).status).toBe(0);
    expect(readFileSync(join(cache, table)).equals(before)).toBe(true);
    expect(caches()).toEqual(['get.cache', 'get.json.cache', 'get.name.cache', 'get.template.cache', 'get.wide.cache', 'get.yaml.cache']);
    // Objects from manifests (YAML parsed, objects decoded) apart from those a generator makes.
    writeFileSync(join(dir, 'shapes', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-file\n');
    expect(kubeSim(['create', '-f', join(dir, 'shapes', 'cm.yaml')], own).stdout).toBe('configmap/from-file created\n');
    // A help text first: its caches (the main bundle's and the cold part's, where the help texts are) are
    // apart, so the generator's run still makes the command's own.
    expect(kubeSim(['create', 'configmap', '--help'], own).status).toBe(0);
    expect(caches().filter((f) => f.startsWith('create'))).toEqual(['create.file.cache', 'create.help.cache', 'create.help.cache']);
    expect(kubeSim(['create', 'configmap', 'generated'], own).stdout).toBe('configmap/generated created\n');
    expect(caches().filter((f) => f.startsWith('create'))).toEqual(['create.cache', 'create.file.cache', 'create.help.cache', 'create.help.cache']);
  });

  it('is pruned when a run writes a new cache: other bundles unused for a week, older builds of this one, past 64 files', () => {
    // A cache directory of this test's own (the other tests' runs made caches in theirs).
    const own = { XDG_CACHE_HOME: join(dir, 'pruned') };
    const cache = join(own.XDG_CACHE_HOME, 'kube-sim');
    mkdirSync(cache, { recursive: true });
    // A first run makes this bundle's cache for its command word; its name gives this bundle's prefix.
    expect(kubeSim(['version', '--client'], own).status).toBe(0);
    const mine = readdirSync(cache).filter((f) => f.endsWith('-version.cache'));
    expect(mine).toHaveLength(1);
    const prefix = /^(cli-[0-9a-f]+-)/.exec(mine[0]!)![1]!;
    const now = Date.now();
    const make = (name: string, ageMs: number) => {
      writeFileSync(join(cache, name), 'x');
      utimesSync(join(cache, name), new Date(now - ageMs), new Date(now - ageMs));
    };
    make('cli-0000aaaa-v20.0.0-x64-1-1-get.cache', 8 * DAY); // another bundle, unused for 8 days
    make('cli-0000bbbb-v20.0.0-x64-1-1-get.cache.123.tmp', 9 * DAY); // a write that never finished
    make(`${prefix}v0.0.0-x64-1-1-get.cache`, 1000); // this bundle, an older build: dead weight at once
    for (let i = 0; i < 70; i++) make(`cli-${(0x1000 + i).toString(16)}-v20.0.0-x64-1-1-get.cache`, (i + 1) * 60_000); // 70 recent ones
    // A run that reads its cache prunes nothing.
    expect(kubeSim(['version', '--client'], own).status).toBe(0);
    expect(readdirSync(cache)).toHaveLength(1 + 3 + 70);
    // A run that writes one (a new command word, of a command in the main bundle file alone) prunes.
    expect(kubeSim(['get', 'ns'], own).status).toBe(0);
    const left = readdirSync(cache).sort();
    expect(left).toHaveLength(64);
    expect(left.filter((f) => f.startsWith(prefix)).map((f) => f.slice(f.lastIndexOf('-') + 1))).toEqual(['get.cache', 'version.cache']);
    // The 62 most recently used of the others stay; the oldest 8 of them, and the three dead ones, went.
    expect(left.filter((f) => !f.startsWith(prefix))).toEqual(Array.from({ length: 62 }, (_, i) => `cli-${(0x1000 + i).toString(16)}-v20.0.0-x64-1-1-get.cache`));
  });
});
