/**
 * Untrusted walkthroughs cannot touch the host: each escape is attempted by a walkthrough run with the real
 * `kube-sim test` process, each is refused with one clear line (and fails as a walkthrough error), and it is
 * checked from outside that no host file was read or written and no host process started (marker files that
 * a started process would create, a secret whose token must not show up anywhere).
 */
import { afterAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BIN, ensureBuilt } from '../robustness/processes.js';
import { runTranscript, describeFailure } from '../../src/transcript/runner.js';
import { bridgeRefusal } from '../../src/transcript/kubectl-bridge.js';
import { runCaptured } from '../../src/cli/main.js';

const hasKubectl = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim() !== '';
if (!hasKubectl) console.warn('SKIPPED: the test --kubectl part of test/walkthroughs/hostile.test.ts needs a real kubectl on the PATH (none found)');

// Host files the walkthrough must not reach, outside the host's /tmp (a walkthrough's /tmp is its own, see
// below): beside the checkout, unless the checkout itself is under /tmp (a CI clone may be), then /var/tmp.
const besideCheckout = resolve(import.meta.dirname, '..', '..', '.vitest-tmp');
const scratch = besideCheckout.startsWith('/tmp/') ? '/var/tmp' : besideCheckout;
mkdirSync(scratch, { recursive: true });
const outside = mkdtempSync(join(scratch, 'kube-sim-host-'));
const token = `TOKEN-${process.pid}-${Date.now()}`;
const secret = join(outside, 'secret.txt');
writeFileSync(secret, `${token}\n`);
const marker = (n: number) => join(outside, `marker-${n}`);
afterAll(() => rmSync(outside, { recursive: true, force: true }));

const REFUSED = (path: string) => `${path}: outside the walkthrough's directory (a walkthrough uses only its own files; a trusted one may be run with --allow-host)`;

/** Each escape and the line it must be refused with. */
const ESCAPES: [string, string[]][] = [
  [`kubectl create configmap h --from-file=${secret}`, [`error: ${REFUSED(secret)}`]],
  [`kubectl create configmap h --from-env-file=${secret}`, [`error: ${REFUSED(secret)}`]],
  [`kubectl apply -f ${secret}`, [`error: ${REFUSED(secret)}`]],
  [`kubectl apply -f ../../../../../../../../..${secret}`, [`error: ${REFUSED(secret)}`]],
  [`kubectl create secret tls t --cert=${secret} --key=${secret}`, [`error: ${REFUSED(secret)}`]],
  [`kubectl patch ns default --patch-file ${secret}`, [`error: ${REFUSED(secret)}`]],
  [`kubectl get ns -o custom-columns-file=${secret}`, [`error: ${REFUSED(secret)}`]],
  [`kubectl get ns -o go-template-file=${secret}`, [`error: ${REFUSED(secret)}`]],
  [`cat ${secret}`, [`cat: ${REFUSED(secret)}`]],
  [`grep TOKEN ${secret}`, [`grep: ${REFUSED(secret)}`]],
  [`echo pwned > ${marker(1)}`, [`bash: ${REFUSED(marker(1))}`]],
  [`sed -i s/TOKEN/gone/ ${secret}`, [`sed: ${REFUSED(secret)}`]],
  [`cd ${outside}`, [`bash: ${REFUSED(outside)}`]],
  [`source ${secret}`, [`bash: ${REFUSED(secret)}`]],
  [`/bin/sh -c 'touch ${marker(2)}'`, [`touch: ${REFUSED(outside)}`]],
  [`KUBE_EDITOR="sh -c 'touch ${marker(3)}'" kubectl edit ns default`, [`touch: ${REFUSED(outside)}`, `error: there was a problem with the editor "sh -c 'touch ${marker(3)}'"`]],
  [`KUBE_EDITOR=vi kubectl edit ns default`, ['bash: vi: command not found', 'error: there was a problem with the editor "vi"']],
  [
    'kubectl edit ns default',
    [`error: kubectl edit needs an editor here: a walkthrough has no interactive one. Set a non-interactive editor on the command, e.g. KUBE_EDITOR="sed -i 's/old/new/'" kubectl edit ...`],
  ],
  ['kube-sim test hostile.md', ['error: kube-sim test cannot run inside a walkthrough: it runs walkthroughs, and a walkthrough must not run itself']],
  [`KUBECTL=/usr/bin/touch kube-sim test --kubectl hostile.md`, ['error: kube-sim test cannot run inside a walkthrough: it runs walkthroughs, and a walkthrough must not run itself']],
  ['kube-sim play hostile.md', ['error: kube-sim play cannot run inside a walkthrough: it runs walkthroughs, and a walkthrough must not run itself']],
  ['kube-sim serve --port 0', ['error: kube-sim serve cannot run inside a walkthrough: it never returns']],
  [`python3 -c 'open("${marker(4)}", "w")'`, ['bash: python3: command not found']],
  [`${outside}/run.sh`, [`bash: ${outside}/run.sh: command not found`]],
];

