/** The simulated shell's command-line parser and interpreter on a bare system (no cluster commands). */
import { describe, expect, test } from 'vitest';
import { expandFields, parseScript, type SimpleCommand } from '../../src/shell/parse.js';
import { freshCluster } from '../../src/store/bootstrap.js';
import { makeEnv } from '../../src/env.js';
import { hostSystem, nodeSystem, Shell } from '../../src/shell/index.js';

function words(line: string, vars: Record<string, string> = {}): string[][] {
  return parseScript(line).items.map((i) => i.pipeline.commands.flatMap((c) => (c as SimpleCommand).words.flatMap((w) => expandFields(w, (n) => vars[n]))));
}

describe('parseScript', () => {
  test.each([
    ['echo hello world', [['echo', 'hello', 'world']]],
    [`echo 'a  b' "c d"`, [['echo', 'a  b', 'c d']]],
    ['echo $HOME ${USER}x "$HOME"', [['echo', '/root', 'mex', '/root']]],
    ["echo '$HOME'", [['echo', '$HOME']]],
    ['echo $NOPE end', [['echo', 'end']]],
    ['a; b && c || d', [['a'], ['b'], ['c'], ['d']]],
    ['env | sort', [['env', 'sort']]],
    ['echo a\\ b', [['echo', 'a b']]],
    ['ls # a comment', [['ls']]],
  ])('%s', (line, expected) => {
    expect(words(line, { HOME: '/root', USER: 'meX'.slice(0, 2) })).toEqual(expected);
  });

  test('connectors and redirections are kept', () => {
    const s = parseScript('touch /x && cat /x > /y 2>&1 || echo no');
    expect(s.items.map((i) => i.connector)).toEqual([';', '&&', '||']);
    expect((s.items[1]!.pipeline.commands[0] as SimpleCommand).redirects.map((r) => [r.fd, r.op])).toEqual([[1, '>'], [2, '>&']]);
  });
});

describe('Shell on a node and on the host', () => {
  const state = freshCluster({ clock: 'virtual' });
  const env = makeEnv(state, 'virtual');

  test('variables, $?, cd, redirection into the scratch filesystem', () => {
    const sys = nodeSystem(state, env, 'kind-worker');
    const sh = new Shell('bash', sys.vars, 'bash');
    expect(sh.run(sys, 'X=1; echo $X; false; echo $?; cd /tmp && pwd; echo hi > f; cat f; cat /tmp/f | wc -c').stdout).toBe('1\n1\n/tmp\nhi\n3\n');
    expect(sh.run(sys, 'nosuch').stderr).toBe('bash: nosuch: command not found\n');
    expect(sh.run(sys, 'exit 7').exitCode).toBe(7);
    expect(sh.exited).toBe(7);
  });

  test('loops, conditions and command substitution', () => {
    const sys = nodeSystem(state, env, 'kind-worker');
    const sh = new Shell('ash', sys.vars, 'sh');
    expect(sh.run(sys, 'for i in $(seq 3); do echo "n=$i"; done').stdout).toBe('n=1\nn=2\nn=3\n');
    expect(sh.run(sys, 'for w in a "b c"; do echo $w; done | wc -l').stdout).toBe('2\n');
    expect(sh.run(sys, 'i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done; echo $(( (2+3)*4 % 7 ))').stdout).toBe('0\n1\n2\n6\n');
    expect(sh.run(sys, 'if [ -d /tmp ]; then echo dir; else echo no; fi; if test -f /nope; then echo y; elif true; then echo elif; fi').stdout).toBe('dir\nelif\n');
    expect(sh.run(sys, 'echo "host: `hostname`" $(echo a   b)').stdout).toBe('host: kind-worker a b\n');
    expect(sh.run(sys, 'echo done; echo for').stdout).toBe('done\nfor\n');
    expect(sh.run(sys, 'while true; do echo x; done | wc -l')).toEqual({ stdout: '', stderr: 'kube-sim: program killed: it ran 100,000 commands (the step budget of a simulated program; a real one would run until interrupted)\n', exitCode: 137 });
    expect(sh.run(sys, 'for i in 1 2; do echo $i').stderr).toBe('sh: syntax error: unexpected end of file (expecting "done")\n');
  });

  test('sh -c SCRIPT NAME ARGS and sh FILE ARGS: $0 is the NAME or the FILE, as in dash, ash and bash', () => {
    const sys = nodeSystem(state, env, 'kind-worker');
    const sh = new Shell('ash', sys.vars, 'sh');
    // It was the shell's own name ("sh"), so "${#0}" of a long argument said 2.
    expect(sh.run(sys, `sh -c 'echo $0 $1 $#' a b; sh -c 'echo $0 $#'; echo 'echo $0 $1' > /tmp/s.sh; sh /tmp/s.sh x`).stdout).toBe('a b 1\nsh 0\n/tmp/s.sh x\n');
  });

  test('the host has no cluster DNS and cannot reach cluster IPs', () => {
    const sys = hostSystem(state, env);
    const sh = new Shell('bash', sys.vars, 'bash');
    expect(sh.run(sys, 'curl -sS http://kubernetes.default').stderr).toBe('curl: (6) Could not resolve host: kubernetes.default\n');
    expect(sh.run(sys, 'curl -sS -m 2 https://10.96.0.1').stderr).toBe('curl: (28) Connection timed out after 2001 milliseconds\n');
  });
});
