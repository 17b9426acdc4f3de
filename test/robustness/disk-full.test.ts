/**
 * A full disk: the state's directory sits on a simulated small disk (node:fs wrapped, so that writes
 * under it fail with ENOSPC past a byte budget, as a real disk does). A save that does not fit changes
 * nothing and says so, leaves no file behind, and deleting objects frees what the cluster holds: the
 * files retired past the grace go before the new ones are written.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as realFs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';
import { namedFiles, type Manifest } from '../../src/store/file-adapter.js';

/** The simulated disk: the directory it holds, and how many bytes fit on it (Infinity: no limit). */
const disk = vi.hoisted(() => ({ root: '', budget: Infinity }));

/** Bytes of the files under `dir`, measured with the filesystem module given (the real one). */
const bytesUnder = vi.hoisted(() => {
  const sum = (fs: typeof import('node:fs'), dir: string): number => {
    let n = 0;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? sum(fs, `${dir}/${e.name}`) : fs.statSync(`${dir}/${e.name}`).size;
    return n;
  };
  return sum;
});

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const pathOfFd = new Map<number, string>();
  const onDisk = (p: string) => disk.root !== '' && p.startsWith(disk.root);
  /** Bytes of the files under the disk's root now. */
  const used = () => bytesUnder(fs, disk.root);
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  const check = (target: unknown, bytes: number) => {
    const p = typeof target === 'number' ? pathOfFd.get(target) : String(target);
    if (p !== undefined && onDisk(p) && used() + bytes > disk.budget) throw enospc();
  };
  const size = (data: unknown) => (typeof data === 'string' ? Buffer.byteLength(data) : (data as Uint8Array).byteLength);
  return {
    ...fs,
    openSync: ((p: realFs.PathLike, ...rest: unknown[]) => {
      const fd = (fs.openSync as (...a: unknown[]) => number)(p, ...rest);
      pathOfFd.set(fd, String(p));
      return fd;
    }) as typeof fs.openSync,
    writeSync: ((fd: number, buffer: Uint8Array | string, ...rest: unknown[]) => {
      const length = typeof buffer === 'string' ? Buffer.byteLength(buffer) : typeof rest[1] === 'number' ? rest[1] : buffer.byteLength;
      check(fd, length);
      return (fs.writeSync as (...a: unknown[]) => number)(fd, buffer, ...rest);
    }) as typeof fs.writeSync,
    writeFileSync: ((target: realFs.PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView, ...rest: unknown[]) => {
      check(target, size(data));
      return (fs.writeFileSync as (...a: unknown[]) => void)(target, data, ...rest);
    }) as typeof fs.writeFileSync,
  };
});

let dir: string;
let path: string;
const GRACE_MS = 1;
const run = (line: string) =>
  runCaptured(line.split(' '), { store: new FileStore(path, () => undefined, { graceMs: GRACE_MS }), env: { KUBE_SIM_CLOCK: 'virtual' }, cwd: dir });
const manifest = () => JSON.parse(realFs.readFileSync(path, 'utf8')) as Manifest;
/** Files of the parts directory that the manifest neither names nor lists as retired. */
const strays = () => {
  const m = manifest();
  const known = new Set([...namedFiles(m), ...m.retired.map(([f]) => f)]);
  return realFs.readdirSync(`${path}.d`).filter((f) => !known.has(f));
};
/** A ConfigMap of about 30 KB. */
const big = (name: string) => `create configmap ${name} --from-literal=data=${'x'.repeat(30_000)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeEach(() => {
  dir = realFs.mkdtempSync(join(tmpdir(), 'kube-sim-disk-'));
  path = join(dir, 'state.json');
  disk.root = dir;
  disk.budget = Infinity;
});

afterEach(() => {
  disk.root = '';
  realFs.rmSync(dir, { recursive: true, force: true });
});

describe('a full disk', () => {
  it('fails the save that does not fit, changes nothing, leaves no file behind; deleting objects makes room again', async () => {
    expect((await run('create configmap small --from-literal=a=b')).exitCode).toBe(0);
    await sleep(5);
    expect((await run(big('cm-1'))).exitCode).toBe(0);
    await sleep(5);
    // Room for what is there and about one more shard of ConfigMaps, not two.
    disk.budget = realFsUsed() + 75_000;
    expect((await run(big('cm-2'))).exitCode).toBe(0);
    await sleep(5);
    const before = realFs.readFileSync(path, 'utf8');
    const full = await run(big('cm-3'));
    expect(full.stderr).toBe(`error: cannot save the kube-sim state "${path}": no space left on device\nNothing was changed: the cluster is as it was before this command.\n`);
    expect(full.stdout).toBe('');
    expect(full.exitCode).toBe(1);
    // Nothing switched, nothing written left behind (no part of the failed save, no manifest temp file).
    expect(realFs.readFileSync(path, 'utf8')).toBe(before);
    expect(strays()).toEqual([]);
    expect(realFs.readdirSync(dir).sort()).toEqual(['state.json', 'state.json.d']);
    const get = await run('get cm');
    expect(get.stdout).toBe('NAME               DATA   AGE\ncm-1               1      0s\ncm-2               1      0s\nkube-root-ca.crt   1      5m\nsmall              1      0s\n');
    // Deleting on the full disk works: the files retired past the grace are deleted before the save writes.
    await sleep(5);
    const del = await run('delete cm cm-1 cm-2');
    expect(del.stderr).toBe('');
    expect(del.stdout).toBe('configmap "cm-1" deleted\nconfigmap "cm-2" deleted\n');
    await sleep(5);
    expect((await run(big('cm-3'))).stdout).toBe('configmap/cm-3 created\n');
    expect((await run('get cm')).stdout).toBe('NAME               DATA   AGE\ncm-3               1      0s\nkube-root-ca.crt   1      5m\nsmall              1      0s\n');
    expect(strays()).toEqual([]);
  });

  it('a manifest that does not fit leaves the parts it would have named nowhere', async () => {
    expect((await run('create configmap small --from-literal=a=b')).exitCode).toBe(0);
    await sleep(5);
    const before = realFs.readFileSync(path, 'utf8');
    // Room for the new ConfigMap shard (a few KB) but not also for the manifest (~10 KB) beside the old one.
    disk.budget = realFsUsed() + 3_500;
    const full = await run('create configmap other --from-literal=a=b');
    expect(full.stderr).toBe(`error: cannot save the kube-sim state "${path}": no space left on device\nNothing was changed: the cluster is as it was before this command.\n`);
    expect(full.exitCode).toBe(1);
    expect(realFs.readFileSync(path, 'utf8')).toBe(before);
    expect(strays()).toEqual([]);
    expect(realFs.readdirSync(dir).sort()).toEqual(['state.json', 'state.json.d']);
  });
});

/** Bytes under the disk's root now. */
const realFsUsed = () => bytesUnder(realFs, dir);
