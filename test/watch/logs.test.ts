/**
 * `logs -f` follows what the container writes as other commands make it write (requests from another pod)
 * and ends with the container; `--tail`, `--since`, `--since-time` and `--timestamps` use when each line was
 * written, on a wall clock the test moves.
 */
import { describe, expect, test } from 'vitest';
import { ClockedCluster } from './clocked.js';
import { TestCluster } from '../helpers.js';

async function kubia(): Promise<{ c: ClockedCluster; request: () => Promise<string> }> {
  const c = new ClockedCluster();
  await c.ok('run kubia --image=luksa/kubia --port=8080');
  await c.ok('run bb --image=busybox -- sleep 3600');
  const ip = await c.ok('get po kubia -o jsonpath={.status.podIP}');
  return { c, request: () => c.ok(`exec bb -- wget -qO- http://${ip}:8080`) };
}

describe('logs -f', () => {
  test('streams new lines until the pod is deleted (exit 0)', async () => {
    const { c, request } = await kubia();
    const w = c.start('logs -f kubia --timestamps --prefix');
    await w.printed('starting');
    c.advance(12);
    await request();
    await w.printed('Received');
    c.advance(1);
    await request();
    await w.printed('22:50:13');
    await c.ok('delete po kubia');
    expect(await w.done).toBe(0);
    expect(w.screen).toBe(`[pod/kubia/kubia] 2026-11-21T22:50:00.000000000Z Kubia server starting...
[pod/kubia/kubia] 2026-11-21T22:50:12.000000000Z Received request from ::ffff:10.244.1.2
[pod/kubia/kubia] 2026-11-21T22:50:13.000000000Z Received request from ::ffff:10.244.1.2
`);
  });

  test('ends when the container stops, or restarts', async () => {
    const c = new ClockedCluster();
    await c.ok('run once --image=busybox --restart=Never -- sleep 5');
    await c.ok('run again --image=busybox -- sleep 5');
    const stops = c.start('logs -f once');
    const restarts = c.start('logs -f again');
    await stops.looked();
    c.advance(6);
    expect(await stops.done).toBe(0);
    expect(await restarts.done).toBe(0);
    expect((await c.ok('get po again -o jsonpath={.status.containerStatuses[0].restartCount}'))).toBe('1');
  });

  test('--tail with -f: the last lines, then every new one; Ctrl-C ends it with exit 1', async () => {
    const { c, request } = await kubia();
    await request();
    await request();
    const w = c.start('logs kubia -f --tail=1');
    await w.printed('Received');
    await request();
    await w.printed('2\nReceived');
    expect(await w.interrupt()).toBe(1);
    expect(w.screen).toBe('Received request from ::ffff:10.244.1.2\nReceived request from ::ffff:10.244.1.2\n');
  });

  test('--since and --since-time select by when each line was written', async () => {
    const { c, request } = await kubia();
    c.advance(30);
    await request();
    c.advance(10);
    await request();
    expect(await c.run('logs kubia --since=5s')).toEqual({ stdout: 'Received request from ::ffff:10.244.1.2\n', stderr: '', exitCode: 0 });
    expect(await c.run('logs kubia --since=1m')).toEqual({ stdout: 'Kubia server starting...\nReceived request from ::ffff:10.244.1.2\nReceived request from ::ffff:10.244.1.2\n', stderr: '', exitCode: 0 });
    expect((await c.run('logs kubia --since-time=2026-11-21T22:50:30Z')).stdout).toBe('Received request from ::ffff:10.244.1.2\nReceived request from ::ffff:10.244.1.2\n');
    // A follow started with --since prints the recent lines (none, 10s later), then new ones.
    c.advance(10);
    const w = c.start('logs kubia -f --since=5s');
    await w.looked();
    await request();
    await w.printed('Received');
    expect(await w.interrupt()).toBe(1);
    expect(w.screen).toBe('Received request from ::ffff:10.244.1.2\n');
  });

  test.each([
    ['logs kubia --since=5s --since-time=2026-11-21T22:50:30Z', 'error: at most one of `sinceTime` or `sinceSeconds` may be specified\n'],
    ['logs kubia --since=5', 'error: invalid argument "5" for "--since" flag: time: missing unit in duration "5"\nSee \'kubectl logs --help\' for usage.\n'],
    ['logs kubia --since=-5s', 'error: --since must be greater than 0\n'],
    ['logs kubia --since-time=yesterday', 'error: parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"\n'],
  ])('%s', async (line, stderr) => {
    const { c } = await kubia();
    expect(await c.run(line)).toEqual({ stdout: '', stderr, exitCode: 1 });
  });

  test('on the virtual clock it prints what is there and ends', async () => {
    const c = new TestCluster();
    await c.ok('run kubia --image=luksa/kubia --port=8080');
    expect(await c.run('logs -f kubia')).toEqual({ stdout: 'Kubia server starting...\n', stderr: '', exitCode: 0 });
  });
});
