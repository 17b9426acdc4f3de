/**
 * The hand-off of traced requests from CLI commands to a running `kube-sim ui` (STATE.ui-traces): the
 * trace a command hands over is the one it printed, as data; without a ui (or with a dead one's file
 * left behind) a command writes nothing and fails nothing.
 */
import { describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';
import { Inbox, handTraces, inboxPath } from '../../src/ui/inbox.js';
import { traceText, type Trace } from '../../src/network/trace.js';

const CHAPTER = resolve(__dirname, '..', '..', 'examples', 'chapter');

type Run = (argv: string[]) => Promise<{ stdout: string; stderr: string; exitCode: number }>;

/** A cluster in a state file (the hand-off lives beside it), driven through main(). */
async function cluster(): Promise<{ state: string; run: Run }> {
  const state = join(mkdtempSync(join(tmpdir(), 'kube-sim-inbox-')), 'cluster.json');
  const run: Run = async (argv) => {
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: { KUBE_SIM_CLOCK: 'virtual' }, cwd: tmpdir() };
    const exitCode = await main(['--state', state, ...argv], io);
    return { stdout, stderr, exitCode };
  };
  for (const argv of [['create', '-f', join(CHAPTER, 'kubia-rc.yaml')], ['create', '-f', join(CHAPTER, 'kubia-svc.yaml')]]) expect((await run(argv)).exitCode).toBe(0);
  return { state, run };
}

describe('traced requests handed to a running ui', () => {
  test('exec --trace hands over the hops it printed, as data', async () => {
    const { state, run } = await cluster();
    const inbox = new Inbox(state);
    const r = await run(['exec', 'kubia-9jvtb', '--trace', '--', 'curl', '-s', 'http://kubia']);
    expect(r.exitCode).toBe(0);
    const traces = inbox.read();
    expect(traces).toHaveLength(1);
    const t = traces[0]!;
    expect(traceText(t.hops)).toBe(r.stderr);
    expect(t.origin).toEqual({ kind: 'pod', pod: { namespace: 'default', name: 'kubia-9jvtb' }, ip: '10.244.1.2' });
    expect(t.url).toBe('http://kubia');
    expect(t.outcome).toEqual({ ok: true, status: 200 });
    expect(t.hops.map((h) => h.kind)).toEqual(['dns', 'kube-proxy', 'rule', 'dnat', 'answer', 'response']);
    expect(t.hops[0]).toEqual({ kind: 'dns', text: 'DNS kubia -> kubia.default.svc.cluster.local A 10.96.173.63', ips: ['10.96.173.63'] });
    expect(t.hops[1]!.service).toEqual({ namespace: 'default', name: 'kubia' });
    expect(t.hops[3]!.pod).toEqual(t.hops[4]!.pod);
    // A request that fails is handed over with where it ended.
    const refused = await run(['exec', 'kubia-9jvtb', '--trace', '--', 'curl', '-s', 'http://kubia:81']);
    expect(refused.exitCode).toBe(28);
    const [failed] = inbox.read();
    expect(failed!.outcome).toEqual({ ok: false, error: 'timed out' });
    expect(failed!.hops.map((h) => `${h.kind} ${h.text}`)).toEqual([
      'dns DNS kubia -> kubia.default.svc.cluster.local A 10.96.173.63',
      'drop 10.96.173.63 is the cluster IP of default/kubia, but no rule matches port 81: the packet goes nowhere',
    ]);
    inbox.close();
    expect(existsSync(inboxPath(state))).toBe(false);
  });

  test('curl --trace from outside is handed over too; commands without --trace hand over nothing', async () => {
    const { state, run } = await cluster();
    const inbox = new Inbox(state);
    expect((await run(['exec', 'kubia-9jvtb', '--', 'curl', '-s', 'http://kubia'])).exitCode).toBe(0);
    expect(inbox.read()).toEqual([]);
    const r = await run(['curl', '--trace', '-s', '-m', '1', 'http://10.96.173.63']);
    expect(r.exitCode).toBe(28);
    const [t] = inbox.read();
    expect(t!.origin).toEqual({ kind: 'host', ip: '172.18.0.1' });
    expect(traceText(t!.hops)).toBe(r.stderr);
    inbox.close();
  });

  test('without a ui, or with the file of a ui that died, a traced command writes nothing and works as usual', async () => {
    const { state, run } = await cluster();
    const r = await run(['exec', 'kubia-9jvtb', '--trace', '--', 'curl', '-s', 'http://kubia']);
    expect(r.exitCode).toBe(0);
    expect(existsSync(inboxPath(state))).toBe(false);
    // A pid that cannot be a live process.
    writeFileSync(inboxPath(state), 'ui 2147483646\n');
    expect((await run(['exec', 'kubia-9jvtb', '--trace', '--', 'curl', '-s', 'http://kubia'])).exitCode).toBe(0);
    expect(readFileSync(inboxPath(state), 'utf8')).toBe('ui 2147483646\n');
    handTraces('<memory>', [{} as Trace]);
  });

  test('the inbox starts a new file past 1 MiB without losing a trace', () => {
    const state = join(mkdtempSync(join(tmpdir(), 'kube-sim-inbox-')), 'cluster.json');
    const inbox = new Inbox(state);
    const big: Trace = { origin: { kind: 'host', ip: '172.18.0.1' }, url: 'http://x', hops: [{ kind: 'note', text: 'x'.repeat(300_000) }], outcome: { ok: false, error: 'timed out' } };
    let got = 0;
    for (let i = 0; i < 8; i++) {
      handTraces(state, [{ ...big, url: `http://x/${i}` }]);
      got += inbox.read().length;
    }
    got += inbox.read().length;
    expect(got).toBe(8);
    expect(readFileSync(inboxPath(state), 'utf8').length).toBeLessThan(1 << 20);
    inbox.close();
  });
});
