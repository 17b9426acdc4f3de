/**
 * Hostile and broken input: each case gives a clear kubectl-style error, exit code 1, and leaves the
 * state FILE byte-for-byte as it was (a real file store, not memory).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync, openSync, writeSync, closeSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';
import { realFiles, type HostFiles } from '../../src/util/host-files.js';

let dir: string;
let statePath: string;

const run = (argv: string[], stdin?: string, files?: HostFiles) =>
  runCaptured(argv, { store: new FileStore(statePath, () => {}), env: { KUBE_SIM_CLOCK: 'virtual' }, cwd: dir, stdin, files });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kube-sim-hostile-'));
  statePath = join(dir, 'state.json');
  // A cluster with a little in it, saved to the file.
  writeFileSync(join(dir, 'seed.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: seed\ndata:\n  a: b\n');
  const r = await run(['create', '-f', 'seed.yaml']);
  expect(r.exitCode).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every byte the store keeps for this state: the file itself and any companion files beside it (`state.json*`). */
function snapshot(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (path: string, name: string) => {
    if (statSync(path).isDirectory()) for (const n of readdirSync(path).sort()) walk(join(path, n), `${name}/${n}`);
    else files.set(name, readFileSync(path).toString('base64'));
  };
  for (const n of readdirSync(dir).sort()) if (n.startsWith('state.json')) walk(join(dir, n), n);
  return files;
}

/** Run a command that must fail; the state must not change by a single byte. */
async function refused(argv: string[], stdin?: string, files?: HostFiles): Promise<string> {
  const before = snapshot();
  const r = await run(argv, stdin, files);
  expect(r.exitCode).toBe(1);
  expect(r.stdout).toBe('');
  expect(snapshot()).toEqual(before);
  return r.stderr;
}

function file(name: string, content: string | Buffer): string {
  writeFileSync(join(dir, name), content);
  return name;
}

