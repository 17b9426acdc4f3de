/**
 * label / annotate / patch / edit flows and their errors (messages as kubectl 1.32 prints them; the
 * usage errors were checked against the real binary).
 */
import { describe, expect, it } from 'vitest';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { TestCluster } from '../helpers.js';

/** An editor script in the cluster's directory: `sed` commands run on the file kube-sim opens. */
function editor(c: TestCluster, sedScript: string): string {
  const path = join(c.dir, 'editor.sh');
  c.file('editor.sh', `#!/bin/sh\nsed -i '${sedScript}' "$1"\n`);
  chmodSync(path, 0o755);
  return path;
}

async function withConfigMap(): Promise<TestCluster> {
  const c = new TestCluster();
  // edit keeps failed edits in $TMPDIR as kubectl does: keep them in the test's own directory.
  c.env = { ...c.env, TMPDIR: c.dir };
  await c.ok('create configmap cfg --from-literal=a=1');
  await c.ok('label cm cfg app=kubia');
  return c;
}

describe('label', () => {
  it('adds, refuses to overwrite, overwrites, reports no change and removals', async () => {
    const c = await withConfigMap();
    expect(await c.run('label cm cfg tier=web')).toEqual({ stdout: 'configmap/cfg labeled\n', stderr: '', exitCode: 0 });
    expect(await c.run('label cm cfg app=other')).toEqual({
      stdout: '',
      stderr: "error: 'app' already has a value (kubia), and --overwrite is false\n",
      exitCode: 1,
    });
    expect(await c.ok('label cm cfg app=kubia')).toBe('configmap/cfg not labeled\n');
    expect(await c.ok('label cm cfg app=other --overwrite')).toBe('configmap/cfg labeled\n');
    expect(await c.ok('label cm cfg tier- nope-')).toBe('label "nope" not found.\nconfigmap/cfg unlabeled\n');
    expect(await c.ok('get cm cfg --show-labels')).toBe('NAME   DATA   AGE   LABELS\ncfg    1      0s    app=other\n');
    expect(await c.ok('label cm cfg --list')).toBe('app=other\n');
  });

  it('-o prints the object as label changed it, with the resourceVersion it read; annotate prints what the server stored', async () => {
    // As the real kubectl 1.32 does through kube-sim serve (label prints info.Object, annotate the PATCH's answer).
    const c = new TestCluster();
    await c.ok('create configmap cfg');
    const read = Number(await c.ok('get cm cfg -o jsonpath={.metadata.resourceVersion}'));
    expect(await c.ok('label cm cfg x=1 -o jsonpath={.metadata.resourceVersion}{.metadata.labels}')).toBe(`${read}{"x":"1"}`);
    expect(await c.ok('get cm cfg -o jsonpath={.metadata.resourceVersion}')).toBe(String(read + 1));
    expect(await c.ok('annotate cm cfg y=1 -o jsonpath={.metadata.resourceVersion}')).toBe(String(read + 2));
  });

  it('-l, --all and TYPE/NAME', async () => {
    const c = await withConfigMap();
    await c.ok('create configmap other');
    expect(await c.ok('label cm --all env=dev')).toBe('configmap/cfg labeled\nconfigmap/kube-root-ca.crt labeled\nconfigmap/other labeled\n');
    expect(await c.ok('label cm -l app=kubia env=prod --overwrite')).toBe('configmap/cfg labeled\n');
    expect(await c.ok('label cm/other env-')).toBe('configmap/other unlabeled\n');
    expect(await c.ok('get cm -L env,app')).toBe('NAME               DATA   AGE   ENV    APP\ncfg                1      0s    prod   kubia\nkube-root-ca.crt   1      5m    dev    \nother              0      0s           \n');
  });

  it.each([
    ['label', "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n"],
    ['label pods', 'error: at least one label update is required\n'],
    ['label pods x a=b c', 'error: all resources must be specified before label changes: c\n'],
    ['label cm a=b', 'error: resource(s) were provided, but no name was specified\n'],
    ['label cm cfg a=b a-', 'error: can not both modify and remove a label in the same command\n'],
    ['label cm nope a=b', 'Error from server (NotFound): configmaps "nope" not found\n'],
    ['label cm cfg a=b --all -l x=y', 'error: cannot set --all and --selector at the same time\n'],
    ['label cm cfg a=b=c', 'error: invalid label spec: a=b=c\n'],
  ])('%s', async (line, stderr) => {
    const c = await withConfigMap();
    expect(await c.run(line)).toEqual({ stdout: '', stderr, exitCode: 1 });
  });
});

