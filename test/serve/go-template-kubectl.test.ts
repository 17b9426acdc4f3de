/**
 * `-o go-template` against the real kubectl 1.32: the same templates, run by the real kubectl against
 * `kube-sim serve` and by kube-sim on the same state, give the same stdout, stderr and exit code
 * (valid templates, Go's execution and parse errors, printf verbs, lists, template files). Skipped,
 * visibly, where no kubectl 1.32 is installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { startServer } from '../../src/serve/server.js';
import { kubeconfigText } from '../../src/cli/commands/serve.js';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';
import { kubectl132, runKubectl } from '../cli/real-kubectl.js';

if (!kubectl132) console.warn('SKIPPED: test/serve/go-template-kubectl.test.ts needs a real kubectl 1.32 (none found)');

const dir = mkdtempSync(join(tmpdir(), 'kube-sim-gotemplate-'));
const statePath = join(dir, 'state.json');
const env: Record<string, string> = { KUBE_SIM_CLOCK: 'virtual' };
let server: Server | undefined;
let kubeconfig = '';

const sim = (argv: string[]) => runCaptured(argv, { store: new FileStore(statePath, () => undefined), env, cwd: dir });

/** Templates over pod `bb`: valid ones, and ones Go refuses while parsing or executing. */
const POD_TEMPLATES = [
  '{{.metadata.name}} {{.spec.terminationGracePeriodSeconds}} {{.spec.priority}} {{.metadata.labels}}',
  '{{.metadata.name.x.y}}',
  '{{.spec.containers.name}}',
  '{{(index .status.conditions 0).lastProbeTime}}|{{(index .status.conditions 0).lastProbeTime.x}}',
  '{{len .status.conditions}}{{len (index .status.conditions 0).lastProbeTime}}',
  '{{range 5}}x{{end}}',
  '{{index .metadata.labels "run" "x"}}',
  '{{index .spec.containers 1}}',
  '{{eq .metadata.labels .spec.containers}}',
  '{{eq .spec.priority 0}} {{eq 1 1}} {{eq (index "abc" 0) 97}}',
  '{{eq 1 1.0}}',
  '{{lt .spec 1}}',
  '{{and}}',
  '{{not 1 2}}',
  '{{base64decode "!!"}}',
  '{{base64decode "YQ=="}}{{base64decode "YQ="}}',
  '{{base64decode "YWJj====="}}',
  '{{exists . "spec" "containers" 0 "name"}} {{exists . "status" "conditions" 0 "lastProbeTime"}} {{exists "abc" 1}}',
  '{{slice .spec.containers 0 1}} {{slice .spec.tolerations 0 2 2}}',
  '{{slice .spec.tolerations 0 3}}',
  '{{html "<a&\\"\'>"}} {{js "<a&=\\"\'\\\\"}} {{urlquery "a b&c!*()~é"}}',
  '{{call .nope}}',
  '{{define "t"}}[{{.}}]{{end}}{{template "t" .metadata.name}}{{block "y" 1}}<{{.}}>{{end}}',
  '{{define "x"}}{{.metadata.name.z}}{{end}}{{template "x" .}}',
  '{{define "x"}}{{template "x"}}{{end}}{{template "x"}}',
  '{{print 1 2 "a" 3 .nope nil}}|{{println 1 "a"}}|{{printf "%d" .metadata.name}}|{{.x | len | printf "%s"}}',
  '{{printf "%v %s %d %T" .spec.containers .status.podIP .spec.tolerations .spec.priority}}',
  '{{printf "%08.3f|%-5d|%+d|% d|%x|%X|%#x|%#o|%b|%e|%g|%.3g|%c|%q|%U" 3.14159 42 5 5 "hello" "hi" 255 8 5 1234.5678 1e-7 123456.0 9731 65 9731}}',
  '{{printf "%d %d" 1}} {{printf "%d" 1 2}} {{printf "%z" 1}} {{printf "%!"}} {{printf "%[2]d %[1]d" 1 2}} {{printf "%*d|%.*f" 5 1 2 3.14159}}',
  '{{1e6}} {{1.5}} {{1e21}} {{123456789.0}} {{0.00001}} {{printf "%.1f %.0f %x" 5.25 0.5 3.5}}',
  '{{with .nope}}x{{else with .metadata.name}}{{.}}{{end}} {{if 0}}a{{else if 1}}b{{end}}',
  '{{range .spec.containers}}{{.name}}{{break}}{{end}} {{range $i, $t := .spec.tolerations}}{{if eq $i 0}}{{continue}}{{end}}{{$i}}={{$t.key}}{{end}}',
  '{{range $k, $v := .metadata.labels}}{{$k}}={{$v}}{{end}} {{range .nope}}a{{else}}b{{end}} {{$x := 1}}{{$x = 2}}{{$x}}',
  'a  {{- /* comment */ -}}  b {{- .metadata.name -}} \n c',
  'a\nb\n{{.metadata.name.x}}',
  '{{.metadata.name | 5}}',
  '{{foo}}',
  '{{if .a}}\n\n{{end',
  '{{range .a}}{{else if 1}}{{end}}',
  '{{.metadata..name}}',
  '{{(}}',
  '{{99999999999999999999}}',
  '{{9223372036854775807}} {{0x1F}} {{\'a\'}} {{1_000}}',
  '{{/* x */ }}',
  '{{"\\u00e9\\U0001F600\\x41\\101\\a"}} {{\'\\\'\'}} {{\'\\x41\'}} {{\'é\'}} {{0b101}} {{0o17}} {{017}} {{0x1p4}} {{.5}}',
  '{{08}}',
  '{{1__0}}',
  '{{3-}}',
  '{{printf "%q %+q %#q %x % X" "日本\\t" "日本" "a\\tb" "日本" "ab"}} {{exists .nope}} {{exists 5}}',
  '{{printf "%.2d|%5.3d|%-+5d|% 05d|%e|%.0e|%G|%f|%.3f|%10.2f|" 5 7 3 42 1e10 15.0 1e21 1e21 -0.0005 3.14159}}',
  '{{$nope}}',
];