describe('hostile manifests leave the state untouched', () => {
  it('(control: a successful write does change the stored bytes)', async () => {
    const before = snapshot();
    file('ok.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: control\n');
    expect((await run(['create', '-f', 'ok.yaml'])).exitCode).toBe(0);
    expect(snapshot()).not.toEqual(before);
  });

  it('malformed YAML (bad indentation)', async () => {
    file('bad1.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n   name: kubia\n  labels:\n    a: b\n');
    expect(await refused(['create', '-f', 'bad1.yaml'])).toBe('error: error parsing bad1.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key\n');
  });

  it('tabs', async () => {
    file('tabs.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: kubia\n');
    expect(await refused(['apply', '-f', 'tabs.yaml'])).toBe('error: error parsing tabs.yaml: error converting YAML to JSON: yaml: line 4: found character that cannot start any token\n');
  });

  it('unterminated quote', async () => {
    file('q.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: "kubia\nspec:\n  ports:\n  - port: 80\n');
    expect(await refused(['create', '-f', 'q.yaml'])).toBe('error: error parsing q.yaml: error converting YAML to JSON: yaml: line 8: found unexpected end of stream\n');
  });

  it('malformed JSON', async () => {
    file('bad.json', '{\n  "apiVersion": "v1",\n  "kind": "Service",\n}\n');
    expect(await refused(['create', '-f', 'bad.json'])).toBe("error: error parsing bad.json: json: offset 46: invalid character '}' looking for beginning of object key string\n");
    file('cut.json', '{"apiVersion": "v1", "kind": "Service"');
    expect(await refused(['create', '-f', 'cut.json'])).toBe('error: error parsing cut.json: unexpected EOF\n');
  });

  // Expanded, this document would be 9^12 strings: the refusal itself shows it was refused before expanding.
  it('a YAML alias bomb is refused before it expands', async () => {
    let bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 12; i++) {
      const p = String.fromCharCode(96 + i);
      const c = String.fromCharCode(97 + i);
      bomb += `${c}: &${c} [${Array(9).fill(`*${p}`).join(',')}]\n`;
    }
    file('bomb.yaml', bomb);
    expect(await refused(['create', '-f', 'bomb.yaml'])).toBe('error: error parsing bomb.yaml: error converting YAML to JSON: yaml: document contains excessive aliasing\n');
  });

  it('a 50 MB manifest is refused from its size, fast and without reading it', async () => {
    const path = join(dir, 'big.yaml');
    const fd = openSync(path, 'w');
    const line = Buffer.from(`# ${'x'.repeat(1021)}\n`);
    for (let written = 0; written < 50 * 1024 * 1024; written += line.length) writeSync(fd, line);
    closeSync(fd);
    // Counted, not timed: the file's size is looked at, its bytes are never read.
    const reads: string[] = [];
    const files: HostFiles = { ...realFiles, read: (p) => (reads.push(p), realFiles.read(p)) };
    const err = await refused(['create', '-f', 'big.yaml'], undefined, files);
    expect(reads).toEqual([]);
    expect(err).toBe(
      "error: error reading big.yaml: the manifest is 52428800 bytes, larger than the API server's request limit of 3145728 bytes (3 MiB); split it into smaller files\n",
    );
  });

  it('a 50 MB manifest on stdin', async () => {
    const big = `# ${'x'.repeat(50 * 1024 * 1024)}\n`;
    expect(await refused(['apply', '-f', '-'], big)).toMatch(/^error: error reading STDIN: the manifest is 52428803 bytes/);
  });

  it('binary input', async () => {
    const bin = Buffer.alloc(4096);
    for (let i = 0; i < bin.length; i++) bin[i] = (i * 7919 + 13) % 256;
    file('bin.yaml', bin);
    expect(await refused(['create', '-f', 'bin.yaml'])).toBe('error: error parsing bin.yaml: error converting YAML to JSON: yaml: control characters are not allowed\n');
    file('elf.yaml', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]));
    expect(await refused(['create', '-f', 'elf.yaml'])).toBe('error: error parsing elf.yaml: error converting YAML to JSON: yaml: control characters are not allowed\n');
  });

  it('deep nesting', async () => {
    file('deep.json', `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"d"},"x":${'['.repeat(20000)}${']'.repeat(20000)}}`);
    expect(await refused(['create', '-f', 'deep.json'])).toMatch(/^error: error parsing deep.json: json: offset \d+: invalid character '\[' exceeded max depth\n$/);
    file('deep.yaml', `a: ${'['.repeat(20000)}${']'.repeat(20000)}\n`);
    expect(await refused(['create', '-f', 'deep.yaml'])).toBe('error: error parsing deep.yaml: error converting YAML to JSON: yaml: exceeded max depth of 10000\n');
    // Block nesting on one line (no indentation to measure): the real kubectl 1.32's words, checked; it
    // printed JavaScript's "Maximum call stack size exceeded".
    file('deep-block.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\nx:\n${'- '.repeat(12000)}a\n`);
    expect(await refused(['create', '-f', 'deep-block.yaml'])).toBe('error: error parsing deep-block.yaml: error converting YAML to JSON: yaml: line 6: exceeded max depth of 10000\n');
  });

  it('__proto__ and constructor keys', async () => {
    file('proto.json', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"p","__proto__":{"admin":true}},"data":{"a":"b"}}');
    expect(await refused(['create', '-f', 'proto.json'])).toBe(
      'Error from server (BadRequest): error when creating "proto.json": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "metadata.__proto__"\n',
    );
    file('ctor.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: c\n  constructor: x\nspec:\n  ports:\n  - port: 80\n    constructor: {prototype: 1}\n');
    expect(await refused(['create', '-f', 'ctor.yaml'])).toBe(
      'Error from server (BadRequest): error when creating "ctor.yaml": Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "metadata.constructor", unknown field "spec.ports[0].constructor"\n',
    );
    file('proto-label.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p\n  labels:\n    __proto__: x\n');
    expect(await refused(['create', '-f', 'proto-label.yaml'])).toBe('error: unable to decode "proto-label.yaml": metadata.labels: key "__proto__" is not allowed\n');
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it.each([
    ['Service', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: "80"\n', 'json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32'],
    ['Pod', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: {}\n', 'json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container'],
    ['Deployment', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: "3"\n', 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32'],
    ['ReplicaSet', 'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: r\nspec:\n  replicas: [1]\n', 'json: cannot unmarshal array into Go struct field ReplicaSetSpec.spec.replicas of type int32'],
    ['ReplicationController', 'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: r\nspec:\n  template: 1\n', 'json: cannot unmarshal number into Go struct field ReplicationControllerSpec.spec.template of type v1.PodTemplateSpec'],
    ['Ingress', 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n  rules: {}\n', 'json: cannot unmarshal object into Go struct field IngressSpec.spec.rules of type []v1.IngressRule'],
    ['Secret', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  a: [1]\n', 'json: cannot unmarshal array into Go struct field Secret.stringData of type string'],
    ['ConfigMap', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nimmutable: "true"\n', 'json: cannot unmarshal string into Go struct field ConfigMap.immutable of type bool'],
    ['Endpoints', 'apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: e\nsubsets: {}\n', 'json: cannot unmarshal object into Go struct field Endpoints.subsets of type []v1.EndpointSubset'],
    ['Node', 'apiVersion: v1\nkind: Node\nmetadata:\n  name: x\nspec:\n  podCIDRs: 10.0.0.0/24\n', 'json: cannot unmarshal string into Go struct field NodeSpec.spec.podCIDRs of type []string'],
    ['Namespace', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\nspec: []\n', 'json: cannot unmarshal array into Go struct field Namespace.spec of type v1.NamespaceSpec'],
    ['Event', 'apiVersion: v1\nkind: Event\nmetadata:\n  name: x\ninvolvedObject: {name: 5}\n', 'json: cannot unmarshal number into Go struct field ObjectReference.involvedObject.name of type string'],
    ['IngressClass', 'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: x\nspec:\n  parameters: nginx\n', 'json: cannot unmarshal string into Go struct field IngressClassSpec.spec.parameters of type v1.IngressClassParametersReference'],
    ['EndpointSlice', 'apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: x\naddressType: IPv4\nendpoints:\n- addresses: 10.0.0.1\n', 'json: cannot unmarshal string into Go struct field Endpoint.endpoints.addresses of type []string'],
  ])('wrong types: %s', async (kind, manifest, why) => {
    file('wrong.yaml', manifest);
    expect(await refused(['create', '-f', 'wrong.yaml'])).toBe(
      `Error from server (BadRequest): error when creating "wrong.yaml": ${kind} in version "v1" cannot be handled as a ${kind}: ${why}\n`,
    );
  });

  it('wrong types in metadata are refused by kubectl itself', async () => {
    file('md.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n  labels: []\n');
    expect(await refused(['create', '-f', 'md.yaml'])).toBe(
      'error: unable to decode "md.yaml": json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string\n',
    );
  });

  it('unknown kinds and versions', async () => {
    file('kind.yaml', 'apiVersion: v1\nkind: Servic\nmetadata:\n  name: kubia\n');
    expect(await refused(['create', '-f', 'kind.yaml'])).toBe(
      'error: resource mapping not found for name: "kubia" namespace: "" from "kind.yaml": no matches for kind "Servic" in version "v1"\nensure CRDs are installed first\n',
    );
    file('ver.yaml', 'apiVersion: apps/v2\nkind: Deployment\nmetadata:\n  name: kubia\n');
    expect(await refused(['create', '-f', 'ver.yaml'])).toBe(
      'error: resource mapping not found for name: "kubia" namespace: "" from "ver.yaml": no matches for kind "Deployment" in version "apps/v2"\nensure CRDs are installed first\n',
    );
  });

  it('names that are not DNS labels or subdomains', async () => {
    file('svcname.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: 1kubia\nspec:\n  ports:\n  - port: 80\n');
    expect(await refused(['create', '-f', 'svcname.yaml'])).toBe(
      `The Service "1kubia" is invalid: metadata.name: Invalid value: "1kubia": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')\n`,
    );
    file('cmname.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Kubia_1\n');
    expect(await refused(['create', '-f', 'cmname.yaml'])).toBe(
      `The ConfigMap "Kubia_1" is invalid: metadata.name: Invalid value: "Kubia_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n`,
    );
  });

  it('huge replica counts', async () => {
    file('huge.yaml', 'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: r\nspec:\n  replicas: 99999999999\n');
    expect(await refused(['create', '-f', 'huge.yaml'])).toBe(
      'Error from server (BadRequest): error when creating "huge.yaml": ReplicaSet in version "v1" cannot be handled as a ReplicaSet: json: cannot unmarshal number 99999999999 into Go struct field ReplicaSetSpec.spec.replicas of type int32\n',
    );
  });

  // Refused before a pod is made (refused() checks that the state did not change by a byte).
  it('huge replica counts within int32 are refused as beyond kube-sim\'s capacity, before any pod is made', async () => {
    file('big.yaml', 'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: big\nspec:\n  replicas: 2000000000\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: a}}\n    spec: {containers: [{name: a, image: nginx}]}\n');
    expect(await refused(['create', '-f', 'big.yaml'])).toBe(
      'The ReplicaSet "big" is invalid: spec.replicas: Invalid value: 2000000000: must be no more than 20000 (the most pods a kube-sim workload simulates)\n',
    );
    expect((await run(['create', 'deployment', 'small', '--image=nginx'])).exitCode).toBe(0);
    expect(await refused(['scale', 'deployment', 'small', '--replicas=2000000000'])).toBe(
      'The Scale "small" is invalid: spec.replicas: Invalid value: 2000000000: must be no more than 20000 (the most pods a kube-sim workload simulates)\n',
    );
    expect((await run(['get', 'pods', '-l', 'app=small', '-o', 'name'])).stdout).toMatch(/^pod\/small-[a-z0-9]+-[a-z0-9]{5}\n$/);
  });

  it('negative ports', async () => {
    file('neg.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: neg\nspec:\n  ports:\n  - port: -1\n');
    expect(await refused(['create', '-f', 'neg.yaml'])).toMatch(/^The Service "neg" is invalid: .*spec\.ports\[0\]\.port: Invalid value: -1: must be between 1 and 65535, inclusive/s);
  });

  it('empty input', async () => {
    file('empty.yaml', '');
    expect(await refused(['create', '-f', 'empty.yaml'])).toBe('error: no objects passed to create\n');
    file('comments.yaml', '# nothing here\n---\n');
    expect(await refused(['apply', '-f', 'comments.yaml'])).toBe('error: no objects passed to apply\n');
  });
});

describe('names that are JavaScript prototype members', () => {
  it('a namespace named constructor is an object like any other, on a stored state', async () => {
    const out = async (line: string) => {
      const r = await run(line.split(' '));
      return `${r.stdout}${r.stderr}[${r.exitCode}]`;
    };
    expect(await out('get ns constructor')).toBe('Error from server (NotFound): namespaces "constructor" not found\n[1]');
    expect(await out('get ns toString')).toBe('Error from server (NotFound): namespaces "toString" not found\n[1]');
    expect(await out('create ns constructor')).toBe('namespace/constructor created\n[0]');
    expect(await out('create deployment d -n constructor --image=nginx')).toBe('deployment.apps/d created\n[0]');
    expect(await out('get ns constructor -o name')).toBe('namespace/constructor\n[0]');
    expect(await out('delete ns constructor')).toBe('namespace "constructor" deleted\n[0]');
    expect(await out('get ns constructor')).toBe('Error from server (NotFound): namespaces "constructor" not found\n[1]');
    expect(await out('get deploy,rs,po -n constructor')).toBe('No resources found in constructor namespace.\n[0]');
  });
});

describe('a state path that is no file', () => {
  it('a directory: the system says why, in its own words (not Node\'s)', async () => {
    const where = join(dir, 'a-directory.json');
    mkdirSync(where);
    const r = await runCaptured(['get', 'svc'], { store: new FileStore(where, () => {}), env: { KUBE_SIM_CLOCK: 'virtual' }, cwd: dir });
    expect([r.stderr.split('\n')[0], r.exitCode]).toEqual([`error: the kube-sim state file "${where}" cannot be read: is a directory`, 1]);
  });
});

describe('a state file edited by hand into nonsense', () => {
  // What is wrong is said in Go's words (kubectl's), never a JavaScript parser's.
  it.each([
    ['not JSON', 'this is { not json', `it is not valid JSON (invalid character 'h' in literal true (expecting 'r'))`],
    ['cut short', '{"format":1,"meta":', 'it is not valid JSON (unexpected end of JSON input)'],
    ['empty', '', 'it is empty'],
    ['some other JSON', '{}', 'it is not a kube-sim state (no "format")'],
    ['JSON of the wrong shape', '{"format":1,"meta":{},"objects":[]}', 'missing or invalid "meta"'],
    ['an object that is not an API object', '{"format":1,"meta":{"seed":1,"rng":1,"resourceVersion":1,"virtualNow":"x","wallOffsetMs":0},"settings":{"kubernetesVersion":"v1.32.0"},"objects":{"services":{"default/x":5}},"runtime":{},"memory":{}}', undefined],
  ])('%s: names the file, what is wrong and how to recover, and leaves it as it was', async (_what, content, why) => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, content);
    for (const argv of [['get', 'svc'], ['create', '-f', 'seed.yaml']]) {
      const r = await runCaptured(argv, { store: new FileStore(broken, () => {}), env: { KUBE_SIM_CLOCK: 'virtual' }, cwd: dir });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(`the kube-sim state file "${broken}" cannot be read`);
      if (why) expect(r.stderr.split('\n')[0]).toBe(`error: the kube-sim state file "${broken}" cannot be read: ${why}`);
      expect(r.stderr).toContain(`kube-sim reset --state ${broken}`);
      expect(readFileSync(broken, 'utf8')).toBe(content);
    }
  });
});
