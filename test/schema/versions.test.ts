/**
 * API versions served per cluster version, conversion of old Ingress manifests to the stored v1 shape,
 * and the chapter's typo'd manifests failing as on a real cluster.
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';
import { resolveKind, servedGroupVersions, ingressToV1 } from '../../src/api/versions.js';
import { freshCluster } from '../../src/store/bootstrap.js';
import type { KubeObject } from '../../src/api/types.js';

const OLD_INGRESS = (apiVersion: string) => `apiVersion: ${apiVersion}
kind: Ingress
metadata:
  name: kubia
spec:
  backend:
    serviceName: default-http
    servicePort: 80
  rules:
  - host: kubia.example.com
    http:
      paths:
      - path: /
        backend:
          serviceName: kubia-nodeport
          servicePort: 80
      - path: /foo
        backend:
          serviceName: foo
          servicePort: http
`;

describe('served versions', () => {
  it('a 1.32 cluster refuses removed Ingress versions with kubectl\'s mapping error', async () => {
    const c = new TestCluster();
    for (const v of ['extensions/v1beta1', 'networking.k8s.io/v1beta1']) {
      c.file('ing-old.yaml', OLD_INGRESS(v));
      expect(await c.run('create -f ing-old.yaml')).toEqual({
        stdout: '',
        stderr: `error: resource mapping not found for name: "kubia" namespace: "" from "ing-old.yaml": no matches for kind "Ingress" in version "${v}"\nensure CRDs are installed first\n`,
        exitCode: 1,
      });
    }
  });

  it('a 1.17 cluster accepts extensions/v1beta1 Ingress and answers in it (stored as networking.k8s.io/v1, converted back)', async () => {
    const c = new TestCluster();
    await c.ok('reset --kubernetes-version 1.17');
    c.file('ing-old.yaml', OLD_INGRESS('extensions/v1beta1'));
    expect(await c.ok('create -f ing-old.yaml')).toBe('ingress.extensions/kubia created\n');
    const shown = JSON.parse(await c.ok('get ing kubia -o json')) as KubeObject;
    expect(shown.apiVersion).toBe('extensions/v1beta1');
    // 1.17 had no pathType: the conversion back to v1beta1 shows none.
    expect(shown.spec).toEqual({
      backend: { serviceName: 'default-http', servicePort: 80 },
      rules: [
        {
          host: 'kubia.example.com',
          http: {
            paths: [
              { backend: { serviceName: 'kubia-nodeport', servicePort: 80 }, path: '/' },
              { backend: { serviceName: 'foo', servicePort: 'http' }, path: '/foo' },
            ],
          },
        },
      ],
    });
  });

  it('1.19-1.21 servers warn about the beta Ingress versions', async () => {
    const c = new TestCluster();
    await c.ok('reset --kubernetes-version 1.20');
    c.file('ing-old.yaml', OLD_INGRESS('networking.k8s.io/v1beta1'));
    expect(await c.run('create -f ing-old.yaml')).toEqual({
      stdout: 'ingress.networking.k8s.io/kubia created\n',
      stderr: 'Warning: networking.k8s.io/v1beta1 Ingress is deprecated in v1.19+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress\n',
      exitCode: 0,
    });
  });

  it('a 1.17 cluster does not serve networking.k8s.io/v1 Ingress (added in 1.19)', async () => {
    const c = new TestCluster();
    await c.ok('reset --kubernetes-version 1.17');
    c.file('ing.yaml', 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: kubia\nspec:\n  defaultBackend:\n    service:\n      name: kubia\n      port:\n        number: 80\n');
    const r = await c.run('create -f ing.yaml');
    expect(r.stderr).toContain('no matches for kind "Ingress" in version "networking.k8s.io/v1"');
  });

  it('before 1.25 kubectl validates client-side: the chapter\'s `serviveName` typo on a 1.17 cluster', async () => {
    const c = new TestCluster();
    await c.ok('reset --kubernetes-version 1.17');
    c.file('typo.yaml', OLD_INGRESS('networking.k8s.io/v1beta1').replace('serviceName: foo', 'serviveName: foo'));
    expect(await c.run('create -f typo.yaml')).toEqual({
      stdout: '',
      stderr:
        'error: error validating "typo.yaml": error validating data: [ValidationError(Ingress.spec.rules[0].http.paths[1].backend): unknown field "serviveName" in io.k8s.api.networking.v1beta1.IngressBackend, ValidationError(Ingress.spec.rules[0].http.paths[1].backend): missing required field "serviceName" in io.k8s.api.networking.v1beta1.IngressBackend]; if you choose to ignore these errors, turn validation off with --validate=false\n',
      exitCode: 1,
    });
    c.file('svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: "80"\n');
    expect((await c.run('create -f svc.yaml')).stderr).toBe(
      'error: error validating "svc.yaml": error validating data: ValidationError(Service.spec.ports[0].port): invalid type for io.k8s.api.core.v1.ServicePort.port: got "string", expected "integer"; if you choose to ignore these errors, turn validation off with --validate=false\n',
    );
  });

  it('--validate=false drops unknown fields (a 1.17 server never checked them); warn prints them', async () => {
    const c = new TestCluster();
    c.file('svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  portz: 1\n  ports:\n  - port: 80\n');
    expect(await c.run('create -f svc.yaml --validate=warn')).toEqual({ stdout: 'service/s created\n', stderr: 'Warning: unknown field "spec.portz"\n', exitCode: 0 });
    await c.ok('delete svc s');
    expect(await c.run('create -f svc.yaml --validate=false')).toEqual({ stdout: 'service/s created\n', stderr: '', exitCode: 0 });
    expect(await c.ok('get svc s -o yaml')).not.toContain('portz');
    expect((await c.run('create -f svc.yaml --validate=bogus')).stderr).toBe(
      'error: invalid - validate option "bogus"; must be one of: strict (or true), warn, ignore (or false)\n',
    );
  });

  it('follows API history per version, with the deprecation warnings 1.19-1.21 servers sent', () => {
    const at = (v: string) => freshCluster({ kubernetesVersion: v, clock: 'virtual' });
    expect(resolveKind(at('1.17'), 'extensions/v1beta1', 'Ingress')?.warning).toBeUndefined();
    expect(resolveKind(at('1.20'), 'extensions/v1beta1', 'Ingress')?.warning).toBe(
      'extensions/v1beta1 Ingress is deprecated in v1.14+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress',
    );
    expect(resolveKind(at('1.22'), 'networking.k8s.io/v1beta1', 'Ingress')).toBeUndefined();
    expect(resolveKind(at('1.17'), 'extensions/v1beta1', 'Deployment')).toBeUndefined();
    expect(resolveKind(at('1.17'), 'apps/v1', 'Deployment')?.version).toBe('v1');
    expect(resolveKind(at('1.17'), 'discovery.k8s.io/v1', 'EndpointSlice')).toBeUndefined();
    expect(servedGroupVersions(at('1.32'))).toEqual(['apiextensions.k8s.io/v1', 'apps/v1', 'autoscaling/v1', 'autoscaling/v2', 'batch/v1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'networking.k8s.io/v1', 'policy/v1', 'rbac.authorization.k8s.io/v1', 'scheduling.k8s.io/v1', 'storage.k8s.io/v1', 'v1']);
    // 1.17: CronJob only in batch/v1beta1, NetworkPolicy already networking.k8s.io/v1 (Ingress not yet); CRDs GA (apiextensions.k8s.io/v1, 1.16); PodDisruptionBudget policy/v1beta1.
    expect(servedGroupVersions(at('1.17'))).toEqual(['apiextensions.k8s.io/v1', 'apps/v1', 'autoscaling/v1', 'batch/v1', 'batch/v1beta1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1beta1', 'extensions/v1beta1', 'networking.k8s.io/v1', 'networking.k8s.io/v1beta1', 'policy/v1beta1', 'rbac.authorization.k8s.io/v1', 'scheduling.k8s.io/v1', 'storage.k8s.io/v1', 'v1']);
    expect(resolveKind(at('1.17'), 'batch/v1', 'CronJob')).toBeUndefined();
    expect(resolveKind(at('1.20'), 'batch/v1beta1', 'CronJob')?.version).toBe('v1beta1');
    expect(resolveKind(at('1.25'), 'batch/v1beta1', 'CronJob')).toBeUndefined();
    expect(resolveKind(at('1.17'), 'networking.k8s.io/v1', 'Ingress')).toBeUndefined();
    expect(resolveKind(at('1.17'), 'networking.k8s.io/v1', 'NetworkPolicy')?.version).toBe('v1');
  });

  it('converts a path backend given by port name', () => {
    const o = ingressToV1({ apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'x' }, spec: { rules: [{ http: { paths: [{ backend: { serviceName: 's', servicePort: 'web' } }] } }] } });
    expect(o.spec).toEqual({ rules: [{ http: { paths: [{ pathType: 'ImplementationSpecific', backend: { service: { name: 's', port: { name: 'web' } } } }] } }] });
  });
});

describe('the chapter\'s typo manifests', () => {
  it('`apiVersion: V1` / `kind: pod` with tab indentation fails on the tab first (line 4)', async () => {
    const c = new TestCluster();
    c.file('named.yaml', 'apiVersion: V1\nkind: pod\nmetadata:\n\tname: kubia\nspec:\n\tcontainers:\n\t- name: kunbia\n');
    expect(await c.run('create -f named.yaml')).toEqual({
      stdout: '',
      stderr: 'error: error parsing named.yaml: error converting YAML to JSON: yaml: line 4: found character that cannot start any token\n',
      exitCode: 1,
    });
  });

  it('with the tabs fixed, the kind and version are not found', async () => {
    const c = new TestCluster();
    c.file('named.yaml', 'apiVersion: V1\nkind: pod\nmetadata:\n  name: kubia\nspec:\n  containers:\n  - name: kunbia\n    image: luksa/kubia\n');
    expect(await c.run('create -f named.yaml')).toEqual({
      stdout: '',
      stderr: 'error: resource mapping not found for name: "kubia" namespace: "" from "named.yaml": no matches for kind "pod" in version "V1"\nensure CRDs are installed first\n',
      exitCode: 1,
    });
  });

  it('several errors in one run are printed as kubectl\'s aggregate (no `error: ` prefix)', async () => {
    const c = new TestCluster();
    c.file('two-bad.yaml', 'apiVersion: v1\nkind: Servic\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Foo\nmetadata:\n  name: b\n');
    expect(await c.run('create -f two-bad.yaml')).toEqual({
      stdout: '',
      stderr:
        'resource mapping not found for name: "a" namespace: "" from "two-bad.yaml": no matches for kind "Servic" in version "v1"\nensure CRDs are installed first\n' +
        'resource mapping not found for name: "b" namespace: "" from "two-bad.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n',
      exitCode: 1,
    });
  });

  it('a misspelt kind', async () => {
    const c = new TestCluster();
    c.file('svc.yaml', 'apiVersion: v1\nkind: Servic\nmetadata:\n  name: kubia\n');
    expect((await c.run('create -f svc.yaml')).stderr).toBe(
      'error: resource mapping not found for name: "kubia" namespace: "" from "svc.yaml": no matches for kind "Servic" in version "v1"\nensure CRDs are installed first\n',
    );
  });
});
