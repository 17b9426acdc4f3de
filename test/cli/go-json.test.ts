/**
 * JSON as Go's encoding/json writes it: `<`, `>` and `&` as \u003c, \u003e and \u0026, U+2028 and U+2029
 * escaped, in every JSON kubectl prints (`-o json`, jsonpath objects, `jsonpath-as-json`, watch events,
 * the last-applied annotation) and in what `serve` sends. The real kubectl, where there is one, prints
 * the same bytes from the same objects (twin clusters).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { TestCluster } from '../helpers.js';
import { Twins, kubectlPath } from './real-kubectl.js';
import { goJsonText } from '../../src/util/go-json.js';
import { startServer } from '../../src/serve/server.js';

const MANIFEST = `apiVersion: v1
kind: ConfigMap
metadata:
  name: html
data:
  page: "<b>Tom & Jerry</b>"
  lines: "a\\u2028b\\u2029c"
`;

describe("goJsonText: Go's encoding/json escapes", () => {
  it.each([
    ['<b>Tom & Jerry</b>', '"\\u003cb\\u003eTom \\u0026 Jerry\\u003c/b\\u003e"'],
    ['a\u2028b\u2029c', '"a\\u2028b\\u2029c"'],
    ['tab\tnew\nline\u0001\b\f"\\', '"tab\\tnew\\nline\\u0001\\b\\f\\"\\\\"'],
    ['lone \ud800 surrogate', '"lone \ufffd surrogate"'],
    ['escaped \\ud800 text', '"escaped \\\\ud800 text"'],
    ['pair \ud83d\ude00 é', '"pair \ud83d\ude00 é"'],
  ])('%j', (input, expected) => {
    expect(goJsonText(input)).toBe(expected);
  });

  it('escapes keys too, and indents as MarshalIndent does', () => {
    expect(goJsonText({ 'a&b': ['<'] }, 4)).toBe('{\n    "a\\u0026b": [\n        "\\u003c"\n    ]\n}');
  });
});

describe('kube-sim prints JSON with Go\'s escapes', () => {
  const c = new TestCluster();
  beforeAll(async () => {
    c.file('cm.yaml', MANIFEST);
    await c.ok('apply -f cm.yaml');
  });

  it('get -o json, jsonpath objects and jsonpath-as-json', async () => {
    const json = await c.ok('get cm html -o json');
    expect(json).toContain('        "lines": "a\\u2028b\\u2029c",\n        "page": "\\u003cb\\u003eTom \\u0026 Jerry\\u003c/b\\u003e"\n');
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(await c.ok('get cm html -o jsonpath={.data}')).toBe('{"lines":"a\\u2028b\\u2029c","page":"\\u003cb\\u003eTom \\u0026 Jerry\\u003c/b\\u003e"}');
    // A string result prints as it is, unescaped.
    expect(await c.ok('get cm html -o jsonpath={.data.page}')).toBe('<b>Tom & Jerry</b>');
    expect(await c.ok('get cm html -o jsonpath-as-json={.data.page}')).toBe('[\n    "\\u003cb\\u003eTom \\u0026 Jerry\\u003c/b\\u003e"\n]\n');
  });

  it("the last-applied annotation is Go's compact JSON", async () => {
    expect(await c.ok('get cm html -o "jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}"')).toBe(
      '{"apiVersion":"v1","data":{"lines":"a\\u2028b\\u2029c","page":"\\u003cb\\u003eTom \\u0026 Jerry\\u003c/b\\u003e"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"html","namespace":"default"}}\n',
    );
  });

  it('watch events and client-side dry runs', async () => {
    const watched = await c.ok('get cm html -w -o json --output-watch-events');
    expect(watched.startsWith('{"type":"ADDED","object":{"apiVersion":"v1","data":{"lines":"a\\u2028b\\u2029c","page":"\\u003cb\\u003eTom \\u0026 Jerry\\u003c/b\\u003e"}')).toBe(true);
    expect(await c.ok("create configmap amp --from-literal=k=a&b --dry-run=client -o json")).toContain('"k": "a\\u0026b"');
  });
});

describe('serve sends JSON with Go\'s escapes', () => {
  const c = new TestCluster();
  it('in a list, a watch event and a Status', async () => {
    const { FileStore } = await import('../../src/store/store.js');
    const state = join(c.dir, 'state.json');
    const run = async (line: string) => {
      const { runCaptured } = await import('../../src/cli/main.js');
      return runCaptured(line.split(' '), { store: new FileStore(state, () => undefined), env: c.env, cwd: c.dir });
    };
    writeFileSync(join(c.dir, 'cm.yaml'), MANIFEST);
    expect((await run('apply -f cm.yaml')).exitCode).toBe(0);
    const { server, port } = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env: c.env, cwd: c.dir }, { state }, { port: 0 });
    try {
      const list = await get(port, '/api/v1/namespaces/default/configmaps/html');
      expect(list).toContain('"page":"\\u003cb\\u003eTom \\u0026 Jerry\\u003c/b\\u003e"');
      const watch = await get(port, '/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3Dhtml', '\n');
      expect(watch).toMatch(/^\{"type":"ADDED","object":\{.*"page":"\\u003cb\\u003eTom \\u0026 Jerry\\u003c\/b\\u003e"/);
      const missing = await get(port, '/api/v1/namespaces/default/configmaps/a&b');
      expect(missing).toContain('"message":"configmaps \\"a\\u0026b\\" not found"');
    } finally {
      server.close();
    }
  });
});

/** GET a path; with `until`, stop reading once it arrives (a watch never ends). */
function get(port: number, path: string, until?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        text += d;
        if (until && text.includes(until)) {
          req.destroy();
          resolve(text);
        }
      });
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end();
  });
}

const hasKubectl = kubectlPath !== '';
if (!hasKubectl) console.warn('SKIPPED: part of test/cli/go-json.test.ts needs a real kubectl on the PATH (none found)');

describe.skipIf(!hasKubectl)('the real kubectl prints the same JSON (twin clusters)', () => {
  const t = new Twins();
  beforeAll(() => t.start(['create namespace scratch']));
  afterAll(() => t.stop());

  it('apply, -o json, jsonpath, jsonpath-as-json, dry-run -o json', async () => {
    const file = join(t.dir, 'cm.yaml');
    writeFileSync(file, MANIFEST);
    for (const line of [
      `apply -f ${file}`,
      'get cm html -o json',
      'get cm html -o jsonpath={.data}',
      'get cm html -o jsonpath={.metadata.annotations}',
      'get cm html -o jsonpath-as-json={.data.page}',
      'get cm -o json',
      'create configmap amp --from-literal=k=a&b --dry-run=client -o json',
    ]) {
      const theirs = await t.kubectl(line);
      const ours = await t.sim(line);
      expect(ours, line).toEqual(theirs);
    }
  });
});
