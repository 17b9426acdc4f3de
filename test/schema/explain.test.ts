/**
 * `kube-sim explain` in kubectl 1.32's layout (its plaintext template: GROUP/KIND/VERSION, FIELD with
 * ENUM, DESCRIPTION wrapped at 76 by go-wordwrap, FIELDS with tab, `<type>`, `-required-`, short enums).
 * test/serve/explain-kubectl.test.ts compares them with the real kubectl's explain over serve's OpenAPI.
 * The descriptions are kube-sim's own (shorter than the OpenAPI texts): these are regression snapshots.
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';

describe('explain', () => {
  it('a resource: its description and fields', async () => {
    const c = new TestCluster();
    const out = await c.ok('explain svc');
    expect(out.startsWith('KIND:       Service\nVERSION:    v1\n\nDESCRIPTION:\n    Service is a named abstraction of software service (for example, mysql)\n')).toBe(true);
    expect(out).toContain('\n    \nFIELDS:\n  apiVersion\t<string>\n');
    expect(out).toContain(
      '  apiVersion\t<string>\n    APIVersion defines the versioned schema of this representation of an object.\n    Servers should convert recognized schemas to the latest internal value, and\n',
    );
    expect(out).toContain(
      '  metadata\t<ObjectMeta>\n    Standard object\'s metadata. More info:\n    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata\n\n  spec\t<ServiceSpec>\n',
    );
    expect(out.endsWith('  status\t<ServiceStatus>\n    Most recently observed status, populated by the system. Read-only.\n\n\n')).toBe(true);
  });

  it('a field holding a list of structs, with required fields and short enums', async () => {
    const c = new TestCluster();
    const out = await c.ok('explain service.spec.ports');
    expect(out.split('\n').slice(0, 8)).toEqual([
      'KIND:       Service',
      'VERSION:    v1',
      '',
      'FIELD: ports <[]ServicePort>',
      '',
      '',
      'DESCRIPTION:',
      '    The list of ports that are exposed by this service.',
    ]);
    expect(out).toContain('  port\t<integer> -required-\n    The port that will be exposed by this service.\n\n');
    expect(out).toContain('  protocol\t<string>\n  enum: SCTP, TCP, UDP\n');
    expect(out).toContain('  targetPort\t<IntOrString>\n');
  });

  it('a primitive field with its enum values', async () => {
    const c = new TestCluster();
    expect(await c.ok('explain svc.spec.type')).toBe(
      'KIND:       Service\nVERSION:    v1\n\nFIELD: type <string>\nENUM:\n    ClusterIP\n    ExternalName\n    LoadBalancer\n    NodePort\n\n' +
        'DESCRIPTION:\n    type determines how the Service is exposed. Defaults to ClusterIP. Valid\n    options are ExternalName, ClusterIP, NodePort, and LoadBalancer.\n    \n\n',
    );
  });

  it('--recursive prints the field tree, through lists and maps', async () => {
    const c = new TestCluster();
    const out = await c.ok('explain deploy.spec.strategy --recursive');
    expect(out.startsWith('GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: strategy <DeploymentStrategy>\n\n\nDESCRIPTION:\n')).toBe(true);
    expect(out.endsWith('FIELDS:\n  rollingUpdate\t<RollingUpdateDeployment>\n    maxSurge\t<IntOrString>\n    maxUnavailable\t<IntOrString>\n  type\t<string>\n  enum: Recreate, RollingUpdate\n\n')).toBe(true);
    const pod = await c.ok('explain pod.spec --recursive');
    expect(pod).toContain('  containers\t<[]Container> -required-\n    args\t<[]string>\n');
    expect(pod).toContain('      httpGet\t<HTTPGetAction>\n');
    expect(pod).toContain('      limits\t<map[string]Quantity>\n');
    expect(pod).toContain('  dnsPolicy\t<string>\n  enum: ClusterFirst, ClusterFirstWithHostNet, Default, None\n');
  });

  it('group-qualified names and paths through lists', async () => {
    const c = new TestCluster();
    expect(await c.ok('explain deployments.apps.spec.replicas')).toContain('GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: replicas <integer>\n');
    expect(await c.ok('explain ing.spec.rules.http.paths.pathType')).toContain('FIELD: pathType <string>\nENUM:\n    Exact\n    ImplementationSpecific\n    Prefix\n');
  });

  it('older versions with --api-version where the cluster serves them', async () => {
    const c = new TestCluster();
    expect((await c.run('explain ing --api-version=extensions/v1beta1')).stderr).toBe('error: couldn\'t find resource for "extensions/v1beta1, Resource=ingresses"\n');
    // A group-version the cluster serves, without the resource in it.
    expect((await c.run('explain ing --api-version=apps/v1')).stderr).toBe('error: GVR (apps/v1, Resource=ingresses) not found in OpenAPI schema\n');
    await c.ok('reset --kubernetes-version 1.17');
    const out = await c.ok('explain ing.spec.backend --api-version=extensions/v1beta1');
    expect(out).toContain('GROUP:      extensions\nKIND:       Ingress\nVERSION:    v1beta1\n\nFIELD: backend <IngressBackend>\n');
    expect(out).toContain('  serviceName\t<string> -required-\n');
  });

  it('an older cluster explains the version it serves', async () => {
    const c = new TestCluster();
    await c.ok('reset --kubernetes-version 1.17');
    expect(await c.ok('explain ing')).toMatch(/^GROUP:      extensions\nKIND:       Ingress\nVERSION:    v1beta1\n/);
    expect((await c.run('explain ingressclass')).stderr).toBe('the server doesn\'t have a resource type "ingressclass"\n');
  });

  it('errors', async () => {
    const c = new TestCluster();
    // The header is printed before the path is followed; the REST mapper's error has no `error: `.
    expect(await c.run('explain svc.spec.portz')).toEqual({ stdout: 'KIND:       Service\nVERSION:    v1\n\n', stderr: 'error: field "portz" does not exist\n', exitCode: 1 });
    expect((await c.run('explain foo')).stderr).toBe('the server doesn\'t have a resource type "foo"\n');
    expect((await c.run('explain pods --output=yaml')).stderr).toBe('error: unrecognized format: yaml\n');
    expect((await c.run('explain')).stderr).toBe(
      'error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\nSee \'kubectl explain -h\' for help and examples\n',
    );
  });
});
