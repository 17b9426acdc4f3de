/**
 * Container scripts that sleep run on the cluster clock (shell/timed.ts): kubernetes.io's liveness
 * tutorial (`touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600`) is healthy for 30 s and
 * restarted after three failed probes; the logging tutorial's counter prints one line a second with the
 * date of that second; a later command resumes a sleeping script by replaying it, with the same bytes as
 * one command covering the whole time.
 */
import { describe, expect, test } from 'vitest';
import { TestCluster } from '../helpers.js';

/** The pages' manifests, from kube-sim's bundled copies of the kubernetes.io examples. */
const EXEC_LIVENESS = 'https://k8s.io/examples/pods/probe/exec-liveness.yaml';
const COUNTER = 'https://k8s.io/examples/debug/counter-pod.yaml';

/** The Events table of `describe pod`. */
async function events(c: TestCluster, pod: string): Promise<string> {
  const text = await c.ok(`describe pod ${pod}`);
  return text.slice(text.indexOf('Events:'));
}

describe('scripts that sleep run on the cluster clock', () => {
  test("kubernetes.io's exec liveness probe: healthy for 30 s, three failures, killed and restarted", async () => {
    const c = new TestCluster();
    await c.ok(`create -f ${EXEC_LIVENESS}`);
    expect(await c.ok('exec liveness-exec -- ls /tmp')).toBe('healthy\n');
    await c.ok('advance 29s');
    expect(await events(c, 'liveness-exec')).toBe(`Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  29s   default-scheduler  Successfully assigned default/liveness-exec to kind-worker2
  Normal  Pulling    29s   kubelet            Pulling image "registry.k8s.io/busybox:1.27.2"
  Normal  Pulled     29s   kubelet            Successfully pulled image "registry.k8s.io/busybox:1.27.2" in 672ms (672ms including waiting). Image size: 5000000 bytes.
  Normal  Created    29s   kubelet            Created container liveness
  Normal  Started    29s   kubelet            Started container liveness
`);
    await c.ok('advance 6s');
    expect(await c.ok('exec liveness-exec -- ls /tmp')).toBe('');
    await c.ok('advance 6s');
    expect(await events(c, 'liveness-exec')).toBe(`Events:
  Type     Reason     Age               From               Message
  ----     ------     ----              ----               -------
  Normal   Scheduled  41s               default-scheduler  Successfully assigned default/liveness-exec to kind-worker2
  Normal   Pulling    41s               kubelet            Pulling image "registry.k8s.io/busybox:1.27.2"
  Normal   Pulled     41s               kubelet            Successfully pulled image "registry.k8s.io/busybox:1.27.2" in 672ms (672ms including waiting). Image size: 5000000 bytes.
  Normal   Created    1s (x2 over 41s)  kubelet            Created container liveness
  Normal   Started    1s (x2 over 41s)  kubelet            Started container liveness
  Warning  Unhealthy  1s (x3 over 11s)  kubelet            Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory
  Normal   Killing    1s                kubelet            Container liveness failed liveness probe, will be restarted
  Normal   Pulled     1s                kubelet            Container image "registry.k8s.io/busybox:1.27.2" already present on machine
`);
    // The new incarnation runs the script afresh: healthy again.
    expect(await c.ok('exec liveness-exec -- ls /tmp')).toBe('healthy\n');
    expect(await c.ok('get pod liveness-exec')).toBe('NAME            READY   STATUS    RESTARTS     AGE\nliveness-exec   1/1     Running   1 (1s ago)   41s\n');
  });

  test("the logging tutorial's counter: a line a second, dated that second; resuming replays to the same bytes", async () => {
    const stepwise = new TestCluster();
    const whole = new TestCluster();
    for (const c of [stepwise, whole]) await c.ok(`create -f ${COUNTER}`);
    const first = await stepwise.ok('logs counter');
    expect(first).toMatch(/^0: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}\n$/);
    // Each command of the stepwise cluster resumes the script by replaying it (a new state each time).
    for (let i = 0; i < 4; i++) await stepwise.ok('advance 1s');
    await whole.ok('advance 4s');
    const logs = await stepwise.ok('logs counter --timestamps');
    expect(await whole.ok('logs counter --timestamps')).toBe(logs);
    const lines = logs.trimEnd().split('\n');
    expect(lines.map((l) => l.replace(/^(\S+) (\d+): .*$/, '$2'))).toEqual(['0', '1', '2', '3', '4']);
    // Each line is stamped with the second it was printed, and its `date` says that second.
    for (const l of lines) {
      const [, stamp, shown] = /^(\S+) \d+: (.*)$/.exec(l)!;
      expect(new Date(stamp!).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, (_m, d, day, mon, y, t) => `${d} ${mon} ${String(Number(day)).padStart(2, ' ')} ${t} UTC ${y}`)).toBe(shown);
    }
  });

  test('a script that sleeps shows its output as it goes, and exits when its sleeps are over', async () => {
    const c = new TestCluster();
    await c.ok("run sleeper --image=busybox --restart=Never -- sh -c 'echo start; sleep 5; echo done; exit 3'");
    expect(await c.ok('logs sleeper')).toBe('start\n');
    expect(await c.ok('get pod sleeper')).toBe('NAME      READY   STATUS    RESTARTS   AGE\nsleeper   1/1     Running   0          0s\n');
    await c.ok('advance 5s');
    expect(await c.ok('logs sleeper')).toBe('start\ndone\n');
    expect(await c.ok('get pod sleeper')).toBe('NAME      READY   STATUS   RESTARTS   AGE\nsleeper   0/1     Error    0          5s\n');
    // A sleep BusyBox refuses is its error, and the script goes on at once.
    await c.ok("run bad --image=busybox --restart=Never -- sh -c 'sleep 1x; echo after'");
    expect(await c.ok('logs bad')).toBe("sleep: invalid number '1x'\nafter\n");
  });

  test('a script is followed through 600 sleeps; then it keeps running without doing more', async () => {
    const c = new TestCluster();
    await c.ok(`create -f ${COUNTER}`);
    await c.ok('advance 15m');
    const logs = (await c.ok('logs counter')).trimEnd().split('\n');
    expect([logs.length, logs[0]!.split(':')[0], logs.at(-1)!.split(':')[0]]).toEqual([600, '0', '599']);
    expect(await c.ok('get pod counter')).toBe('NAME      READY   STATUS    RESTARTS   AGE\ncounter   1/1     Running   0          15m\n');
  });
});
