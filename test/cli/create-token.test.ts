/**
 * `kube-sim create token` on its own (the real kubectl's side: test/serve/token-kubectl.test.ts): the
 * JWT's header and claims as a kind v1.32 API server issues them (pkg/serviceaccount/claims.go, in
 * go-jose's sorted key order), the newline only on a terminal, and determinism: the same commands on a
 * fresh cluster give the same bytes. A regression snapshot, the tokens reviewed by decoding them.
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';
import { main } from '../../src/cli/main.js';
import { MemoryStore } from '../../src/store/store.js';

/** A JWT's three parts, the first two decoded. */
function parts(token: string): { header: string; claims: string; signature: string } {
  const [h, c, s] = token.split('.');
  return { header: Buffer.from(h!, 'base64url').toString(), claims: Buffer.from(c!, 'base64url').toString(), signature: s! };
}

describe('kube-sim create token', () => {
  it('issues a JWT with the claims of a kind v1.32 API server, iat from the cluster clock', async () => {
    const c = new TestCluster();
    const sa = JSON.parse(await c.ok('get sa default -o json')).metadata.uid;
    const token = await c.ok('create token default');
    const { header, claims, signature } = parts(token);
    expect(header).toBe('{"alg":"RS256","kid":"ds7pZssPcR3BH9IaovfXnO5rmf_9lp_UF7tgJhApOSo"}');
    expect(claims).toBe(
      `{"aud":["https://kubernetes.default.svc.cluster.local"],"exp":1795305000,"iat":1795301400,"iss":"https://kubernetes.default.svc.cluster.local","jti":"825e5e33-74a8-4694-a1f8-64ab1c92e53e","kubernetes.io":{"namespace":"default","serviceaccount":{"name":"default","uid":"${sa}"}},"nbf":1795301400,"sub":"system:serviceaccount:default:default"}`,
    );
    // 2026-11-21T22:50:00Z, the virtual clock's start, and an hour later.
    expect([new Date(1795301400_000).toISOString(), new Date(1795305000_000).toISOString()]).toEqual(['2026-11-21T22:50:00.000Z', '2026-11-21T23:50:00.000Z']);
    expect(Buffer.from(signature, 'base64url').length).toBe(256);
    // A second token differs in its jti (and so its signature) only.
    const second = parts(await c.ok('create token default'));
    expect(second.claims).toBe(claims.replace('825e5e33-74a8-4694-a1f8-64ab1c92e53e', JSON.parse(second.claims).jti));
    expect(second.signature).not.toBe(signature);
  });

  it('binds to a pod (with its node), a secret or a node; the kubelet\'s 3607 s request becomes a year that warns after it', async () => {
    const c = new TestCluster();
    await c.ok('run web --image=nginx');
    await c.ok('create secret generic s1 --from-literal=a=b');
    const uid = async (what: string) => (await c.ok(`get ${what} -o jsonpath={.metadata.uid}`));
    const nodeName = await c.ok('get pod web -o jsonpath={.spec.nodeName}');
    const [pod, node, secret, sa] = [await uid('pod web'), await uid(`node ${nodeName}`), await uid('secret s1'), await uid('sa default')];
    const claims = async (line: string) => JSON.parse(parts(await c.ok(line)).claims) as Record<string, unknown>;
    const podBound = await claims('create token default --bound-object-kind=Pod --bound-object-name=web --duration=3607s');
    expect(JSON.stringify(podBound['kubernetes.io'])).toBe(
      `{"namespace":"default","node":{"name":"${nodeName}","uid":"${node}"},"pod":{"name":"web","uid":"${pod}"},"serviceaccount":{"name":"default","uid":"${sa}"},"warnafter":${(podBound.iat as number) + 3607}}`,
    );
    expect((podBound.exp as number) - (podBound.iat as number)).toBe(365 * 24 * 3600);
    expect(JSON.stringify((await claims(`create token default --bound-object-kind=Secret --bound-object-name=s1 --bound-object-uid=${secret}`))['kubernetes.io'])).toBe(
      `{"namespace":"default","secret":{"name":"s1","uid":"${secret}"},"serviceaccount":{"name":"default","uid":"${sa}"}}`,
    );
    expect(JSON.stringify((await claims(`create token default --bound-object-kind=Node --bound-object-name=${nodeName} --duration=10m`))['kubernetes.io'])).toBe(
      `{"namespace":"default","node":{"name":"${nodeName}","uid":"${node}"},"serviceaccount":{"name":"default","uid":"${sa}"}}`,
    );
    const aud = await claims('create token default --audience=https://a.example/?x&y --audience=vault --duration=87600h');
    expect([aud.aud, (aud.exp as number) - (aud.iat as number)]).toEqual([['https://a.example/?x&y', 'vault'], 87600 * 3600]);
  });

  it('gives the same bytes for the same commands on a fresh cluster, and prints a newline only on a terminal', async () => {
    const run = async (isTTY: boolean) => {
      let stdout = '';
      const store = new MemoryStore();
      const io = (tty: boolean) => ({ stdout: { write: (s: string) => (stdout += s), isTTY: tty }, stderr: { write: () => true }, env: { KUBE_SIM_CLOCK: 'virtual' }, cwd: process.cwd(), store });
      expect(await main(['create', 'serviceaccount', 'robot'], io(false))).toBe(0);
      stdout = '';
      expect(await main(['create', 'token', 'robot', '--duration=2h'], io(isTTY))).toBe(0);
      return stdout;
    };
    const piped = await run(false);
    const terminal = await run(true);
    expect(piped).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
    expect(terminal).toBe(`${piped}\n`);
  });
});
