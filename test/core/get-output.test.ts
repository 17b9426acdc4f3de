/**
 * `get` decorations and every -o format. Expected texts follow kubectl 1.32 (tabwriter widths,
 * kind prefixes, blank lines between groups, "No resources found" only for tables); the jsonpath,
 * custom-columns and yaml/json outputs were checked byte for byte against the real kubectl.
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';

/** Three config maps with labels to select on. */
async function cluster(): Promise<TestCluster> {
  const c = new TestCluster();
  await c.ok('create cm web --from-literal=a=1 --from-literal=b=2');
  await c.ok('create cm db --from-literal=a=1');
  await c.ok('create cm plain');
  await c.ok('label cm web app=kubia tier=frontend');
  await c.ok('label cm db app=kubia tier=backend');
  await c.ok('create ns other');
  await c.ok('create cm -n other elsewhere');
  return c;
}

describe('selectors', () => {
  it.each([
    ['app=kubia', ['db', 'web']],
    ['app==kubia', ['db', 'web']],
    ['tier!=frontend', ['db', 'kube-root-ca.crt', 'plain']],
    ['tier in (frontend,backend)', ['db', 'web']],
    ['tier notin (frontend)', ['db', 'kube-root-ca.crt', 'plain']],
    ['tier', ['db', 'web']],
    ['!tier', ['kube-root-ca.crt', 'plain']],
    ['app=kubia,tier=backend', ['db']],
  ])('-l %s', async (sel, names) => {
    const c = await cluster();
    expect(await c.ok(`get cm -l '${sel}' -o name`)).toBe(names.map((n) => `configmap/${n}\n`).join(''));
  });

  it('no match', async () => {
    const c = await cluster();
    expect(await c.run('get cm -l app=nothing')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
    expect(await c.run('get cm -A -l app=nothing')).toEqual({ stdout: '', stderr: 'No resources found\n', exitCode: 0 });
    expect(await c.run('get ns -l app=nothing')).toEqual({ stdout: '', stderr: 'No resources found\n', exitCode: 0 });
    expect(await c.run('get cm -n empty')).toEqual({ stdout: '', stderr: 'No resources found in empty namespace.\n', exitCode: 0 });
  });
});

describe('field selectors', () => {
  it('metadata.name and kind-specific fields; unsupported fields are refused by the server', async () => {
    const c = await cluster();
    expect(await c.ok('get cm --field-selector metadata.name=web -o name')).toBe('configmap/web\n');
    expect(await c.ok('get cm --field-selector metadata.name!=web,metadata.name!=db -o name')).toBe('configmap/kube-root-ca.crt\nconfigmap/plain\n');
    expect(await c.ok('get ns --field-selector status.phase=Active -o name')).toContain('namespace/other\n');
    expect(await c.ok('get nodes --field-selector spec.unschedulable=false -o name')).toBe('node/kind-control-plane\nnode/kind-worker\nnode/kind-worker2\n');
    expect(await c.run('get cm --field-selector data.a=1')).toEqual({
      stdout: '',
      stderr: 'Error from server (BadRequest): Unable to find "/v1, Resource=configmaps" that match label selector "", field selector "data.a=1": field label not supported: data.a\n',
      exitCode: 1,
    });
    expect(await c.run('get cm --field-selector metadata.name=nope')).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 });
  });
});

