/**
 * The real kubectl's `explain` over serve's OpenAPI v3 documents prints what `kube-sim explain` prints,
 * byte for byte, exit code included: built-in kinds (fields, lists, maps, enums, IntOrString, Quantity,
 * Time, --recursive, --api-version), a CRD's kind, and the errors. Also the document's caching contract
 * (hash, 301 to the current hash, immutable caching headers) and that validation through --validate still
 * finds the fieldValidation parameter. Skipped, visibly, where no kubectl is installed.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { startServer } from '../../src/serve/server.js';
import { kubeconfigText } from '../../src/cli/commands/serve.js';
import { runCaptured } from '../../src/cli/main.js';
import { FileStore } from '../../src/store/store.js';
import { kubectlFor, startKubectl } from './kubectl-bin.js';

const hasKubectl = kubectlFor('test/serve/explain-kubectl.test.ts');
const dir = mkdtempSync(join(tmpdir(), 'kube-sim-explain-'));
const statePath = join(dir, 'state.json');
const env: Record<string, string> = {};
let server: Server | undefined;
let port = 0;
let kubeconfig = '';

const sim = (args: string[]) => runCaptured(args, { store: new FileStore(statePath, () => undefined), env, cwd: dir });
const kubectl = (args: string[]) => startKubectl(kubeconfig, join(dir, 'home'), args).done;

const WIDGETS = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        description: Widget is a test kind with a description long enough to be wrapped by the explain template at seventy-six characters.
        type: object
        properties:
          spec:
            description: The desired widget.
            type: object
            required: [size]
            properties:
              size: {description: How big the widget is., type: integer}
              color: {description: Its color., type: string, enum: [red, green, blue, "", yellow]}
              parts:
                description: The parts it is made of.
                type: array
                items:
                  description: One part.
                  type: object
                  properties:
                    name: {type: string}
                    weight: {type: number}
              labels: {type: object, additionalProperties: {type: string}}
          status: {type: object, x-kubernetes-preserve-unknown-fields: true}
`;

/** kubectl explain's arguments: every kind of output and error the template has. */
const CASES = [
  'pods',
  'pods.spec',
  'pods.spec.containers',
  'pods.spec.containers.ports',
  'pods.spec.containers.ports.protocol',
  'pods.spec.containers.resources.limits',
  'pods.metadata.creationTimestamp',
  'pod.spec.restartPolicy',
  'pod.status',
  'pods --recursive',
  'deployment.spec --recursive',
  'deploy.spec.strategy',
  'deployments.apps.spec.replicas',
  'deploy.spec.template.spec.containers.image',
  'svc --api-version=v1',
  'svc.spec.ports.targetPort',
  'svc.spec.type',
  'svc.spec.ipFamilies',
  'service.spec --recursive',
  'ing.spec.rules.http.paths.pathType',
  'ing.spec.defaultBackend --api-version=networking.k8s.io/v1',
  'cm',
  'secret.data',
  'ns',
  'node.spec.taints',
  'rs.spec.selector',
  'sts.spec.volumeClaimTemplates',
  'job.spec.template',
  'cronjob.spec',
  'crd.spec.versions.schema',
  'crd --recursive',
  'pvc.spec.resources',
  'hpa.spec.metrics',
  'pdb.spec',
  'netpol.spec.ingress',
  'ep.subsets',
  'role.rules',
  'widgets',
  'widgets.spec',
  'widgets.spec.parts',
  'widgets.spec.color',
  'widget --recursive',
  'wd.spec.labels',
  'foo',
  'pods.spec.nope',
  'pods.spec.containers.nope',
  'pods.metadata.labels.foo',
  'deployments.apps.spec.nope',
  'deploy --api-version=apps/v1beta1',
  'ing --api-version=apps/v1',
  'svc --api-version=v2',
  'pods --output=yaml',
];

