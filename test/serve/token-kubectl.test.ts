/**
 * `create token` by the real kubectl 1.32 through `kube-sim serve` (a protobuf TokenRequest POSTed to
 * serviceaccounts/NAME/token) against `kube-sim create token` on an identical twin cluster: the same
 * tokens byte for byte (the jti and the signature come from the twins' identical seeded state), the same
 * TokenRequest printed by -o yaml|json|name|jsonpath, and the same errors, client-side and the server's.
 * Skipped, visibly, where there is no kubectl on the PATH.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { Twins, kubectlPath } from '../cli/real-kubectl.js';

if (!kubectlPath) console.warn('SKIPPED: test/serve/token-kubectl.test.ts needs a real kubectl on the PATH (none found)');

describe.skipIf(!kubectlPath)('kubectl create token through kube-sim serve, and kube-sim create token', () => {
  const twins = new Twins();
  beforeAll(() => twins.start(['run web --image=nginx', 'create secret generic s1 --from-literal=a=b', 'create serviceaccount robot', 'advance 10s']), 60_000);
  afterAll(() => twins.stop());

  /** One line on both twins: kubectl on the served one, kube-sim on the other. */
  async function same(line: string): Promise<string> {
    const theirs = await twins.kubectl(line);
    const ours = await twins.sim(line);
    expect({ stdout: ours.stdout, stderr: ours.stderr, exitCode: ours.exitCode }, line).toEqual(theirs);
    return ours.stdout + ours.stderr;
  }

  it('issues the same tokens and prints the same TokenRequests', async () => {
    const token = await same('create token default');
    // No newline when stdout is no terminal; three base64url parts.
    expect(token).toMatch(/^eyJhbGciOiJSUzI1NiIsImtpZCI6I[\w-]+\.eyJ[\w-]+\.[\w-]{342}$/);
    expect(await same('create token default -o yaml')).toMatch(/^apiVersion: authentication.k8s.io\/v1\nkind: TokenRequest\nmetadata:\n  creationTimestamp: "2026-11-21T22:50:10Z"\n  name: default\n  namespace: default\nspec:\n  audiences:\n  - https:\/\/kubernetes.default.svc.cluster.local\n  boundObjectRef: null\n  expirationSeconds: 3600\nstatus:\n  expirationTimestamp: "2026-11-21T23:50:10Z"\n  token: eyJ[\w.-]+\n$/);
    await same('create token robot --audience=https://example.com --audience vault --duration=24h -o json');
    await same('create token default --bound-object-kind=Pod --bound-object-name=web -o yaml');
    await same('create token default --bound-object-kind=Secret --bound-object-name=s1');
    expect(await same('create token default --bound-object-kind=Node --bound-object-name=kind-worker -o name')).toBe('tokenrequest.authentication.k8s.io/default\n');
    expect(await same("create token default -n kube-system -o jsonpath='{.spec}{.status.expirationTimestamp}'")).toBe(
      '{"audiences":["https://kubernetes.default.svc.cluster.local"],"boundObjectRef":null,"expirationSeconds":3600}2026-11-21T23:50:10Z',
    );
  });

  it('refuses as kubectl and the API server refuse', async () => {
    const errors: string[] = [];
    for (const line of [
      'create token default --duration=-5s',
      'create token default --duration=1500ms',
      'create token default --audience=',
      'create token default --bound-object-kind=Foo',
      'create token default --bound-object-kind=Pod',
      'create token default --bound-object-name=x',
      'create token default --bound-object-uid=x',
      'create token default -o wide',
      'create token default --duration=5m',
      'create token default --duration=2000000h',
      'create token nosuch',
      'create token default -n nons',
      'create token default --bound-object-kind=Pod --bound-object-name=nope',
      'create token robot --bound-object-kind=Pod --bound-object-name=web',
      'create token default --bound-object-kind=Secret --bound-object-name=s1 --bound-object-uid=abc',
      'create token default --bound-object-kind=Node --bound-object-name=nope',
    ]) errors.push(await same(line));
    expect(errors.join('')).toBe(`error: --duration must be greater than or equal to 0
error: --duration cannot be expressed in units less than seconds
error: --audience must not be an empty string
error: supported --bound-object-kind values are Node, Pod, Secret
error: --bound-object-name is required if --bound-object-kind is provided
error: --bound-object-name can only be set if --bound-object-kind is provided
error: --bound-object-uid can only be set if --bound-object-kind is provided
error: unable to match a printer suitable for the output format "wide", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml
error: failed to create token: TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes
error: failed to create token: TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 7200000000: may not specify a duration larger than 2^32 seconds
error: failed to create token: serviceaccounts "nosuch" not found
error: failed to create token: serviceaccounts "default" not found
error: failed to create token: pods "nope" not found
error: failed to create token: cannot bind token for serviceaccount "robot" to pod running with different serviceaccount name.
error: failed to create token: Operation cannot be fulfilled on Secret "s1": the UID in the bound object reference (abc) does not match the UID in record. The object might have been deleted and then recreated
error: failed to create token: nodes "nope" not found
`);
  });
});