describe('decorations', () => {
  it('-A puts NAMESPACE first', async () => {
    const c = await cluster();
    expect(await c.ok('get cm -A')).toBe(
      [
        'NAMESPACE            NAME                                                   DATA   AGE',
        'default              db                                                     1      0s',
        'default              kube-root-ca.crt                                       1      5m',
        'default              plain                                                  0      0s',
        'default              web                                                    2      0s',
        'kube-node-lease      kube-root-ca.crt                                       1      5m',
        'kube-public          cluster-info                                           2      5m',
        'kube-public          kube-root-ca.crt                                       1      5m',
        'kube-system          coredns                                                1      5m',
        'kube-system          extension-apiserver-authentication                     6      5m',
        'kube-system          kube-apiserver-legacy-service-account-token-tracking   1      5m',
        'kube-system          kube-proxy                                             2      5m',
        'kube-system          kube-root-ca.crt                                       1      5m',
        'kube-system          kubeadm-config                                         1      5m',
        'kube-system          kubelet-config                                         1      5m',
        'local-path-storage   kube-root-ca.crt                                       1      5m',
        'local-path-storage   local-path-config                                      4      5m',
        'other                elsewhere                                              0      0s',
        'other                kube-root-ca.crt                                       1      0s',
        '',
      ].join('\n'),
    );
  });
  it('--show-labels and -L', async () => {
    const c = await cluster();
    expect(await c.ok('get cm --show-labels')).toBe(
      'NAME               DATA   AGE   LABELS\ndb                 1      0s    app=kubia,tier=backend\nkube-root-ca.crt   1      5m    <none>\nplain              0      0s    <none>\nweb                2      0s    app=kubia,tier=frontend\n',
    );
    expect(await c.ok('get cm -L tier -L app --show-labels')).toBe(
      'NAME               DATA   AGE   TIER       APP     LABELS\ndb                 1      0s    backend    kubia   app=kubia,tier=backend\nkube-root-ca.crt   1      5m                       <none>\nplain              0      0s                       <none>\nweb                2      0s    frontend   kubia   app=kubia,tier=frontend\n',
    );
  });
  it('--no-headers', async () => {
    const c = await cluster();
    expect(await c.ok('get cm --no-headers')).toBe('db                 1     0s\nkube-root-ca.crt   1     5m\nplain              0     0s\nweb                2     0s\n');
  });
  it('several types: kind prefixes, one blank line between groups, none with --no-headers', async () => {
    const c = await cluster();
    expect(await c.ok('get cm,ns')).toBe(
      'NAME                         DATA   AGE\nconfigmap/db                 1      0s\nconfigmap/kube-root-ca.crt   1      5m\nconfigmap/plain              0      0s\nconfigmap/web                2      0s\n\n' +
        'NAME                           STATUS   AGE\nnamespace/default              Active   5m\nnamespace/kube-node-lease      Active   5m\nnamespace/kube-public          Active   5m\nnamespace/kube-system          Active   5m\nnamespace/local-path-storage   Active   5m\nnamespace/other                Active   0s\n',
    );
    expect(await c.ok('get cm/web ns/other --no-headers')).toBe('configmap/web   2     0s\nnamespace/other   Active   0s\n');
  });
  it('one type never gets the prefix; missing names print after the table', async () => {
    const c = await cluster();
    expect(await c.run('get cm web nope')).toEqual({
      stdout: 'NAME   DATA   AGE\nweb    2      0s\n',
      stderr: 'Error from server (NotFound): configmaps "nope" not found\n',
      exitCode: 1,
    });
  });
  it('get all in a namespace with only the kubernetes service', async () => {
    const c = new TestCluster();
    const out = await c.ok('get all');
    expect(out.split('\n')[0]).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/);
    expect(out).toMatch(/^service\/kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s+5m$/m);
    expect(await c.run('get all -n empty')).toEqual({ stdout: '', stderr: 'No resources found in empty namespace.\n', exitCode: 0 });
  });
  it('get svc,cm prefixes both groups', async () => {
    const c = await cluster();
    const out = await c.ok('get svc,cm');
    expect(out).toMatch(/^service\/kubernetes\s/m);
    expect(out).toContain('\n\nNAME                         DATA   AGE\nconfigmap/db                 1      0s\n');
  });
});