describe('annotate', () => {
  it('adds, conflicts, overwrites, removes', async () => {
    const c = await withConfigMap();
    expect(await c.ok('annotate cm cfg note=a=b')).toBe('configmap/cfg annotated\n');
    expect(await c.run('annotate cm cfg note=c')).toEqual({
      stdout: '',
      stderr: "error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (a=b)\n",
      exitCode: 1,
    });
    expect(await c.ok('annotate cm cfg note=c --overwrite')).toBe('configmap/cfg annotated\n');
    expect(await c.ok('get cm cfg -o jsonpath={.metadata.annotations}')).toBe('{"note":"c"}');
    expect(await c.ok('annotate cm cfg note-')).toBe('configmap/cfg annotated\n');
    expect(await c.ok('get cm cfg -o jsonpath={.metadata.annotations}')).toBe('');
  });

  it.each([
    ['annotate', "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n"],
    ['annotate pods', 'error: at least one annotation update is required\n'],
  ])('%s', async (line, stderr) => {
    const c = new TestCluster();
    expect(await c.run(line)).toEqual({ stdout: '', stderr, exitCode: 1 });
  });
});

describe('patch', () => {
  it('strategic (default), merge and json patches; no-op patches say so', async () => {
    const c = await withConfigMap();
    expect(await c.ok(`patch cm cfg -p '{"data":{"b":"2"}}'`)).toBe('configmap/cfg patched\n');
    expect(await c.ok(`patch cm cfg -p '{"data":{"b":"2"}}'`)).toBe('configmap/cfg patched (no change)\n');
    expect(await c.ok(`patch cm cfg --type merge -p '{"data":{"a":null}}'`)).toBe('configmap/cfg patched\n');
    expect(await c.ok(`patch cm/cfg --type json -p '[{"op":"add","path":"/data/c","value":"3"},{"op":"replace","path":"/data/b","value":"9"}]'`)).toBe(
      'configmap/cfg patched\n',
    );
    expect(await c.ok('get cm cfg -o jsonpath={.data}')).toBe('{"b":"9","c":"3"}');
    expect(await c.ok(`patch cm cfg -p 'metadata: {labels: {tier: db}}'`)).toBe('configmap/cfg patched\n');
    expect(await c.ok('get cm cfg --show-labels --no-headers')).toBe('cfg   2     0s    app=kubia,tier=db\n');
  });

  it('patch file and -o', async () => {
    const c = await withConfigMap();
    c.file('p.yaml', 'data:\n  z: "26"\n');
    expect(await c.ok('patch cm cfg --patch-file p.yaml -o jsonpath={.data.z}')).toBe('26');
  });

  it.each([
    ['patch', 'error: must specify --patch or --patch-file containing the contents of the patch\n'],
    ['patch cm cfg', 'error: must specify --patch or --patch-file containing the contents of the patch\n'],
    [`patch cm cfg -p {} --type foo`, 'error: --type must be one of [json merge strategic], not "foo"\n'],
    ['patch cm nope -p {}', 'Error from server (NotFound): configmaps "nope" not found\n'],
    [`patch cm cfg --type json -p '[{"op":"remove","path":"/data/nope"}]'`, 'The request is invalid: the server rejected our request due to an error in our request\n'],
    // Text starting with { goes to the server as it is, whose JSON decoder words the error (checked
    // against kubectl 1.32: its yaml.ToJSON passes it through); other text fails kubectl's YAML reading.
    [`patch cm cfg -p '{'`, 'Error from server (BadRequest): unexpected end of JSON input\n'],
    [`patch cm cfg --type merge -p '{"data":'`, 'Error from server (BadRequest): error decoding patch: unexpected end of JSON input\n'],
    [`patch cm cfg -p '{data: {a: b}}'`, "Error from server (BadRequest): invalid character 'd' looking for beginning of object key string\n"],
    [`patch cm cfg -p '{} x'`, "Error from server (BadRequest): invalid character 'x' after top-level value\n"],
    [`patch cm cfg -p '[1,'`, 'error: unable to parse "[1,": yaml: line 1: did not find expected node content\n'],
    [`patch cm cfg -p 'a: b: c'`, 'error: unable to parse "a: b: c": yaml: mapping values are not allowed in this context\n'],
  ])('%s', async (line, stderr) => {
    const c = await withConfigMap();
    expect(await c.run(line)).toEqual({ stdout: '', stderr, exitCode: 1 });
  });
});

