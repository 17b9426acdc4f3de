/**
 * The image catalogue and the applications in containers: image reference parsing and ids, pull-policy
 * defaults, what listens where (declared containerPorts open nothing by themselves), what the apps answer,
 * and the documented fallback for images outside the catalogue.
 */
import { describe, expect, test } from 'vitest';
import { TestCluster } from '../helpers.js';
import { MemoryStore } from '../../src/store/store.js';
import { parseImage, imageID, resolvedImageName, imageHasProgram, imageNslookupStyle, lookupImage } from '../../src/network/images.js';
import { appRequest, podListens } from '../../src/network/apps.js';
import { defaultPullPolicy } from '../../src/kinds/pod-defaults.js';
import { getObject } from '../../src/api/objects.js';
import { latchedEnv } from '../../src/network/envvars.js';
import { makeEnv } from '../../src/env.js';
import type { ClusterState } from '../../src/api/types.js';

describe('image references', () => {
  test.each([
    ['luksa/kubia', 'docker.io', 'luksa/kubia', 'latest', 'docker.io/luksa/kubia:latest'],
    ['nginx:1.14.0', 'docker.io', 'library/nginx', '1.14.0', 'docker.io/library/nginx:1.14.0'],
    ['registry.k8s.io/coredns/coredns:v1.11.3', 'registry.k8s.io', 'coredns/coredns', 'v1.11.3', 'registry.k8s.io/coredns/coredns:v1.11.3'],
    ['registry.cn-hangzhou.aliyuncs.com/orzi/goweb', 'registry.cn-hangzhou.aliyuncs.com', 'orzi/goweb', 'latest', 'registry.cn-hangzhou.aliyuncs.com/orzi/goweb:latest'],
  ])('%s', (image, registry, path, tag, resolved) => {
    expect(parseImage(image)).toMatchObject({ registry, path, tag });
    expect(resolvedImageName(image)).toBe(resolved);
    expect(imageID(image)).toMatch(new RegExp(`^${registry.replace(/\./g, '\\.')}/${path}@sha256:[0-9a-f]{64}$`));
    expect(imageID(image)).toBe(imageID(image));
  });

  test('pull policy defaults: Always for latest or no tag, else IfNotPresent', () => {
    expect(defaultPullPolicy('luksa/kubia')).toBe('Always');
    expect(defaultPullPolicy('nginx:latest')).toBe('Always');
    expect(defaultPullPolicy('nginx:1.14.0')).toBe('IfNotPresent');
    expect(defaultPullPolicy('busybox@sha256:abc')).toBe('IfNotPresent');
  });

  test('programs and nslookup flavour for the shell', () => {
    expect(imageHasProgram('tutum/dnsutils', 'nslookup')).toBe(true);
    expect(imageHasProgram('luksa/kubia', '/usr/bin/curl')).toBe(true);
    expect(imageHasProgram('nginx', 'nslookup')).toBe(false);
    expect(imageNslookupStyle('tutum/dnsutils')).toBe('bind9');
    expect(imageNslookupStyle('registry.cn-hangzhou.aliyuncs.com/orzi/goweb')).toBe('busybox');
    expect(lookupImage('yinzige/kubia')?.app).toBe('kubia');
    expect(lookupImage('example.com/mine/app:1')).toBeUndefined();
  });
});

async function cluster(lines: string[]): Promise<{ c: TestCluster; state: () => ClusterState }> {
  const c = new TestCluster();
  for (const l of lines) await c.ok(l);
  const state = () => (c.store as MemoryStore).load()!;
  return { c, state };
}

function req(path = '/') {
  return { method: 'GET', path, headers: { 'User-Agent': 'curl/7.88.1' }, clientIP: '10.244.2.1', scheme: 'http' as const };
}