describe('a hostile walkthrough', () => {
  test('every escape is refused with a clear line; nothing outside is read, written or run (checked from outside)', () => {
    ensureBuilt();
    const cwd = mkdtempSync(join(tmpdir(), 'kube-sim-hostile-'));
    const lines = ['```console', ...ESCAPES.flatMap(([cmd, expected]) => [`$ ${cmd}`, ...expected, '[exit: 1]'])];
    // A file the walkthrough may not touch sits beside it too.
    writeFileSync(join(cwd, 'hostile.md'), [...lines, '$ kubectl get cm -o yaml | grep -c TOKEN', '0', '[exit: 1]', '```', ''].join('\n'));
    const before = readFileSync(join(cwd, 'hostile.md'), 'utf8');
    const r = spawnSync(process.execPath, [BIN, 'test', '--update', 'hostile.md'], { cwd, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH, HOME: outside, NO_COLOR: '1' } });
    expect(r.status).toBe(1);
    // Every command but the last is a walkthrough error with the printed line as its only output.
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('    walkthrough error: ')).map((l) => l.slice('    walkthrough error: '.length));
    expect(errors).toEqual([
      ...ESCAPES.slice(0, 16).map(() => expect.stringContaining("outside the walkthrough's directory")),
      '"vi" is not a program of kube-sim\'s simulated host',
      expect.stringContaining('kubectl edit needs an editor here'),
      'kube-sim test cannot run inside a walkthrough: it runs walkthroughs, and a walkthrough must not run itself',
      'kube-sim test cannot run inside a walkthrough: it runs walkthroughs, and a walkthrough must not run itself',
      'kube-sim play cannot run inside a walkthrough: it runs walkthroughs, and a walkthrough must not run itself',
      'kube-sim serve cannot run inside a walkthrough: it never returns',
      '"python3" is not a program of kube-sim\'s simulated host',
      `"${outside}/run.sh" is not a program of kube-sim's simulated host`,
    ]);
    // The printed output matched every expectation: the only failures are the walkthrough errors themselves.
    expect(r.stdout).not.toContain('--- expected');
    expect(r.stdout).toContain(`FAIL hostile.md (${ESCAPES.length + 1} commands, ${ESCAPES.length} mismatched)`);
    expect(r.stdout).toContain(`${ESCAPES.length} walkthrough errors left to fix (never blessed):`);
    // From outside: the secret is intact and never printed, no marker exists, --update left the file as it was.
    expect(readFileSync(secret, 'utf8')).toBe(`${token}\n`);
    expect(r.stdout + r.stderr).not.toContain(token);
    expect([1, 2, 3, 4].filter((n) => existsSync(marker(n)))).toEqual([]);
    expect(readdirSync(outside).sort()).toEqual(['secret.txt']);
    expect(readdirSync(cwd)).toEqual(['hostile.md']);
    expect(readFileSync(join(cwd, 'hostile.md'), 'utf8')).toBe(before);
  });

  test("/tmp is the walkthrough's own: the host's /tmp is neither read nor written", async () => {
    const name = `kube-sim-hostile-${process.pid}-${Date.now()}`;
    const hostTmp = join('/tmp', name);
    writeFileSync(hostTmp, `${token}\n`);
    const file = join(mkdtempSync(join(tmpdir(), 'kube-sim-tmp-')), 'tmp.md');
    writeFileSync(
      file,
      ['```console', `$ cat /tmp/${name}`, `cat: /tmp/${name}: No such file or directory`, '[exit: 1]', `$ echo pwned > /tmp/${name}; cat /tmp/${name}`, 'pwned', '```', ''].join('\n'),
    );
    const r = await runTranscript(file);
    expect(r.failures.map((f) => describeFailure('tmp.md', f))).toEqual([]);
    expect(readFileSync(hostTmp, 'utf8')).toBe(`${token}\n`);
    rmSync(hostTmp);
  });

  test('a symlink inside the walkthrough directory cannot lead outside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-linked-'));
    symlinkSync(secret, join(dir, 'innocent.yaml'));
    mkdirSync(join(dir, 'sub'));
    symlinkSync(outside, join(dir, 'sub', 'up'));
    const file = join(mkdtempSync(join(tmpdir(), 'kube-sim-linked-md-')), 'linked.md');
    writeFileSync(file, ['```console', '$ cat innocent.yaml', '$ kubectl apply -f innocent.yaml', '$ ls sub/up', '$ echo x > sub/up/marker-5', '$ cat sub/../innocent.yaml', '```', ''].join('\n'));
    const r = await runTranscript(file, { dir });
    expect(r.failures.map((f) => [f.actual, f.problems?.length])).toEqual([
      [[`cat: ${REFUSED(join(dir, 'innocent.yaml'))}`], 1],
      [[`error: ${REFUSED(join(dir, 'innocent.yaml'))}`], 1],
      [[`ls: ${REFUSED(join(dir, 'sub/up'))}`], 1],
      [[`bash: ${REFUSED(join(dir, 'sub/up/marker-5'))}`], 1],
      [[`cat: ${REFUSED(join(dir, 'innocent.yaml'))}`], 1],
    ]);
    expect(existsSync(join(outside, 'marker-5'))).toBe(false);
  });

  test('--allow-host (on the command line only) trusts a walkthrough with host files', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kube-sim-trusted-')), 'trusted.md');
    writeFileSync(file, ['```console', `$ cat ${secret}`, token, `$ kubectl create configmap s --from-file=token=${secret} -o jsonpath='{.data.token}'`, token, '```', ''].join('\n'));
    expect((await runTranscript(file)).passed).toBe(false);
    const trusted = await runTranscript(file, { allowHost: true });
    expect(trusted.failures.map((f) => describeFailure('trusted.md', f))).toEqual([]);
  });

  test.skipIf(!hasKubectl)("test --kubectl runs this process's kubectl whatever the walkthrough's KUBECTL or KUBE_EDITOR say", async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'kube-sim-bridge-hostile-'));
    writeFileSync(
      join(cwd, 'bridge.md'),
      [
        '```console',
        `$ KUBECTL=/usr/bin/touch kubectl get ns default -o name`,
        'namespace/default',
        `$ export KUBECTL="sh -c 'touch ${marker(6)}'"; kubectl get ns default -o name`,
        'namespace/default',
        '$ kubectl create configmap c --from-literal=a=1',
        'configmap/c created',
        `$ KUBE_EDITOR="sh -c 'touch ${marker(7)}'" kubectl edit cm c`,
        `touch: ${REFUSED(outside)}`,
        // The real kubectl names its KUBE_EDITOR: kube-sim's simulated-editor command.
        'error: there was a problem with the editor [..]',
        `$ kubectl apply -f ${secret}`,
        `error: ${REFUSED(secret)}`,
        '```',
        '',
      ].join('\n'),
    );
    const r = await runCaptured(['test', '--kubectl', 'bridge.md'], { cwd, env: { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'kube-sim-bridge-home-')) } });
    // The editor runs in kube-sim's simulated-editor process, where the refusal is printed but cannot be
    // reported back: that line fails on its output alone if it differs.
    expect(r.stdout.split('\n').filter((l) => l.includes('walkthrough error'))).toEqual([`    walkthrough error: ${REFUSED(secret)}`]);
    expect(r.stdout).not.toContain('--- expected');
    expect([6, 7].filter((n) => existsSync(marker(n)))).toEqual([]);
    expect(readFileSync(secret, 'utf8')).toBe(`${token}\n`);
  }, 60_000);

  test.each([
    [['apply', '-f', '/etc/passwd'], REFUSED('/etc/passwd')],
    [['create', 'configmap', 'x', '--from-file=key=/etc/hostname'], REFUSED('key=/etc/hostname')],
    [['apply', '-f', '../../etc/passwd'], REFUSED('../../etc/passwd')],
    [['get', 'po', '-o', 'custom-columns-file=/etc/passwd'], REFUSED('/etc/passwd')],
    [['get', 'ns', '--kubeconfig', 'mine.yaml'], 'a walkthrough cannot choose the kubeconfig the real kubectl uses'],
    [['diff', '-f', 'x.yaml'], undefined],
    [['pwn', 'now'], '"kubectl pwn" would run a kubectl plugin (a host program)'],
    [['-n', 'kube-system', 'get', 'pods', '-f', 'local.yaml'], undefined],
    [['exec', 'p', '--', 'cat', '/etc/passwd'], undefined],
  ])('test --kubectl refuses %j before the real kubectl starts', (argv, why) => {
    expect(bridgeRefusal(argv)).toBe(why);
  });
});
