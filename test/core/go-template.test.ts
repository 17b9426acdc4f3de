/**
 * `-o go-template` as kubectl 1.32 runs it: Go's text/template (builtins, named templates, break and
 * continue, variables, trim markers) with kubectl's base64decode and exists, Go's fmt for values and
 * printf verbs, and kubectl's output when a template fails (partial output and a debugging block on
 * stdout, the error on stderr, exit 1). Every expected text here was produced by the real kubectl
 * 1.32 against `kube-sim serve` (test/serve/go-template-kubectl.test.ts repeats a set of them live).
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';

/** A config map `web` (data a=1) and a ClusterIP service `web` (port 80 -> 8080). */
async function cluster(): Promise<TestCluster> {
  const c = new TestCluster();
  await c.ok('create cm web --from-literal=a=1');
  await c.ok('create service clusterip web --tcp=80:8080');
  return c;
}

const tpl = (c: TestCluster, template: string, kind = 'cm') => c.runArgv(['get', kind, 'web', '-o', `go-template=${template}`]);

/** The config map as kubectl's debugging block shows it: its JSON, then Go's %+v of the decoded map. */
const CM_RAW =
  '{"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"creationTimestamp":"2026-11-21T22:50:00Z","managedFields":[{"apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:a":{}}},"manager":"kubectl-create","operation":"Update","time":"2026-11-21T22:50:00Z"}],"name":"web","namespace":"default","resourceVersion":"419","uid":"1ee793bb-eb95-4569-88af-2114f246ffba"}}';
const CM_GO =
  'map[apiVersion:v1 data:map[a:1] kind:ConfigMap metadata:map[creationTimestamp:2026-11-21T22:50:00Z managedFields:[map[apiVersion:v1 fieldsType:FieldsV1 fieldsV1:map[f:data:map[.:map[] f:a:map[]]] manager:kubectl-create operation:Update time:2026-11-21T22:50:00Z]] name:web namespace:default resourceVersion:419 uid:1ee793bb-eb95-4569-88af-2114f246ffba]]';

/** kubectl's result for a template that fails while executing over the config map. */
function failed(template: string, err: string, before = '') {
  return {
    stdout: `${before}Error executing template: ${err}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${template}\n\traw data was:\n\t\t${CM_RAW}\n\tobject given to template engine was:\n\t\t${CM_GO}\n\n`,
    stderr: `error: error executing template ${JSON.stringify(template)}: ${err}\n`,
    exitCode: 1,
  };
}