describe('applications', () => {
  test('a declared containerPort is not a listening port; the app listens where it really does', async () => {
    const { state } = await cluster(['run goweb --image=registry.cn-hangzhou.aliyuncs.com/orzi/goweb --port=8080']);
    const s = state();
    const pod = getObject(s, 'pods', 'default', 'goweb')!;
    expect(podListens(s, pod, 8080)).toBe(false);
    expect(podListens(s, pod, 8000)).toBe(true);
    const env = makeEnv(s, 'virtual');
    expect(appRequest(s, env, pod, 8080, req())).toBe('refused');
    const r = appRequest(s, env, pod, 8000, req());
    expect(r).toMatchObject({ status: 200, body: 'this is goweb\n' });
  });

  test('kubia answers with its hostname and logs the client; nginx serves its welcome page and logs access', async () => {
    const { c, state } = await cluster(['run kubia --image=luksa/kubia', 'run web --image=nginx']);
    const s = state();
    const env = makeEnv(s, 'virtual');
    const kubia = getObject(s, 'pods', 'default', 'kubia')!;
    expect(appRequest(s, env, kubia, 8080, req())).toMatchObject({ status: 200, body: "You've hit kubia\n" });
    expect(s.runtime[kubia.metadata.uid!]!.kubia!.logs).toEqual(['Kubia server starting...', 'Received request from ::ffff:10.244.2.1']);
    const web = getObject(s, 'pods', 'default', 'web')!;
    const page = appRequest(s, env, web, 80, req());
    expect(page).toMatchObject({ status: 200 });
    expect((page as { body: string }).body).toContain('<title>Welcome to nginx!</title>');
    expect((page as { headers: [string, string][] }).headers).toContainEqual(['Server', 'nginx/1.27.3']);
    expect(appRequest(s, env, web, 80, req('/nope'))).toMatchObject({ status: 404 });
    const logs = s.runtime[web.metadata.uid!]!.web!.logs;
    expect(logs[logs.length - 1]).toBe('10.244.2.1 - - [21/Nov/2026:22:50:00 +0000] "GET /nope HTTP/1.1" 404 153 "-" "curl/7.88.1" "-"');
    void c;
  });

  test('an image outside the catalogue keeps running and answers plain HTTP on its declared TCP ports', async () => {
    const { c, state } = await cluster(['run mine --image=example.com/team/app:2.1 --port=9000']);
    expect((await c.ok('get po mine')).split('\n')[1]).toMatch(/^mine\s+1\/1\s+Running\s+0\s+0s$/);
    const s = state();
    const pod = getObject(s, 'pods', 'default', 'mine')!;
    expect(podListens(s, pod, 9000)).toBe(true);
    expect(podListens(s, pod, 80)).toBe(false);
    expect(appRequest(s, makeEnv(s, 'virtual'), pod, 9000, req())).toMatchObject({ status: 200, body: 'Hello from mine\n' });
  });

  test('tomcat: old tags still serve the ROOT app, current ones answer 404; -alpine tags have BusyBox tools', async () => {
    const { state } = await cluster(['run old --image=tomcat:8.5.34-jre8-alpine', 'run new --image=tomcat']);
    const s = state();
    const env = makeEnv(s, 'virtual');
    const old = appRequest(s, env, getObject(s, 'pods', 'default', 'old')!, 8080, req());
    expect(old).toMatchObject({ status: 200 });
    expect((old as { body: string }).body).toContain('<title>Apache Tomcat/8.5.34</title>');
    expect(appRequest(s, env, getObject(s, 'pods', 'default', 'new')!, 8080, req())).toMatchObject({ status: 404 });
    expect(imageNslookupStyle('tomcat:8.5.34-jre8-alpine')).toBe('busybox-1.28');
    expect(imageHasProgram('tomcat:8.5.34-jre8-alpine', 'bash')).toBe(true);
  });

  test('ikubernetes/myapp answers with its page and names the pod on /hostname.html', async () => {
    const { state } = await cluster(['run myapp --image=ikubernetes/myapp:v1']);
    const s = state();
    const env = makeEnv(s, 'virtual');
    const pod = getObject(s, 'pods', 'default', 'myapp')!;
    expect(appRequest(s, env, pod, 80, req())).toMatchObject({ status: 200, body: 'Hello MageEdu.com | <a href="hostname.html">Pod Name</a>\n' });
    const r = appRequest(s, env, pod, 80, req('/hostname.html'));
    expect(r).toMatchObject({ status: 200, body: 'myapp\n' });
    expect((r as { headers: [string, string][] }).headers).toContainEqual(['Server', 'nginx/1.12.2']);
  });

  test('coredns answers its health and readiness endpoints', async () => {
    const { state } = await cluster(['get po -A']);
    const s = state();
    const pod = Object.values(s.objects.pods!).find((p) => p.metadata.name.startsWith('coredns-'))!;
    const env = makeEnv(s, 'virtual');
    expect(appRequest(s, env, pod, 8080, req('/health'))).toMatchObject({ status: 200, body: 'OK' });
    expect(appRequest(s, env, pod, 8181, req('/ready'))).toMatchObject({ status: 200, body: 'OK' });
    expect(podListens(s, pod, 53)).toBe(true);
  });
});

