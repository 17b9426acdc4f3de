/**
 * The walkthrough runner itself: parsing, placeholders, the failure diff, --update (blessing) and
 * byte-identical reruns, on small self-contained walkthroughs.
 */
import { describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { MemoryStore } from '../../src/store/store.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTranscript, formatResult, describeFailure } from '../../src/transcript/runner.js';
import { parseTranscript } from '../../src/transcript/format.js';
import { bless, lineMatches, matches, unifiedDiff } from '../../src/transcript/match.js';
import { runCaptured } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'kube-sim-runner-test-'));
function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const SVC = ['```yaml file=svc.yaml', 'apiVersion: v1', 'kind: Service', 'metadata:', '  name: kubia', 'spec:', '  ports:', '  - port: 80', '    targetPort: 8080', '  selector:', '    app: kubia', '```'].join('\n');

/** A walkthrough whose every expectation is correct for kube-sim as it is (services, errors). */
const GOOD = `# A walkthrough

Prose stays as it is.

${SVC}

\`\`\`console
$ kubectl create -f svc.yaml
service/kubia created
$ kubectl get svc kubia -o name
service/kubia
$ kube-sim get svc \\
    nope
Error from server (NotFound): services "nope" not found
[exit: 1]
$ kubectl get svc -o name
service/kubernetes
service/kubia
\`\`\`
`;

describe('placeholders', () => {
  test.each([
    ['kubia-[..]', 'kubia-x7k2p', true],
    ['kubia-[..]', 'kubia-', true],
    ['[..]   Running   [..]', 'kubia-a   Running   0', true],
    ['a.b', 'axb', false],
    ['exact', 'exact ', false],
  ])('%s ~ %s', (pattern, line, ok) => expect(lineMatches(pattern, line)).toBe(ok));

  test('a line "..." matches any number of lines', () => {
    expect(matches(['NAME', '...'], ['NAME'])).toBe(true);
    expect(matches(['NAME', '...', 'end'], ['NAME', 'a', 'b', 'end'])).toBe(true);
    expect(matches(['...'], [])).toBe(true);
    expect(matches(['NAME', '...', 'end'], ['NAME', 'a'])).toBe(false);
  });

  test('blessing keeps matching placeholder lines and takes actual text elsewhere', () => {
    expect(bless(['NAME [..]', 'old', 'tail'], ['NAME x', 'new', 'tail'])).toEqual(['NAME [..]', 'new', 'tail']);
    expect(bless(['head', '...', 'tail'], ['head', 'a', 'b', 'TAIL'])).toEqual(['head', '...', 'TAIL']);
  });

  test('the diff marks missing and extra lines and keeps matches as context', () => {
    expect(unifiedDiff(['a', 'b', 'c'], ['a', 'B', 'c'], 10)).toBe(['--- expected', '+++ actual', '@@ line 10 @@', '  a', '- b', '+ B', '  c'].join('\n'));
  });
});

describe('parsing', () => {
  test('commands, continuations, heredocs, exit markers, files and prose', () => {
    const t = parseTranscript(['Intro', '```console', '$ kubectl apply -f - <<EOF', 'kind: X', 'EOF', 'out', '[exit: 2]', '$ kube-sim get \\', '  svc', '```', '```yaml file=a.yaml', 'x: 1', '```'].join('\n') + '\n');
    expect(t.steps.map((s) => s.kind)).toEqual(['prose', 'command', 'command', 'file']);
    const [, apply, get, file] = t.steps as any[];
    expect(apply).toMatchObject({ text: 'kubectl apply -f - <<EOF\nkind: X\nEOF', expected: ['out'], exit: 2, line: 2, outStart: 5, outEnd: 7 });
    expect(get).toMatchObject({ text: 'kube-sim get   svc', display: 'kube-sim get \\\n  svc', expected: [], exit: 0 });
    expect(file).toMatchObject({ name: 'a.yaml', content: 'x: 1\n' });
  });

  test('an unterminated block is reported with its line', async () => {
    const r = await runTranscript(write('bad.md', 'text\n```console\n$ kubectl get svc\n'));
    expect(r.passed).toBe(false);
    expect(r.error).toBe(`${join(dir, 'bad.md')}:2: unterminated code block (opened with \`\`\`)`);
  });
});