describe('edit', () => {
  it('applies what a non-interactive editor changed', async () => {
    const c = await withConfigMap();
    c.env = { ...c.env, KUBE_EDITOR: editor(c, 's/a: "1"/a: "5"/') };
    expect(await c.run('edit cm cfg')).toEqual({ stdout: 'configmap/cfg edited\n', stderr: '', exitCode: 0 });
    expect(await c.ok('get cm cfg -o jsonpath={.data.a}')).toBe('5');
  });

  it('an unchanged or emptied file cancels', async () => {
    const c = await withConfigMap();
    c.env = { ...c.env, KUBE_EDITOR: 'true' };
    expect(await c.run('edit cm cfg')).toEqual({ stdout: '', stderr: 'Edit cancelled, no changes made.\n', exitCode: 0 });
    c.env = { ...c.env, KUBE_EDITOR: 'sed -i /^/d' };
    expect(await c.run('edit cm/cfg')).toEqual({ stdout: '', stderr: 'Edit cancelled, saved file was empty.\n', exitCode: 0 });
  });

  it('an unparsable edit is reopened with the reason, then kept when saved again unchanged', async () => {
    const c = await withConfigMap();
    c.env = { ...c.env, KUBE_EDITOR: editor(c, 's/^data:/data: [/') };
    const r = await c.run('edit cm cfg');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^A copy of your changes has been stored to "[^"]*kube-sim-edit-\d+\.yaml"\nerror: Edit cancelled, no valid changes were saved\.\n$/);
  });

  it('changing the name is refused', async () => {
    const c = await withConfigMap();
    c.env = { ...c.env, KUBE_EDITOR: editor(c, 's/name: cfg/name: cfg2/') };
    const r = await c.run('edit cm cfg');
    expect(r.stderr).toMatch(/\nerror: At least one of apiVersion, kind and name was changed\n$/);
    expect(r.exitCode).toBe(1);
  });

  it('usage and NotFound', async () => {
    const c = new TestCluster();
    expect(await c.run('edit')).toEqual({
      stdout: '',
      stderr:
        "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n",
      exitCode: 1,
    });
    expect(await c.run('edit cm nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): configmaps "nope" not found\n', exitCode: 1 });
  });
});

describe('edit of an invalid object', () => {
  it('reopens the editor with the server reasons, then keeps the file', async () => {
    const c = await withConfigMap();
    // First pass: break a key; second pass (same content): keep a copy of what the editor was shown.
    const path = join(c.dir, 'editor.sh');
    c.file('editor.sh', `#!/bin/sh\nif grep -q 'was not valid' "$1"; then cp "$1" "${c.dir}/seen.yaml"; else sed -i 's/^  a: "1"/  bad key: "1"/' "$1"; fi\n`);
    chmodSync(path, 0o755);
    c.env = { ...c.env, KUBE_EDITOR: path };
    const r = await c.run('edit cm cfg');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^A copy of your changes has been stored to ".*"\nerror: Edit cancelled, no valid changes were saved\.\n$/);
    const { readFileSync } = await import('node:fs');
    const seen = readFileSync(join(c.dir, 'seen.yaml'), 'utf8');
    expect(seen.split('\n').slice(0, 9).join('\n')).toBe(
      [
        "# Please edit the object below. Lines beginning with a '#' will be ignored,",
        '# and an empty file will abort the edit. If an error occurs while saving this file will be',
        '# reopened with the relevant failures.',
        '#',
        '# configmaps "cfg" was not valid:',
        "# * data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
        '#',
        'apiVersion: v1',
        'data:',
      ].join('\n'),
    );
    expect(await c.ok('get cm cfg -o jsonpath={.data}')).toBe('{"a":"1"}');
  });
});

describe('label and annotation keys are validated by the API server', () => {
  it.each([
    [
      'label cm cfg bad_key_=x',
      `The ConfigMap "cfg" is invalid: metadata.labels: Invalid value: "bad_key_": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\n`,
    ],
    [
      'annotate cm cfg a/b/c=1',
      `The ConfigMap "cfg" is invalid: metadata.annotations: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')\n`,
    ],
    [
      `label cm cfg a=${'v'.repeat(64)}`,
      `error: invalid label value: "a=${'v'.repeat(64)}": must be no more than 63 characters\n`,
    ],
  ])('%s', async (line, stderr) => {
    const c = await withConfigMap();
    expect(await c.run(line)).toEqual({ stdout: '', stderr, exitCode: 1 });
  });
});