describe('execution errors print the partial output and the debugging block, then the error', () => {
  it.each<[string, string, string?]>([
    ['{{.metadata.name}} {{.metadata.name.x.y}}', 'template: output:1:30: executing "output" at <.metadata.name.x.y>: can\'t evaluate field x in type interface {}', 'web '],
    ['{{.metadata.managedFields.manager}}', 'template: output:1:11: executing "output" at <.metadata.managedFields.manager>: can\'t evaluate field manager in type interface {}'],
    ['{{range 5}}x{{end}}', 'template: output:1:8: executing "output" at <5>: range can\'t iterate over 5'],
    ['{{range .metadata.name}}{{.}}{{end}}', 'template: output:1:17: executing "output" at <.metadata.name>: range can\'t iterate over web'],
    ['{{index .data "a" "x"}}', 'template: output:1:2: executing "output" at <index .data "a" "x">: error calling index: cannot index slice/array with type string'],
    ['{{index 5 1}}', 'template: output:1:2: executing "output" at <index 5 1>: error calling index: can\'t index item of type int'],
    ['{{index .metadata.managedFields 1}}', 'template: output:1:2: executing "output" at <index .metadata.managedFields 1>: error calling index: reflect: slice index out of range'],
    ['{{index .metadata.managedFields 2}}', 'template: output:1:2: executing "output" at <index .metadata.managedFields 2>: error calling index: index out of range: 2'],
    ['{{eq .metadata.name 5}}', 'template: output:1:2: executing "output" at <eq .metadata.name 5>: error calling eq: incompatible types for comparison'],
    ['{{eq .data .data}}', 'template: output:1:2: executing "output" at <eq .data .data>: error calling eq: non-comparable type map[a:1]: map[string]interface {}'],
    ['{{lt .data 1}}', 'template: output:1:2: executing "output" at <lt .data 1>: error calling lt: invalid type for comparison'],
    ['{{and}}', 'template: output:1:2: executing "output" at <and>: wrong number of args for and: want at least 1 got 0'],
    ['{{not 1 2}}', 'template: output:1:2: executing "output" at <not>: wrong number of args for not: want 1 got 2'],
    ['{{base64decode "!!"}}', 'template: output:1:2: executing "output" at <base64decode "!!">: error calling base64decode: base64 decode failed: illegal base64 data at input byte 0'],
    ['{{base64decode 5}}', 'template: output:1:15: executing "output" at <5>: expected string; found 5'],
    ['{{base64decode .nope}}', 'template: output:1:15: executing "output" at <.nope>: invalid value; expected string'],
    ['{{len .nope}}', 'template: output:1:2: executing "output" at <len .nope>: error calling len: reflect: call of reflect.Value.Type on zero Value'],
    ['{{len 5}}', 'template: output:1:2: executing "output" at <len 5>: error calling len: len of type int'],
    ['{{call .metadata.name}}', 'template: output:1:2: executing "output" at <call .metadata.name>: error calling call: non-function .metadata.name of type string'],
    ['{{slice .metadata.name 2 1}}', 'template: output:1:2: executing "output" at <slice .metadata.name 2 1>: error calling slice: invalid slice index: 2 > 1'],
    ['{{nil}}', 'template: output:1:2: executing "output" at <nil>: nil is not a command'],
    ['{{.metadata.name 1}}', 'template: output:1:11: executing "output" at <.metadata.name>: name is not a method but has arguments'],
    ['{{template "nope"}}', 'template: output:1:11: executing "output" at <{{template "nope"}}>: template "nope" not defined'],
    ['{{define "t"}}[{{.x}}]{{end}}{{template "t" .metadata.name}}', 'template: output:1:17: executing "t" at <.x>: can\'t evaluate field x in type string', '['],
    ['{{define "x"}}{{template "x"}}{{end}}{{template "x"}}', 'template: output:1:25: executing "x" at <{{template "x"}}>: exceeded maximum template depth (100000)'],
    ['a\nb{{with .data}}\n{{.a.b}}{{end}}', 'template: output:3:4: executing "output" at <.a.b>: can\'t evaluate field b in type interface {}', 'a\nb\n'],
  ])('%s', async (template, err, before) => {
    const c = await cluster();
    expect(await tpl(c, template)).toEqual(failed(template, err, before));
  });

  it('over a List the block shows the List; --template and -o template work the same', async () => {
    const c = await cluster();
    const r = await c.runArgv(['get', 'cm', '-o', 'template', '--template', '{{range .items}}{{.metadata.name}};{{end}}{{.items.x}}']);
    expect(r.stdout).toMatch(/^kube-root-ca\.crt;web;Error executing template: template: output:1:50: executing "output" at <\.items\.x>: can't evaluate field x in type interface \{\}\. Printing more information for debugging the template:\n\ttemplate was:\n\t\t\{\{range \.items\}\}\{\{\.metadata\.name\}\};\{\{end\}\}\{\{\.items\.x\}\}\n\traw data was:\n\t\t\{"apiVersion":"v1","items":\[/);
    expect(r.stdout).toContain('\n\tobject given to template engine was:\n\t\tmap[apiVersion:v1 items:[map[apiVersion:v1 data:map[ca.crt:');
    expect(r.stderr).toBe('error: error executing template "{{range .items}}{{.metadata.name}};{{end}}{{.items.x}}": template: output:1:50: executing "output" at <.items.x>: can\'t evaluate field x in type interface {}\n');
    expect(r.exitCode).toBe(1);
  });
});

describe('a typed object kubectl built itself (client-side dry run)', () => {
  it('shows its JSON in Go struct order in the debugging block', async () => {
    const c = await cluster();
    const template = '{{.metadata.name}}{{.data.a.x}}';
    const err = 'template: output:1:25: executing "output" at <.data.a.x>: can\'t evaluate field x in type interface {}';
    expect(await c.runArgv(['create', 'cm', 'z', '--from-literal=a=1', '--dry-run=client', '-o', `go-template=${template}`])).toEqual({
      stdout:
        `zError executing template: ${err}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${template}\n` +
        '\traw data was:\n\t\t{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"z","creationTimestamp":null},"data":{"a":"1"}}\n' +
        '\tobject given to template engine was:\n\t\tmap[apiVersion:v1 data:map[a:1] kind:ConfigMap metadata:map[creationTimestamp:<nil> name:z]]\n\n',
      stderr: `error: error executing template ${JSON.stringify(template)}: ${err}\n`,
      exitCode: 1,
    });
  });
});

describe('parse errors', () => {
  it.each([
    ['{{foo .x}}', 'template: output:1: function "foo" not defined'],
    ['{{upper "a"}}', 'template: output:1: function "upper" not defined'],
    ['a\n{{if}}', 'template: output:2: missing value for if'],
    ['{{if .a}}\n\n{{end', 'template: output:3: unclosed action'],
    ['{{end}}', 'template: output:1: unexpected {{end}}'],
    ['{{if 1}}', 'template: output:1: unexpected EOF'],
    ['{{break}}', 'template: output:1: {{break}} outside {{range}}'],
    ['{{.metadata.name | 5}}', 'template: output:1: non executable command in pipeline stage 2'],
    ['{{$x}}', 'template: output:1: undefined variable "$x"'],
    ['{{if $y := 1}}{{end}}{{$y}}', 'template: output:1: undefined variable "$y"'],
    ['{{.metadata..name}}', 'template: output:1: unexpected <.> in operand'],
    ['{{(}}', 'template: output:1: unclosed left paren'],
    ['{{"a".b}}', 'template: output:1: unexpected . after term "\\"a\\""'],
    ['{{1a}}', 'template: output:1: bad number syntax: "1a"'],
    ['{{99999999999999999999}}', 'template: output:1: integer overflow: "99999999999999999999"'],
    ['{{/* x */ }}', 'template: output:1: comment ends before closing delimiter'],
    ['{{range $i, $e, $f := .a}}{{end}}', 'template: output:1: too many declarations in range'],
  ])('%s', async (template, err) => {
    const c = await cluster();
    expect(await tpl(c, template)).toEqual({ stdout: '', stderr: `error: error parsing template ${template}, ${err}\n`, exitCode: 1 });
  });
});

describe('valid templates print what Go prints', () => {
  it.each([
    // Numbers: whole JSON numbers are int64, literals int or float64; %v of a float is %g.
    ['{{range .spec.ports}}{{.port}} {{printf "%d %T %v" .targetPort .port 1.5}}{{end}}', 'svc', '80 8080 int64 1.5'],
    ['{{1e6}} {{123456.0}} {{1234567.0}} {{0.00001}} {{1e21}} {{-1.5}} {{0x1F}} {{\'a\'}} {{1_000}}', 'cm', '1e+06 123456 1.234567e+06 1e-05 1e+21 -1.5 31 97 1000'],
    ['{{printf "%d" .metadata.name}} {{.data | len | printf "%s"}} {{printf "%d %d" 1}} {{printf "%d" 1 2}}', 'cm', '%!d(string=web) %!s(int=1) 1 %!d(MISSING) 1%!(EXTRA int=2)'],
    ['{{printf "%5.2f|%-5d|%+d|%x|%X|%#x|%o|%b|%q|%c|%U|%e|%g|%08.3f" 3.14159 42 5 "hi" 255 255 8 5 "q" 65 9731 1234.5678 1e-7 -3.5}}', 'cm', ' 3.14|42   |+5|6869|FF|0xff|10|101|"q"|A|U+2603|1.234568e+03|1e-07|-003.500'],
    ['{{printf "%.1f %.0f %.2f %x" 5.25 0.5 1.005 3.5}}', 'cm', '5.2 0 1.00 0x1.cp+01'],
    ['{{printf "%[2]d %[1]d|%*d|%.*f|%[3]d" 1 2 3 4 2 3.14159}}', 'cm', '2 1| 3|%!f(int=0002)|3'],
    ['{{printf "%v|%s|%q|%#v" .data .data .data .data}}', 'cm', 'map[a:1]|map[a:1]|map["a":"1"]|map[string]interface {}{"a":"1"}'],
    ['{{printf "%s %d %v %T" .nope .nope .nope .nope}} {{print 1 2 "a" 3 .nope nil}}|{{println 1 "a"}}|', 'cm', '%!s(<nil>) %!d(<nil>) <nil> <nil> 1 2a3 <nil> <nil>|1 a\n|'],
    ['{{.metadata.nope}} {{.data}} {{.metadata.managedFields}}', 'cm', '<no value> map[a:1] [map[apiVersion:v1 fieldsType:FieldsV1 fieldsV1:map[f:data:map[.:map[] f:a:map[]]] manager:kubectl-create operation:Update time:2026-11-21T22:50:00Z]]'],
    // Builtins.
    ['{{slice .metadata.name 1}} {{slice .metadata.name 0 1}} {{index .metadata.name 1}} {{len .metadata.name}} {{index .data "a"}} {{index .data "b"}}', 'cm', 'eb w 101 3 1 <no value>'],
    ['{{html "<a&\\"\'>"}} {{js "<a&=\\"\'\\\\"}} {{urlquery "a b&c!*()~"}} {{html .nope}}', 'cm', '&lt;a&amp;&#34;&#39;&gt; \\u003Ca\\u0026\\u003D\\"\\\'\\\\ a+b%26c%21%2A%28%29~ &lt;no value&gt;'],
    ['{{eq .metadata.name "x" "web"}} {{ne 1 2}} {{lt 1 2}} {{le 2 2}} {{gt "b" "a"}} {{ge 1 2}} {{eq .nope .nope}} {{eq .nope 1}}', 'cm', 'true true true true true false true false'],
    ['{{and 1 0}} {{and 1 2}} {{or .nope "default"}} {{or 0 ""}} {{not .nope}} {{and 0 (index 5 1)}} {{.metadata.name | or 0}}', 'cm', '0 2 default  true 0 web'],
    ['{{base64decode "aGk="}} {{exists . "data" "a"}} {{exists . "data" "b"}} {{exists .metadata.managedFields 0}}', 'cm', 'hi true false true'],
    // Control structures and variables.
    ['{{with .nope}}x{{else with .metadata.name}}[{{.}}]{{end}} {{with .nope}}x{{else}}y{{end}} {{if 0}}a{{else if 0}}b{{else if 1}}c{{end}}', 'cm', '[web] y c'],
    ['{{range $k, $v := .metadata.managedFields}}{{$k}}:{{$v.manager}}{{end}} {{range $k, $v := .data}}{{$k}}={{$v}}{{end}} {{range .nope}}a{{else}}b{{end}}', 'cm', '0:kubectl-create a=1 b'],
    ['{{range .spec.ports}}{{if eq .port 80}}{{continue}}{{end}}x{{end}}{{range .spec.ports}}{{break}}x{{end}}y', 'svc', 'y'],
    ['{{$x := .metadata.name}}{{$x = "y"}}{{$x}} {{$.kind}} {{range .metadata.managedFields}}{{$.metadata.name}}{{end}}', 'cm', 'y ConfigMap web'],
    ['a  {{- /* a comment */ -}}  b {{- .metadata.name -}} \n c', 'cm', 'abwebc'],
    ['{{define "t"}}<{{.}}>{{end}}{{template "t" .metadata.name}}{{block "b" 1}}[{{.}}]{{end}}{{template "b" 2}}', 'cm', '<web>[1][2]'],
    ['{{(index .metadata.managedFields 0).manager}} {{(.data).a}} {{`raw\\n`}}', 'cm', 'kubectl-create 1 raw\\n'],
  ])('%s', async (template, kind, out) => {
    const c = await cluster();
    expect(await tpl(c, template, kind)).toEqual({ stdout: out, stderr: '', exitCode: 0 });
  });
});

describe('--allow-missing-template-keys', () => {
  it('=false makes a missing key an error (missingkey=error); an invalid value is refused as pflag refuses it', async () => {
    const c = await cluster();
    const get = (flag: string, template: string) => c.runArgv(['get', 'cm', 'web', flag, '-o', `go-template=${template}`]);
    expect(await get('--allow-missing-template-keys=false', '{{.data.a}} {{index .data "zz"}} {{.metadata.nope.x}}')).toEqual(
      failed('{{.data.a}} {{index .data "zz"}} {{.metadata.nope.x}}', 'template: output:1:44: executing "output" at <.metadata.nope.x>: map has no entry for key "nope"', '1 <no value> '),
    );
    expect(await get('--allow-missing-template-keys=0', '{{with .metadata}}{{.nope}}{{end}}')).toEqual(
      failed('{{with .metadata}}{{.nope}}{{end}}', 'template: output:1:20: executing "output" at <.nope>: map has no entry for key "nope"'),
    );
    expect(await get('--allow-missing-template-keys', '{{.nope}}')).toEqual({ stdout: '<no value>', stderr: '', exitCode: 0 });
    expect(await get('--allow-missing-template-keys=maybe', '{{.nope}}')).toEqual({
      stdout: '',
      stderr: 'error: invalid argument "maybe" for "--allow-missing-template-keys" flag: strconv.ParseBool: parsing "maybe": invalid syntax\nSee \'kubectl get --help\' for usage.\n',
      exitCode: 1,
    });
  });
});

describe('template files', () => {
  it('-o go-template-file and templatefile read the file; a missing file or a directory is refused as kubectl refuses it', async () => {
    const c = await cluster();
    c.file('t.tpl', '{{range .items}}{{.metadata.name}}\n{{end}}');
    expect(await c.run('get cm -o go-template-file=t.tpl')).toEqual({ stdout: 'kube-root-ca.crt\nweb\n', stderr: '', exitCode: 0 });
    expect(await c.run('get cm -o templatefile --template t.tpl')).toEqual({ stdout: 'kube-root-ca.crt\nweb\n', stderr: '', exitCode: 0 });
    expect(await c.run('get cm -o go-template-file=nope.tpl')).toEqual({ stdout: '', stderr: 'error: error reading --template nope.tpl, open nope.tpl: no such file or directory\n', exitCode: 1 });
    expect(await c.run('get cm -o go-template-file=.')).toEqual({ stdout: '', stderr: 'error: error reading --template ., read .: is a directory\n', exitCode: 1 });
  });
});
