/**
 * Strict decoding as the API server does it: wrong JSON types (Go wording, Go struct and type names),
 * unknown fields, IntOrString and Quantity fields, base64 data, and the request version in the message.
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';
import { decodeProblem } from '../../src/api/decode.js';
import { KIND_SCHEMAS } from '../../src/api/schema/kinds.js';

const BAD = (kind: string, version: string, why: string) =>
  `Error from server (BadRequest): error when creating "x.yaml": ${kind} in version "${version}" cannot be handled as a ${kind}: ${why}\n`;

/** kubectl decodes apiVersion, kind and metadata itself (captured from kubectl 1.32 against a stub server). */
const CLIENT = (why: string) => `error: unable to decode "x.yaml": ${why}\n`;

const POD = (extra: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: a
    image: nginx
${extra}`;

const DEPLOY = (spec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
${spec}  selector:
    matchLabels: {app: a}
  template:
    metadata:
      labels: {app: a}
    spec:
      containers:
      - name: a
        image: nginx
`;

const CASES: [name: string, manifest: string, stderr: string][] = [
  ['unknown field', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  portz: 1\n  ports:\n  - port: 80\n', BAD('Service', 'v1', 'strict decoding error: unknown field "spec.portz"')],
  [
    'several unknown fields, sorted, with list indices',
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  foo: 1\nspec:\n  ports:\n  - port: 80\n    targetPortt: 8080\n  zzz: 1\n',
    BAD('Service', 'v1', 'strict decoding error: unknown field "metadata.foo", unknown field "spec.ports[0].targetPortt", unknown field "spec.zzz"'),
  ],
  ['string for an int32', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: "80"\n', BAD('Service', 'v1', 'json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32')],
  ['number for a name', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: 5\nspec:\n  ports:\n  - port: 80\n', CLIENT('json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string')],
  ['number for apiVersion', 'apiVersion: 1\nkind: ConfigMap\nmetadata:\n  name: x\n', CLIENT('json: cannot unmarshal number into Go struct field metadataOnlyObject.apiVersion of type string')],
  ['metadata errors in sorted order', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 5\n  annotations: {a: 1}\n', CLIENT('json: cannot unmarshal number into Go struct field ObjectMeta.metadata.annotations of type string')],
  ['ownerReferences as a map', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  foo: 1\n  ownerReferences: {}\n', CLIENT('json: cannot unmarshal object into Go struct field ObjectMeta.metadata.ownerReferences of type []v1.OwnerReference')],
  ['generation as a string', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  generation: "1"\n', CLIENT('json: cannot unmarshal string into Go struct field ObjectMeta.metadata.generation of type int64')],
  ['type error wins over unknown fields', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  aaa: 1\n  ports:\n  - port: true\n', BAD('Service', 'v1', 'json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.port of type int32')],
  ['named string type', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: 5\n  ports:\n  - port: 80\n', BAD('Service', 'v1', 'json: cannot unmarshal number into Go struct field ServiceSpec.spec.type of type v1.ServiceType')],
  ['object for a list', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n    port: 80\n', BAD('Service', 'v1', 'json: cannot unmarshal object into Go struct field ServiceSpec.spec.ports of type []v1.ServicePort')],
  ['string for a struct', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec: hello\n', BAD('Service', 'v1', 'json: cannot unmarshal string into Go struct field Service.spec of type v1.ServiceSpec')],
  ['number in a label map', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  labels:\n    a: 1\nspec:\n  ports:\n  - port: 80\n', CLIENT('json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string')],
  ['bool for an IntOrString', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n    targetPort: true\n', BAD('Service', 'v1', 'json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32')],
  ['int32 overflow', DEPLOY('  replicas: 99999999999\n'), BAD('Deployment', 'v1', 'json: cannot unmarshal number 99999999999 into Go struct field DeploymentSpec.spec.replicas of type int32')],
  ['fraction for an int32', DEPLOY('  replicas: 1.5\n'), BAD('Deployment', 'v1', 'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32')],
  ['YAML 1.1 boolean in env value', POD('    env:\n    - name: A\n      value: yes\n'), BAD('Pod', 'v1', 'json: cannot unmarshal bool into Go struct field EnvVar.spec.containers.env.value of type string')],
  ['bad quantity', POD('    resources:\n      limits:\n        cpu: lots\n'), BAD('Pod', 'v1', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")],
  ['probe port as object', POD('    readinessProbe:\n      httpGet:\n        port: {a: 1}\n'), BAD('Pod', 'v1', 'json: cannot unmarshal object into Go struct field HTTPGetAction.spec.containers.readinessProbe.httpGet.port of type int32')],
  ['dnsPolicy as list', POD('  dnsPolicy: [a]\n'), BAD('Pod', 'v1', 'json: cannot unmarshal array into Go struct field PodSpec.spec.dnsPolicy of type v1.DNSPolicy')],
  ['enableServiceLinks as string', POD('  enableServiceLinks: "no"\n'), BAD('Pod', 'v1', 'json: cannot unmarshal string into Go struct field PodSpec.spec.enableServiceLinks of type bool')],
  ['containers as a map', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    name: a\n', BAD('Pod', 'v1', 'json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container')],
  ['containerPort as string', POD('    ports:\n    - containerPort: "8080"\n'), BAD('Pod', 'v1', 'json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32')],
  ['bad base64 in a secret', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  a: "abc$"\n', BAD('Secret', 'v1', 'illegal base64 data at input byte 3')],
  ['configmap data as number', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: 1\n', BAD('ConfigMap', 'v1', 'json: cannot unmarshal number into Go struct field ConfigMap.data of type string')],
  ['endpoints port as string', 'apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: e\nsubsets:\n- addresses:\n  - ip: 10.0.0.1\n  ports:\n  - port: http\n', BAD('Endpoints', 'v1', 'json: cannot unmarshal string into Go struct field EndpointPort.subsets.ports.port of type int32')],
  ['rc selector as list', 'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: r\nspec:\n  selector: [a]\n', BAD('ReplicationController', 'v1', 'json: cannot unmarshal array into Go struct field ReplicationControllerSpec.spec.selector of type map[string]string')],
  ['rs matchLabels as string', 'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: r\nspec:\n  selector:\n    matchLabels: app\n', BAD('ReplicaSet', 'v1', 'json: cannot unmarshal string into Go struct field LabelSelector.spec.selector.matchLabels of type map[string]string')],
  [
    'ingress port number as string',
    'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n  defaultBackend:\n    service:\n      name: s\n      port:\n        number: "80"\n',
    BAD('Ingress', 'v1', 'json: cannot unmarshal string into Go struct field ServiceBackendPort.spec.defaultBackend.service.port.number of type int32'),
  ],
  ['ingressclass controller as bool', 'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: ic\nspec:\n  controller: true\n', BAD('IngressClass', 'v1', 'json: cannot unmarshal bool into Go struct field IngressClassSpec.spec.controller of type string')],
  ['namespace spec finalizers as string', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns1\nspec:\n  finalizers: x\n', BAD('Namespace', 'v1', 'json: cannot unmarshal string into Go struct field NamespaceSpec.spec.finalizers of type []v1.FinalizerName')],
  ['node unschedulable as string', 'apiVersion: v1\nkind: Node\nmetadata:\n  name: node1\nspec:\n  unschedulable: "yes"\n', BAD('Node', 'v1', 'json: cannot unmarshal string into Go struct field NodeSpec.spec.unschedulable of type bool')],
  // yaml.v2 (kubectl's YAML reader) reads y/n/yes/no/on/off as booleans.
  ['YAML 1.1 "n" is a boolean', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n', CLIENT('json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.name of type string')],
  ['event count as string', 'apiVersion: v1\nkind: Event\nmetadata:\n  name: e\ncount: "3"\ninvolvedObject: {}\n', BAD('Event', 'v1', 'json: cannot unmarshal string into Go struct field Event.count of type int32')],
];

describe('strict decoding', () => {
  it.each(CASES)('%s', async (_name, manifest, stderr) => {
    const c = new TestCluster();
    c.file('x.yaml', manifest);
    const before = await c.ok('get all -A -o name');
    expect(await c.run('create -f x.yaml')).toEqual({ stdout: '', stderr, exitCode: 1 });
    expect(await c.ok('get all -A -o name')).toBe(before);
  });

  it('a metadata that is not a map is refused by kubectl before the server', async () => {
    const c = new TestCluster();
    c.file('m.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: hello\n');
    expect((await c.run('create -f m.yaml')).stderr).toBe(
      'error: unable to decode "m.yaml": json: cannot unmarshal string into Go struct field metadataOnlyObject.metadata of type v1.ObjectMeta\n',
    );
  });

  it('accepts IntOrString fields as numbers or names, and quantities as strings or numbers', async () => {
    const c = new TestCluster();
    c.file(
      'ok.yaml',
      DEPLOY('  strategy:\n    rollingUpdate:\n      maxSurge: 25%\n      maxUnavailable: 1\n') +
        '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector: {app: a}\n  ports:\n  - name: a\n    port: 80\n    targetPort: http\n  - name: b\n    port: 81\n    targetPort: 8081\n',
    );
    expect(await c.run('create -f ok.yaml')).toMatchObject({ stdout: 'deployment.apps/d created\nservice/s created\n', exitCode: 0 });
  });

  it('patches cannot store values of the wrong type', async () => {
    const c = new TestCluster();
    c.file('d.yaml', DEPLOY('  replicas: 1\n'));
    await c.ok('create -f d.yaml');
    const before = await c.ok('get deploy d -o json');
    expect(await c.run(`patch deploy d -p '{"spec":{"replicas":"lots"}}'`)).toEqual({
      stdout: '',
      // The strategic patch handler converts the patched map into the Go type (FromUnstructured).
      stderr: 'The request is invalid: patch: Invalid value: "map[spec:map[replicas:lots]]": unrecognized type: int32\n',
      exitCode: 1,
    });
    expect(await c.ok('get deploy d -o json')).toBe(before);
  });

  it('drops empty omitempty fields as the API server does', () => {
    const { error, value } = decodeProblem(KIND_SCHEMAS.Service!, { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', labels: {} }, spec: { clusterIP: '', ports: [{ port: 80 }] } });
    expect(error).toBeUndefined();
    expect(value).toEqual({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } });
  });

  it('never lets __proto__ or constructor keys reach an object prototype', () => {
    const raw = JSON.parse('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","__proto__":{"polluted":1}},"data":{"constructor":"x"}}');
    const { error } = decodeProblem(KIND_SCHEMAS.ConfigMap!, raw);
    expect(error).toBe('strict decoding error: unknown field "metadata.__proto__"');
    const ok = decodeProblem(KIND_SCHEMAS.ConfigMap!, JSON.parse('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"constructor":"x"}}'));
    expect(ok.error).toBeUndefined();
    expect(Object.getPrototypeOf(ok.value.data)).toBe(Object.prototype);
    expect((ok.value.data as Record<string, unknown>).constructor).toBe('x');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
