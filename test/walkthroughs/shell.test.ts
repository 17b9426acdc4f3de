/**
 * A walkthrough's lines run through the simulated shell on a simulated host: the text tools tutorials
 * pipe to (their expected output was printed by bash with GNU tools and jq on the same files), shell
 * features with kubectl, expected exit codes as a reader sees them, background jobs, walkthrough errors
 * that --update never blesses, and the library's createCluster().run(line).
 */
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFailure, formatResult, runTranscript } from '../../src/transcript/runner.js';
import { impliedExit } from '../../src/transcript/format.js';
import { runCaptured } from '../../src/cli/main.js';
import { createCluster } from '../../src/transcript/cluster.js';

const here = join(import.meta.dirname, 'shell');
const dir = mkdtempSync(join(tmpdir(), 'kube-sim-shell-test-'));
function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** A walkthrough from lines (console block only). */
function walkthrough(name: string, lines: string[]): string {
  return write(name, ['```console', ...lines, '```', ''].join('\n'));
}

async function failures(file: string, opts = {}): Promise<string[]> {
  const r = await runTranscript(file, opts);
  expect(r.error ?? '').toBe('');
  return r.failures.map((f) => describeFailure(file, f));
}

describe('the walkthrough shell', () => {
  test.each(['tools.md', 'features.md'])('%s passes', async (name) => {
    expect(await failures(join(here, name))).toEqual([]);
  });

  test('a transcript copied from a terminal shows errors without [exit: N]: they are expected failures', async () => {
    const file = write(
      'pasted.md',
      [
        '```yaml file=bad-svc.yaml',
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  name: bad',
        'spec:',
        '  ports:',
        '  - port: 0',
        '  - port: 70000',
        '```',
        '```console',
        '$ kubectl get services missing',
        'Error from server (NotFound): services "missing" not found',
        '$ kubectl get pods --selector',
        'error: flag needs an argument: --selector',
        "See 'kubectl get --help' for usage.",
        '$ kubectl create -f bad-svc.yaml',
        'The Service "bad" is invalid: ',
        '* spec.ports[0].name: Required value',
        '* spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
        '* spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
        '* spec.ports[1].name: Required value',
        '* spec.ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
        '* spec.ports[1].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
        '$ kubectl get ns default -o name',
        'namespace/default',
        '```',
        '',
      ].join('\n'),
    );
    const r = await runTranscript(file);
    expect(r.failures.map((f) => describeFailure('pasted.md', f))).toEqual([]);
    expect(r.commands.map((c) => [c.step.exit, c.exitCode])).toEqual([[1, 1], [1, 1], [1, 1], [0, 0]]);
  });

  test.each([
    [['service/kubia created'], 0],
    [['Error from server (NotFound): services "x" not found'], 1],
    [['NAME   READY', 'a      1/1', 'Error from server (NotFound): pods "b" not found'], 1],
    [['error: unknown flag: --foo', "See 'kubectl get --help' for usage."], 1],
    [['The Service "x" is invalid: ', '* spec.ports: Required value'], 1],
    [['hello', 'command terminated with exit code 42'], 42],
    [['curl: (7) Failed to connect to 10.0.0.1 port 80 after 0 ms: Couldn\'t connect to server'], 7],
    [['error: could not find the pod', 'but then it recovered'], 0],
    [[], 0],
  ])('the exit code a reader infers from %j is %i', (lines, code) => {
    expect(impliedExit(lines)).toBe(code);
  });

  test('a mismatch on the exit code alone shows what the command wrote to stderr', async () => {
    const file = walkthrough('exit.md', ['$ kubectl get ns nope 2>&1 >/dev/null | cat', '...', '$ kubectl get ns nope 2>/dev/null', '[exit: 0]']);
    const r = await runTranscript(file);
    expect(r.failures.map((f) => describeFailure('exit.md', f))).toEqual([
      'exit.md:2: $ kubectl get ns nope 2>&1 >/dev/null | cat\nexit code: expected 0 (no [exit: N] line), got 1\nstderr: (empty)',
      'exit.md:4: $ kubectl get ns nope 2>/dev/null\nexit code: expected 0, got 1\nstderr: (empty)',
    ]);
    const shown = walkthrough('exit2.md', ['$ kubectl get ns nope', '...']);
    expect((await runTranscript(shown)).failures.map((f) => describeFailure('exit2.md', f))).toEqual([
      'exit2.md:2: $ kubectl get ns nope\nexit code: expected 0 (no [exit: N] line), got 1\nstderr:\n  Error from server (NotFound): namespaces "nope" not found',
    ]);
  });

  test('--update never blesses a walkthrough error: an unsupported command stays a failure to fix', async () => {
    const text = ['```console', '$ echo hi', 'bye', '$ minikube service web', '$ kubectl certificate approve csr-1', '```', ''].join('\n');
    const file = write('update.md', text);
    const r = await runCaptured(['test', '--update', file]);
    expect(r.stdout).toBe(
      [
        `FAIL ${file} (3 commands, 3 mismatched)`,
        `updated 1 expectation in ${file}`,
        '2 walkthrough errors left to fix (never blessed):',
        '',
        `    ${file}:4: $ minikube service web`,
        `    walkthrough error: "minikube" is not a program of kube-sim's simulated host`,
        '    --- expected',
        '    +++ actual',
        '    @@ line 5 @@',
        '    + bash: minikube: command not found',
        '    exit code: expected 0 (no [exit: N] line), got 127',
        '',
        `    ${file}:5: $ kubectl certificate approve csr-1`,
        '    walkthrough error: kube-sim does not simulate "kubectl certificate": kube-sim has no CertificateSigningRequest',
        '    --- expected',
        '    +++ actual',
        '    @@ line 6 @@',
        '    + error: kube-sim does not simulate "kubectl certificate": kube-sim has no CertificateSigningRequest',
        '    exit code: expected 0 (no [exit: N] line), got 1',
        '0 passed, 1 failed',
        '',
      ].join('\n'),
    );
    expect(r.exitCode).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(text.replace('$ echo hi\nbye\n', '$ echo hi\nhi\n'));
    // Even with its real output written in, the unsupported command still fails.
    writeFileSync(file, readFileSync(file, 'utf8').replace('$ minikube service web\n', '$ minikube service web\nbash: minikube: command not found\n[exit: 127]\n'));
    const again = await runTranscript(file);
    expect(again.failures.map((f) => f.step.line + 1)).toEqual([4, 7]);
  });

  test('a background job runs beside the next lines and stops at kill %1 or at the end of the walkthrough', async () => {
    // On the wall clock `sleep` really waits, so the job is still running when the next lines run.
    const file = walkthrough('jobs.md', [
      '$ sleep 600 &',
      '[1] 4242',
      '$ sleep 300 &',
      '[2] 4243',
      '$ jobs',
      '[1]-  Running                 sleep 600 &',
      '[2]+  Running                 sleep 300 &',
      '$ kill %1',
      '[1]-  Terminated              sleep 600',
      '$ jobs',
      '[2]+  Running                 sleep 300 &',
      '$ kill %1',
      'bash: kill: %1: no such job',
      '[exit: 1]',
    ]);
    const r = await runTranscript(file, { env: { NO_COLOR: '1' } });
    expect(r.failures.map((f) => describeFailure('jobs.md', f))).toEqual([]);
  });

  test("a background job's output reaches the terminal as it is written, after bash's [N] PID line", async () => {
    const file = walkthrough('job-output.md', ['$ echo started && kubectl get ns default -o name &', '[1] 4242', 'started', 'namespace/default', '$ echo next', 'next']);
    expect(await failures(file)).toEqual([]);
  });

  test('exec -i with a shell reading a multi-line script from stdin runs its loops', async () => {
    const file = walkthrough('exec-i.md', [
      '$ kubectl run bb --image=busybox --restart=Never -- sleep 3600',
      'pod/bb created',
      "$ kubectl exec -i bb -- sh <<'EOF'",
      'for i in 1 2 3',
      'do',
      '  echo "line $i"',
      'done',
      'if [ -d /tmp ]; then',
      '  echo "tmp is there"',
      'fi',
      'EOF',
      'line 1',
      'line 2',
      'line 3',
      'tmp is there',
    ]);
    expect(await failures(file)).toEqual([]);
  });

  test('kube-sim test prints the shell line that failed and the summary', async () => {
    const file = walkthrough('fail.md', ['$ echo one | tr a-z A-Z', 'one']);
    const r = await runTranscript(file);
    expect(formatResult({ ...r, file: 'fail.md' })).toBe(['FAIL fail.md (1 command, 1 mismatched)', '', '    fail.md:2: $ echo one | tr a-z A-Z', '    --- expected', '    +++ actual', '    @@ line 3 @@', '    - one', '    + ONE', ''].join('\n'));
  });
});