describe.skipIf(!hasKubectl)('the real kubectl explain against kube-sim serve', () => {
  beforeAll(async () => {
    writeFileSync(join(dir, 'widgets.yaml'), WIDGETS);
    expect((await sim(['apply', '-f', join(dir, 'widgets.yaml')])).exitCode).toBe(0);
    const started = await startServer({ stdout: { write: () => true }, stderr: { write: () => true }, env, cwd: dir }, { state: statePath }, { port: 0 });
    server = started.server;
    port = started.port;
    kubeconfig = join(dir, 'kubeconfig.yaml');
    writeFileSync(kubeconfig, kubeconfigText(started.port));
  });
  afterAll(() => server?.close());

  it.each(CASES)('explain %s', async (line) => {
    const args = ['explain', ...line.split(' ')];
    const ours = await sim(args);
    const theirs = await kubectl(args);
    expect({ stdout: theirs.stdout, stderr: theirs.stderr, exitCode: theirs.exitCode }).toEqual(ours);
  });

  it('the group-versions list hashed URLs; a stale hash is redirected, the current one cached for good', async () => {
    const root = await fetch(`http://127.0.0.1:${port}/openapi/v3`);
    const paths = ((await root.json()) as { paths: Record<string, { serverRelativeURL: string }> }).paths;
    expect(Object.keys(paths)).toContain('apis/example.com/v1');
    const url = paths['api/v1']!.serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
    const doc = await fetch(`http://127.0.0.1:${port}${url}`);
    expect(doc.headers.get('cache-control')).toBe('public, immutable');
    expect(doc.headers.get('etag')).toBe(`"${url.slice(url.indexOf('=') + 1)}"`);
    const body = (await doc.json()) as { components: { schemas: Record<string, { 'x-kubernetes-group-version-kind'?: unknown }> }; paths: Record<string, { patch?: { parameters: { name: string }[] } }> };
    expect(body.components.schemas['io.k8s.api.core.v1.Pod']!['x-kubernetes-group-version-kind']).toEqual([{ group: '', kind: 'Pod', version: 'v1' }]);
    expect(body.paths['/api/v1/namespaces/{namespace}/pods/{name}']!.patch!.parameters.map((p) => p.name)).toContain('fieldValidation');
    const stale = await fetch(`http://127.0.0.1:${port}/openapi/v3/api/v1?hash=0123`, { redirect: 'manual' });
    expect(stale.status).toBe(301);
    expect(stale.headers.get('location')).toBe(url);
    // Without a hash: the document, not cacheable for good.
    const bare = await fetch(`http://127.0.0.1:${port}/openapi/v3/api/v1`);
    expect(bare.headers.get('cache-control')).toBeNull();
  });

  it('a new CRD version changes its group-version hash; the built-in ones stay', async () => {
    const before = ((await (await fetch(`http://127.0.0.1:${port}/openapi/v3`)).json()) as { paths: Record<string, { serverRelativeURL: string }> }).paths;
    writeFileSync(join(dir, 'widgets2.yaml'), WIDGETS.replace('description: Its color.', 'description: Its colour.'));
    expect((await sim(['apply', '-f', join(dir, 'widgets2.yaml')])).exitCode).toBe(0);
    const after = ((await (await fetch(`http://127.0.0.1:${port}/openapi/v3`)).json()) as { paths: Record<string, { serverRelativeURL: string }> }).paths;
    expect(after['apis/example.com/v1']).not.toEqual(before['apis/example.com/v1']);
    expect(after['api/v1']).toEqual(before['api/v1']);
    const theirs = await kubectl(['explain', 'widgets.spec.color']);
    expect(theirs.stdout).toContain('Its colour.');
  });

  it('kubectl --validate still finds the server-side field validation', async () => {
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c1\nbogus: 1\ndata:\n  a: b\n');
    const r = await kubectl(['create', '-f', join(dir, 'cm.yaml')]);
    expect(r.stderr).toBe('Error from server (BadRequest): error when creating "' + join(dir, 'cm.yaml') + '": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus"\n');
  });
});
