/**
 * Bounded growth of Events: they expire an hour after they were last written (kube-apiserver's default
 * --event-ttl), on the cluster clock; a repeat bumps the count and lastTimestamp of one Event (and so
 * renews it) instead of adding Events.
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';
import { KUBIA_RS } from '../fixtures/kubia.js';

/** The Events of the default namespace (the cluster's own, from its start five minutes before, expire first). */
const count = async (c: TestCluster) => (await c.ok('get events -o name')).split('\n').filter(Boolean).length;

describe('events', () => {
  it('expire an hour after they were last written, on the cluster clock', async () => {
    const c = new TestCluster();
    c.file('rs.yaml', KUBIA_RS);
    await c.ok('create -f rs.yaml');
    await c.ok('scale rs kubia --replicas=5');
    await c.ok('scale rs kubia --replicas=2');
    const before = await count(c);
    expect(before).toBeGreaterThan(10);
    await c.ok('advance 59m');
    expect(await count(c)).toBe(before);
    await c.ok('advance 2m');
    expect(await c.ok('get events -A')).toBe('');
    expect((await c.ok('describe rs kubia')).endsWith('Events:            <none>\n')).toBe(true);
    // New events after that are kept as usual.
    await c.ok('scale rs kubia --replicas=3');
    expect(await c.ok('get events -o custom-columns=REASON:.reason,OBJECT:.involvedObject.name --sort-by=.reason')).toMatch(
      /^REASON +OBJECT\nCreated +kubia-\w{5}\nPulled +kubia-\w{5}\nPulling +kubia-\w{5}\nScheduled +kubia-\w{5}\nStarted +kubia-\w{5}\nSuccessfulCreate +kubia\n$/,
    );
  });

  it('a repeat bumps one Event (count, lastTimestamp) and renews it; the others expire', async () => {
    const c = new TestCluster();
    c.file('pod.yaml', `apiVersion: v1
kind: Pod
metadata:
  name: unready
spec:
  containers:
  - name: main
    image: busybox
    command: ["sleep", "9999"]
    readinessProbe:
      exec:
        command: ["ls", "/var/ready"]
`);
    await c.ok('create -f pod.yaml');
    await c.ok('advance 30m');
    await c.ok('advance 31m');
    const events = await c.ok('describe po unready');
    const lines = events.split('Events:\n')[1]!.split('\n').filter((l) => l.startsWith('  Warning') || l.startsWith('  Normal'));
    // Scheduled, Pulled, Created and Started were written 61 minutes ago: gone. The probe failure is
    // one Event, written again every 10 seconds.
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^  Warning  Unhealthy  \d+s \(x\d+ over 61m\)  kubelet  Readiness probe failed: ls: \/var\/ready: No such file or directory$/);
    expect(await count(c)).toBe(1);
  });
});

describe('Event names', () => {
  it('carry UnixNano in hex exactly as BigInt arithmetic gives it, for any instant and counter', async () => {
    const { unixNanoHex } = await import('../../src/api/events.js');
    const instants = [1, 1048575, 1048576, 1048577, Date.parse('2026-11-21T22:50:00Z'), Date.parse('1999-12-31T23:59:59Z'), 2 ** 41 - 1, 2 ** 41, Date.parse('2262-04-11T23:47:16Z')];
    const subs = [0, 1, 999_999, 4095, 4096, 1048575, 1048576 % 1_000_000, 123_456];
    for (let i = 0; i < 2000; i++) instants.push(Math.floor(((i * 7919) % 2000) * 1e9 + i * 104729));
    for (const ms of instants) for (const sub of subs) expect(unixNanoHex(ms, sub)).toBe((BigInt(ms) * 1_000_000n + BigInt(sub)).toString(16));
  });
});