describe("the library's cluster.run(line)", () => {
  test('runs pipes, redirections and variables through the shell; argv and bare kube-sim commands still work', async () => {
    const c = createCluster();
    try {
      expect(await c.run('kubectl get svc | wc -l')).toEqual({ stdout: '2\n', stderr: '', exitCode: 0 });
      expect(await c.run('kubectl get svc -o name > out.txt')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
      expect(readFileSync(join(c.dir, 'out.txt'), 'utf8')).toBe('service/kubernetes\n');
      expect(await c.run('export NS=kube-system')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
      expect(await c.run('kubectl get svc -n $NS -o name')).toEqual({ stdout: 'service/kube-dns\n', stderr: '', exitCode: 0 });
      expect(await c.run('get svc kubernetes -o name')).toEqual({ stdout: 'service/kubernetes\n', stderr: '', exitCode: 0 });
      expect(await c.run(['get', 'svc', 'nope'])).toEqual({ stdout: '', stderr: 'Error from server (NotFound): services "nope" not found\n', exitCode: 1 });
      expect(await c.run('kubectl get svc nope; echo after')).toEqual({ stdout: 'after\n', stderr: 'Error from server (NotFound): services "nope" not found\n', exitCode: 0 });
      expect(await c.run('cat /etc/passwd')).toEqual({
        stdout: '',
        stderr: "cat: /etc/passwd: outside the walkthrough's directory (a walkthrough uses only its own files; a trusted one may be run with --allow-host)\n",
        exitCode: 1,
      });
    } finally {
      c.dispose();
    }
  });
});