describe.skipIf(!kubectl132)('go-template: the real kubectl 1.32 and kube-sim print the same', () => {
  beforeAll(async () => {
    for (const line of ['run bb --image=busybox -- sleep 3600', 'create cm web --from-literal=a=1', 'create service clusterip web --tcp=80:8080']) {
      expect((await sim(line.split(' '))).exitCode).toBe(0);
    }
    writeFileSync(join(dir, 't.tpl'), '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}{{.items.x}}');
    const started = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir }, { state: statePath }, { port: 0 });
    server = started.server;
    kubeconfig = join(dir, 'kubeconfig.yaml');
    writeFileSync(kubeconfig, kubeconfigText(started.port));
  });
  afterAll(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const both = async (argv: string[]) => {
    const real = await runKubectl(kubectl132!, ['--kubeconfig', kubeconfig, ...argv], { HOME: join(dir, 'home') }, dir);
    const ours = await sim(argv);
    expect({ stdout: ours.stdout, stderr: ours.stderr, exitCode: ours.exitCode }).toEqual(real);
  };

  it.each(POD_TEMPLATES)('get po bb -o go-template=%s', (template) => both(['get', 'po', 'bb', '-o', `go-template=${template}`]));

  it.each([
    [['get', 'svc', 'web', '-o', 'go-template={{range .spec.ports}}{{.port}} {{printf "%d %T" .targetPort .port}}{{end}}']],
    [['get', 'cm', '-o', 'template', '--template', '{{range .items}}{{.metadata.name}};{{end}}{{.items.x}}']],
    [['get', 'po,cm', '-o', 'go-template-file=t.tpl']],
    [['get', 'cm', '-o', 'templatefile=nope.tpl']],
    [['get', 'cm', '-o', 'go-template-file=.']],
    [['get', 'cm', '-o', 'go-template']],
    [['create', 'cm', 'z', '--from-literal=a=1', '--dry-run=client', '-o', 'go-template={{.metadata.name}}{{.data.a.x}}']],
    [['run', 'q', '--image=nginx', '--dry-run=client', '-o', 'go-template={{.metadata.name}}{{.spec.containers.x}}']],
    [['get', 'cm', 'web', '--allow-missing-template-keys=false', '-o', 'go-template={{.data.a}} {{index .data "zz"}} {{.metadata.nope.x}}']],
    [['get', 'po', 'bb', '--allow-missing-template-keys=false', '-o', 'go-template={{range .spec.containers}}{{.nope}}{{end}}']],
  ])('%j', (argv) => both(argv));
});