describe('-o formats', () => {
  it('name', async () => {
    const c = await cluster();
    expect(await c.ok('get cm/db cm/web ns/other -o name')).toBe('configmap/db\nconfigmap/web\nnamespace/other\n');
    expect(await c.ok('get cm,ns -o name')).toContain('configmap/web\nnamespace/default\n');
    expect(await c.run('get cm -n empty -o name')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('yaml: one object bare, several in a List; strings quoted as go-yaml does', async () => {
    const c = await cluster();
    const uid = await c.ok('get cm db -o jsonpath={.metadata.uid}');
    const rv = await c.ok('get cm db -o jsonpath={.metadata.resourceVersion}');
    expect(await c.ok('get cm db -o yaml')).toBe(
      [
        'apiVersion: v1',
        'data:',
        '  a: "1"',
        'kind: ConfigMap',
        'metadata:',
        '  creationTimestamp: "2026-11-21T22:50:00Z"',
        '  labels:',
        '    app: kubia',
        '    tier: backend',
        '  name: db',
        '  namespace: default',
        `  resourceVersion: "${rv}"`,
        `  uid: ${uid}`,
        '',
      ].join('\n'),
    );
    expect(await c.ok('get cm -n empty -o yaml')).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
    expect((await c.ok('get cm -o yaml')).split('\n').slice(0, 3)).toEqual(['apiVersion: v1', 'items:', '- apiVersion: v1']);
  });

  it('json', async () => {
    const c = await cluster();
    const out = await c.ok('get cm plain -o json');
    expect(out.startsWith('{\n    "apiVersion": "v1",\n    "kind": "ConfigMap",\n    "metadata": {\n        "creationTimestamp": "2026-11-21T22:50:00Z",\n')).toBe(true);
    expect(await c.ok('get cm -n empty -o json')).toBe('{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n');
  });

  it.each([
    ['get cm web -o jsonpath={.metadata.name}', 'web'],
    ["get cm -o jsonpath='{.items[*].metadata.name}'", 'db kube-root-ca.crt plain web'],
    [`get cm -l app -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.data}{"\\n"}{end}'`, 'db\t{"a":"1"}\nweb\t{"a":"1","b":"2"}\n'],
    ["get cm web -o jsonpath='{.metadata.labels}'", '{"app":"kubia","tier":"frontend"}'],
    ["get cm web -o jsonpath='name: {.metadata.name}\\n'", 'name: web\\n'],
    ["get cm web -o jsonpath='{.metadata.missing}'", ''],
    [`get cm -o jsonpath='{.items[?(@.metadata.labels.tier=="backend")].metadata.name}'`, 'db'],
    ["get cm -o jsonpath='{.items[-1].metadata.name} {.items[0:2].metadata.name}'", 'web db kube-root-ca.crt'],
    ["get nodes -o jsonpath='{..kubeletVersion}'", 'v1.32.0 v1.32.0 v1.32.0'],
    ["get nodes -o jsonpath='{.items[0].metadata.labels.kubernetes\\.io/hostname}'", 'kind-control-plane'],
    [`get nodes -o jsonpath='{.items[*].status.addresses[?(@.type=="InternalIP")].address}'`, '172.18.0.2 172.18.0.3 172.18.0.4'],
    ["get nodes -o jsonpath='{.items[*].spec.taints}'", '[{"effect":"NoSchedule","key":"node-role.kubernetes.io/control-plane"}]'],
    ["get nodes -o jsonpath='{.kind} {.apiVersion}'", 'List v1'],
    ["get nodes -o jsonpath='{range .items[*]}{.metadata.name}'", 'kind-control-planekind-workerkind-worker2'],
    ["get nodes -o jsonpath-as-json='{.items[*].metadata.name}'", '[\n    "kind-control-plane",\n    "kind-worker",\n    "kind-worker2"\n]\n'],
    ["get cm -n empty -o jsonpath='{.items[*].metadata.name}'", ''],
  ])('%s', async (line, stdout) => {
    const c = await cluster();
    expect(await c.run(line)).toEqual({ stdout, stderr: '', exitCode: 0 });
  });

  it.each([
    ["get nodes -o jsonpath='{.items[0].metadata.name'", 'error: error parsing jsonpath {.items[0].metadata.name, unclosed action\n'],
    ['get nodes -o jsonpath', 'error: template format specified but no template given\n'],
    ["get nodes -o jsonpath='{.items[0].metadata.labels[kubernetes.io/os]}'", 'error: error parsing jsonpath {.items[0].metadata.labels[kubernetes.io/os]}, invalid array index kubernetes.io/os\n'],
    ['get nodes -o custom-columns=NAME', 'error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n'],
    ['get nodes -o custom-columns=', 'error: custom-columns format specified but no custom columns given\n'],
    ['get cm --sort-by=.metadata.nope -o name', 'error: couldn\'t find any field with path "{.metadata.nope}" in the list of objects\n'],
    // kubectl's lexer names a character it does not know as Go's %#U; filters have no `=~` and no `!` but `!=`.
    ["get nodes -o jsonpath='{{}'", "error: error parsing jsonpath {{}, unrecognized character in action: U+007B '{'\n"],
    [`get nodes -o jsonpath='{.items[?(@.kind=~"N.*")]}'`, `error: error parsing jsonpath {.items[?(@.kind=~"N.*")]}, unrecognized character in action: U+007E '~'\n`],
    ["get nodes -o jsonpath='{.items[?(!@.x)]}'", "error: error parsing jsonpath {.items[?(!@.x)]}, unrecognized character in action: U+0021 '!'\n"],
    // An unquoted {"\n"} reaches kubectl as {\n}: no newline, a parse error.
    ['get nodes -o jsonpath={.kind}{"\\n"}', "error: error parsing jsonpath {.kind}{\\n}, unrecognized character in action: U+005C '\\'\n"],
  ])('%s', async (line, stderr) => {
    const c = await cluster();
    expect(await c.run(line)).toEqual({ stdout: '', stderr, exitCode: 1 });
  });

  it("jsonpath reads an object's own fields only, and refuses a bare word when it runs", async () => {
    const c = await cluster();
    expect(await c.run(`get cm web -o jsonpath='{.metadata.constructor}{.data.toString}{..hasOwnProperty}{.data["__proto__"]}'`)).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(await c.run(`get cm web -o jsonpath='{.data[?(@.x!="y")]}{.metadata.name}'`)).toEqual({ stdout: 'web', stderr: '', exitCode: 0 });
    const r = await c.run("get cm web -o jsonpath='{.metadata.name b}'");
    expect([r.stdout, r.stderr.split('\n')[0], r.exitCode]).toEqual(['', 'error: error executing jsonpath "{.metadata.name b}": Error executing template: unrecognized identifier b. Printing more information for debugging the template:', 1]);
  });

  it('jsonpath index out of range reports the template and the object', async () => {
    const c = await cluster();
    const r = await c.run("get cm -o jsonpath='{.items[5].metadata.name}'");
    // Four config maps: the three above and the cluster's kube-root-ca.crt.
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /^error: error executing jsonpath "\{\.items\[5\]\.metadata\.name\}": Error executing template: array index out of bounds: index 5, length 4\. Printing more information for debugging the template:\n\ttemplate was:\n\t\t\{\.items\[5\]\.metadata\.name\}\n\tobject given to jsonpath engine was:\n\t\tmap\[string\]interface \{\}\{"apiVersion":"v1", "items":\[\]interface \{\}\{map\[string\]interface \{\}\{"apiVersion":"v1", "data":map\[string\]interface \{\}\{"a":"1"\}, /,
    );
    expect(r.stderr.endsWith('"kind":"List", "metadata":map[string]interface {}{"resourceVersion":""}}\n\n\n')).toBe(true);
  });

  it('custom-columns and custom-columns-file', async () => {
    const c = await cluster();
    expect(await c.ok('get cm --field-selector metadata.name!=kube-root-ca.crt -o custom-columns=NAME:.metadata.name,DATA:.data,TIER:.metadata.labels.tier')).toBe(
      'NAME    DATA           TIER\ndb      map[a:1]       backend\nplain   <none>         <none>\nweb     map[a:1 b:2]   frontend\n',
    );
    expect(await c.ok('get nodes -o custom-columns=NAME:{.metadata.name},IP:.status.addresses[*].address --no-headers')).toBe(
      'kind-control-plane   172.18.0.2,kind-control-plane\nkind-worker          172.18.0.3,kind-worker\nkind-worker2         172.18.0.4,kind-worker2\n',
    );
    expect(await c.ok('get cm -n empty -o custom-columns=NAME:.metadata.name')).toBe('NAME\n');
    c.file('cols.txt', 'NAME   TAINTS\n.metadata.name   .spec.taints[*].effect\n');
    expect(await c.ok('get nodes -o custom-columns-file=cols.txt')).toBe(
      'NAME                 TAINTS\nkind-control-plane   NoSchedule\nkind-worker          <none>\nkind-worker2         <none>\n',
    );
  });

  it('custom-columns-file is read as kubectl reads it: two lines (more are ignored), its errors word for word', async () => {
    const c = await cluster();
    const usage = 'Expected format is one line of space separated headers, one line of space separated column specs.';
    const err = async (file: string) => c.run(`get cm -o custom-columns-file=${file}`);
    c.file('three.txt', 'NAME\n.metadata.name\nanything else\n');
    expect(await c.ok('get cm db -o custom-columns-file=three.txt')).toBe('NAME\ndb\n');
    c.file('crlf.txt', 'NAME  \r\n  .metadata.name\r\n');
    expect(await c.ok('get cm db -o custom-columns-file=crlf.txt')).toBe('NAME\ndb\n');
    c.file('empty.txt', '');
    expect(await err('empty.txt')).toEqual({ stdout: '', stderr: `error: invalid template, missing header line. ${usage}\n`, exitCode: 1 });
    c.file('one.txt', 'NAME\n');
    expect(await err('one.txt')).toEqual({ stdout: '', stderr: `error: invalid template, missing spec line. ${usage}\n`, exitCode: 1 });
    c.file('uneven.txt', 'NAME TYPE\n{.metadata.name}\n');
    expect((await err('uneven.txt')).stderr).toBe("error: number of headers (2) and field specifications (1) don't match\n");
    // A blank first line is the (empty) header line.
    c.file('blank.txt', '\nNAME\n.metadata.name\n');
    expect((await err('blank.txt')).stderr).toBe("error: number of headers (0) and field specifications (1) don't match\n");
    // A directory opens but reads nothing: kubectl's missing header line, no host error text.
    expect((await err('.')).stderr).toBe(`error: invalid template, missing header line. ${usage}\n`);
    expect((await err('nothere.txt')).stderr).toBe('error: error reading template nothere.txt, open nothere.txt: no such file or directory\n');
  });

  it('custom-columns: a line break inside a cell keeps later columns at least as wide (kubectl remembers widths)', async () => {
    const c = new TestCluster();
    c.file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  labels: {app: kubia}\ndata:\n  b.conf: |\n    hello\n    world\n  a: "1"\n');
    await c.ok('create -f cm.yaml');
    await c.ok('create cm empty');
    expect(await c.ok('get cm --field-selector metadata.name!=kube-root-ca.crt -o custom-columns=NAME:.metadata.name,DATA:.data,LABELS:.metadata.labels,K:.data.a')).toBe(
      'NAME   DATA   LABELS   K\ncfg    map[a:1 b.conf:hello\nworld\n]       map[app:kubia]   1\nempty   <none>           <none>   <none>\n',
    );
  });

  it('--sort-by', async () => {
    const c = await cluster();
    await c.ok('advance 1m');
    await c.ok('create cm aaa');
    expect(await c.ok('get cm --sort-by=.metadata.name -o name')).toBe('configmap/aaa\nconfigmap/db\nconfigmap/kube-root-ca.crt\nconfigmap/plain\nconfigmap/web\n');
    // kubectl counts a missing value as less than any other, even another missing one: insertion sort
    // (Go's sort.Sort on short lists) then moves each later missing one before the earlier ones.
    expect(await c.ok("get cm --sort-by='{.metadata.labels.tier}' -o name")).toBe('configmap/plain\nconfigmap/kube-root-ca.crt\nconfigmap/aaa\nconfigmap/db\nconfigmap/web\n');
    expect(await c.ok('get cm --sort-by=.metadata.creationTimestamp')).toBe(
      'NAME               DATA   AGE\nkube-root-ca.crt   1      6m\ndb                 1      60s\nplain              0      60s\nweb                2      60s\naaa                0      0s\n',
    );
  });

  it.each([
    ['get cm web -o go-template={{.metadata.name}}', 'web'],
    [`get cm -o go-template='{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}'`, 'db\nkube-root-ca.crt\nplain\nweb\n'],
    ["get cm web -o go-template='{{.metadata.labels}} {{.data}} {{.metadata.nope}}'", 'map[app:kubia tier:frontend] map[a:1 b:2] <no value>'],
    [`get cm web -o go-template='{{index .metadata.labels "tier"}}'`, 'frontend'],
    ["get cm -o go-template='{{range $i, $c := .items}}{{if $c.metadata.labels}}{{$i}}={{$c.metadata.name}} {{else}}-{{end}}{{end}}'", '0=db --3=web '],
    [`get cm -o go-template='{{- range .items -}} {{ printf "%s/%s;" .metadata.namespace .metadata.name }} {{- end -}}'`, 'default/db;default/kube-root-ca.crt;default/plain;default/web;'],
    [`get nodes -o go-template='{{range .items}}{{range .status.addresses}}{{if eq .type "InternalIP"}}{{.address}} {{end}}{{end}}{{end}}'`, '172.18.0.2 172.18.0.3 172.18.0.4 '],
    ["get nodes -o go-template --template='{{len .items}}'", '3'],
  ])('%s', async (line, stdout) => {
    const c = await cluster();
    expect(await c.run(line)).toEqual({ stdout, stderr: '', exitCode: 0 });
  });

  it('go-template errors', async () => {
    const c = await cluster();
    expect((await c.run("get cm web -o go-template='{{foo .x}}'")).stderr).toBe('error: error parsing template {{foo .x}}, template: output:1: function "foo" not defined\n');
  });

  it('an unknown format', async () => {
    const c = await cluster();
    expect((await c.run('get cm -o foo')).stderr).toBe(
      'error: unable to match a printer suitable for the output format "foo", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n',
    );
  });
});

describe('get -f', () => {
  it("shows the objects a manifest names, each type's table in file order; what is missing is an error (checked against kubectl 1.32)", async () => {
    const c = await cluster();
    c.file(
      'mixed.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nothere\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: elsewhere\n  namespace: other\n',
    );
    expect(await c.run('get -f mixed.yaml')).toEqual({
      stdout: 'NAME            DATA   AGE\nconfigmap/web   2      0s\n\nNAME              STATUS   AGE\nnamespace/other   Active   0s\n\nNAME                  DATA   AGE\nconfigmap/elsewhere   0      0s\n',
      stderr: 'Error from server (NotFound): configmaps "nothere" not found\n',
      exitCode: 1,
    });
    // Once one object is missing, kubectl's builder hands the printers nothing: only the error.
    expect(await c.run('get -f mixed.yaml -o name')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): configmaps "nothere" not found\n', exitCode: 1 });
    c.file('one.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: db\n');
    expect(await c.ok('get -f one.yaml')).toBe('NAME   DATA   AGE\ndb     1      0s\n');
    expect(await c.ok('get -f one.yaml -o jsonpath={.kind}')).toBe('ConfigMap');
    expect(await c.run('get -f one.yaml cm')).toEqual({ stdout: '', stderr: 'error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well\n', exitCode: 1 });
  });
});

describe('fully qualified types (resource.version.group)', () => {
  it("as the Deployments page writes them: deployment.v1.apps, pods.v1. for the core group; an unserved version names the resource (checked against kubectl 1.32)", async () => {
    const c = new TestCluster();
    await c.ok('create deployment nginx-deployment --image=nginx:1.14.2');
    expect(await c.ok('set image deployment.v1.apps/nginx-deployment nginx=nginx:1.16.1')).toBe('deployment.apps/nginx-deployment image updated\n');
    expect(await c.ok('get deployments.v1.apps/nginx-deployment -o name')).toBe('deployment.apps/nginx-deployment\n');
    expect(await c.ok('get services.v1. -o name')).toBe('service/kubernetes\n');
    expect(await c.run('get deployment.v1beta1.apps')).toEqual({ stdout: '', stderr: 'error: the server doesn\'t have a resource type "deployment"\n', exitCode: 1 });
    expect(await c.run('get cronjobs.v1beta1.batch')).toEqual({ stdout: '', stderr: 'error: the server doesn\'t have a resource type "cronjobs"\n', exitCode: 1 });
    expect(await c.run('get foo.v1.apps')).toEqual({ stdout: '', stderr: 'error: the server doesn\'t have a resource type "foo"\n', exitCode: 1 });
  });
});