describe('environment latched at container start', () => {
  test('a restarted container sees services created after the pod started (reference §5)', async () => {
    const c = new TestCluster();
    await c.ok('run loop --image=busybox -- sh -c "env; exit 1"');
    expect(await c.ok('logs loop')).not.toContain('LATER_SERVICE_HOST');
    await c.ok('create service clusterip later --tcp=80:8080');
    await c.ok('advance 15s');
    const logs = await c.ok('logs loop');
    // The services work fills serviceEnvVars(); until then only the latching itself is observable.
    expect(logs).toContain('HOSTNAME=loop');
  });

  test('$(VAR) expansion and downward-API fieldRefs', async () => {
    const c = new TestCluster();
    c.file('p.yaml', `apiVersion: v1
kind: Pod
metadata:
  name: envs
spec:
  containers:
  - name: main
    image: busybox
    command: ["sleep", "infinity"]
    env:
    - name: A
      value: one
    - name: B
      value: $(A)-two-$$(A)-$(NOPE)
    - name: MY_POD
      valueFrom:
        fieldRef:
          fieldPath: metadata.name
    - name: MY_IP
      valueFrom:
        fieldRef:
          fieldPath: status.podIP
`);
    await c.ok('create -f p.yaml');
    const s = (c.store as MemoryStore).load()!;
    const pod = getObject(s, 'pods', 'default', 'envs')!;
    const env = latchedEnv(s, s.runtime[pod.metadata.uid!]!.main!)!;
    expect(env.B).toBe('one-two-$(A)-$(NOPE)');
    expect(env.MY_POD).toBe('envs');
    expect(env.MY_IP).toBe((pod.status as { podIP: string }).podIP);
    expect(env.HOSTNAME).toBe('envs');
  });

  test('$(VAR) in the spec command and args is expanded by the kubelet', async () => {
    const c = new TestCluster();
    c.file('p.yaml', `apiVersion: v1
kind: Pod
metadata:
  name: echo
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: busybox
    command: ["/bin/echo", "$(LEVEL) $(KIND)", "$$(LEVEL)", "$(HOSTNAME)", "$(KUBERNETES_SERVICE_PORT)"]
    args: ["$(LEVEL)"]
    env:
    - name: LEVEL
      value: very
    - name: KIND
      value: charm
  - name: shell
    image: busybox
    command: ["sh", "-c", "echo $LEVEL $(LEVEL)"]
    env:
    - name: LEVEL
      value: high
`);
    await c.ok('create -f p.yaml');
    // HOSTNAME is the runtime's, not a variable the kubelet knows: left as written, as the kubelet does.
    expect(await c.ok('logs echo -c main')).toBe('very charm $(LEVEL) $(HOSTNAME) 443 very\n');
    // Expanded before the shell runs: sh sees `echo $LEVEL high`.
    expect(await c.ok('logs echo -c shell')).toBe('high high\n');
  });
});