describe('running walkthroughs', () => {
  test('a correct walkthrough passes', async () => {
    const r = await runTranscript(write('good.md', GOOD));
    expect(r.failures.map((f) => describeFailure('good.md', f))).toEqual([]);
    expect(r.passed).toBe(true);
    expect(r.commands).toHaveLength(4);
  });

  test('a deliberately edited expectation fails with a useful diff, and --update restores it', async () => {
    const edited = GOOD.replace('service/kubia created', 'service/kubia configured').replace('[exit: 1]\n', '[exit: 2]\n');
    const file = write('edited.md', edited);
    const r = await runTranscript(file);
    expect(r.passed).toBe(false);
    expect(formatResult({ ...r, file: 'edited.md' })).toBe(
      [
        'FAIL edited.md (4 commands, 2 mismatched)',
        '',
        '    edited.md:19: $ kubectl create -f svc.yaml',
        '    --- expected',
        '    +++ actual',
        '    @@ line 20 @@',
        '    - service/kubia configured',
        '    + service/kubia created',
        '',
        '    edited.md:23: $ kube-sim get svc \\',
        '        nope',
        '    exit code: expected 2, got 1',
        '    stderr:',
        '      Error from server (NotFound): services "nope" not found',
        '',
      ].join('\n'),
    );
    const u = await runTranscript(file, { update: true });
    expect(u.updated).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(GOOD);
    expect((await runTranscript(file)).passed).toBe(true);
  });

  test('--update never rewrites a reference block (expectations taken from real kubectl)', async () => {
    const text = ['```console reference', '$ kubectl get svc nope', 'Error from server (NotFound): services "nope" not found', '```', '```console', '$ kubectl get ns default -o name', 'wrong', '```', ''].join('\n');
    const file = write('reference.md', text.replace('not found', 'gone'));
    const r = await runCaptured(['test', '--update', file]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('updated 1 expectation in');
    expect(r.stdout).toContain('1 reference expectation (from real kubectl) left as written:');
    expect(r.stdout.endsWith('0 passed, 1 failed\n')).toBe(true);
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('services "nope" gone');
    expect(after).toContain('namespace/default');
  });

  test('kube-sim test prints the diff and the summary line, and exits 1', async () => {
    const file = write('cli.md', GOOD.replace('service/kubia\n', 'service/other\n'));
    const r = await runCaptured(['test', file]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`${file}:21: $ kubectl get svc kubia -o name\n    --- expected\n    +++ actual\n    @@ line 22 @@\n    - service/other\n    + service/kubia\n`);
    expect(r.stdout.endsWith('\n0 passed, 1 failed\n')).toBe(true);
    const u = await runCaptured(['test', '--update', file]);
    expect(u.exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(GOOD);
    expect((await runCaptured(['test', file])).stdout).toBe(`ok   ${file} (4 commands)\n1 passed, 0 failed\n`);
  });

  test('the same walkthrough run twice gives byte-identical transcripts', async () => {
    const file = write('twice.md', GOOD.replace('```console\n', '```console\n$ kubectl get svc -o wide\n$ kubectl describe svc kubernetes\n'));
    const a = await runTranscript(file);
    const b = await runTranscript(file);
    expect(a.transcript.length).toBeGreaterThan(200);
    expect(b.transcript).toBe(a.transcript);
  });

  test('each walkthrough runs in its own cluster', async () => {
    const file = write('isolated.md', GOOD);
    expect((await runTranscript(file)).passed).toBe(true);
    expect((await runTranscript(file)).passed).toBe(true); // `create` would fail with AlreadyExists in a shared cluster
  });

  test('stdout and stderr interleave in order; pipes filter stdout only', async () => {
    const file = write('pipes.md', [SVC, '```console', '$ kubectl create -f svc.yaml', 'service/kubia created', '$ kubectl get svc kubia nope -o name', 'service/kubia', 'Error from server (NotFound): services "nope" not found', '[exit: 1]', '$ kubectl get svc -o name | grep kubia | sort -r', 'service/kubia', '$ kubectl get svc -o name | wc -l', '2', '$ ls', 'svc.yaml', '```', ''].join('\n'));
    const r = await runTranscript(file);
    expect(r.failures.map((f) => describeFailure('pipes.md', f))).toEqual([]);
  });

  test("the README's example walkthrough passes", async () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const start = readme.indexOf('````markdown\n');
    expect(start).toBeGreaterThan(0);
    const body = readme.slice(start + '````markdown\n'.length, readme.indexOf('\n````\n', start));
    const r = await runTranscript(write('readme.md', body + '\n'));
    expect(r.failures.map((f) => describeFailure('README.md', f))).toEqual([]);
    expect(r.commands).toHaveLength(7);
  });

  test('play prints a terminal session in its own cluster; --live uses the given cluster', async () => {
    const file = write('play.md', GOOD);
    const statePath = join(dir, 'never-created.json');
    const r = await runCaptured(['play', file], { env: { KUBE_SIM_CLOCK: 'virtual', KUBE_SIM_STATE: statePath } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith('# A walkthrough\n\n# Prose stays as it is.\n\n$ cat > svc.yaml <<\'EOF\'\napiVersion: v1\n')).toBe(true);
    expect(r.stdout).toContain('$ kubectl create -f svc.yaml\nservice/kubia created\n$ kubectl get svc kubia -o name\nservice/kubia\n$ kube-sim get svc \\\n    nope\nError from server (NotFound): services "nope" not found\n');
    expect(r.stdout.endsWith('# 4 commands; every output was what the walkthrough expects\n')).toBe(true);
    expect(existsSync(statePath)).toBe(false);
    const store = new MemoryStore();
    await runCaptured(['play', '--live', file], { store });
    expect((await runCaptured(['get', 'svc', 'kubia', '-o', 'name'], { store })).stdout).toBe('service/kubia\n');
  });

  test('redirections: > and >> write into the working directory, 2>&1 and 2>/dev/null route stderr', async () => {
    const file = write('redirect.md', [SVC, '```console', '$ kubectl create -f svc.yaml > created.txt', '$ kubectl get svc nope -o name 2>/dev/null', '[exit: 1]', '$ kubectl get svc kubia nope -o name 2>&1 | sort', 'Error from server (NotFound): services "nope" not found', 'service/kubia', '[exit: 1]', '$ kubectl get svc kubia -o yaml > kubia.yaml', '$ kubectl get svc -o name | grep kubia >> created.txt', '$ kubectl delete -f kubia.yaml', 'service "kubia" deleted', '$ kubectl apply -f - <<EOF', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: c', 'EOF', 'configmap/c created', '```', ''].join('\n'));
    const r = await runTranscript(file);
    expect(r.failures.map((f) => describeFailure('redirect.md', f))).toEqual([]);
  });

  test('a 100-command walkthrough runs in process, in one cluster: one load per command, the reads save nothing', async () => {
    // Counted, not timed (bench/ times the 100-command walkthrough): what makes a walkthrough cheap is
    // that each command is a call on one in-memory cluster that loads it once, and a read never saves.
    const memory = new MemoryStore();
    let loads = 0;
    let saves = 0;
    const transact = <T>(change: Parameters<MemoryStore['transact']>[0]) =>
      memory.transact<T>((current) => {
        loads++;
        const outcome = change(current) as ReturnType<typeof change> & { result: T };
        if (!outcome.unchanged) saves++;
        return outcome;
      });
    const store = {
      location: memory.location,
      kubeconfig: memory.kubeconfig,
      load: () => (loads++, memory.load()),
      replace: (state: Parameters<MemoryStore['replace']>[0]) => (saves++, memory.replace(state)),
      transact,
      // A memory store has no lock to leave: its optimistic run is a transaction.
      transactOptimistic: transact,
    };
    const cmds = Array.from({ length: 100 }, (_, i) => (i % 2 ? '$ kubectl get svc kubia -o name\nservice/kubia' : '$ kubectl get svc -o name\n...'));
    const file = write('hundred.md', `${SVC}\n\`\`\`console\n$ kubectl create -f svc.yaml\nservice/kubia created\n${cmds.join('\n')}\n\`\`\`\n`);
    const r = await runTranscript(file, { store });
    expect(r.passed).toBe(true);
    expect(r.commands.length).toBe(101);
    // The create (which makes the cluster too) is the only save; every command loads the state once.
    expect({ loads, saves }).toEqual({ loads: 101, saves: 1 });
  });
});
