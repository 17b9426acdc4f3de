/**
 * `kube-sim test --kubectl`: a walkthrough's commands through the real kubectl against `kube-sim serve`
 * give the transcript's output, and a difference is reported as a diff. Skipped, visibly, without kubectl.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCaptured } from '../../src/cli/main.js';

const ROOT = resolve(__dirname, '..', '..');
const hasKubectl = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim() !== '';
if (!hasKubectl) console.warn('SKIPPED: test/serve/test-kubectl-bridge.test.ts needs a real kubectl on the PATH (none found)');

const home = mkdtempSync(join(tmpdir(), 'kube-sim-bridge-home-'));
const run = (argv: string[]) => runCaptured(argv, { env: { HOME: home, PATH: process.env.PATH }, cwd: ROOT });

describe.skipIf(!hasKubectl)('kube-sim test --kubectl against kube-sim serve', () => {
  // Walkthroughs whose every command the real kubectl 1.32 reproduces through the server (19 and 21 attach
  // to a pod with `kubectl run -i`). (04 writes the pod kube-proxy picks after kubectl's one-request-at-a-time
  // `delete po --all` as `[..]`; 14 applies ingress-nginx 0.32's manifest by its GitHub URL, which the real kubectl fetches itself; 10 applies
  // ingress-nginx's manifest, whose RBAC and webhook kinds only kube-sim's own reader acknowledges. 20's
  // `create deployment` gets a container name with kubectl's random suffix, so its transcript writes the
  // pod-template hash as `[..]`. 22 applies a kubernetes.io example by URL: the bridge hands kubectl the
  // bundled copy. 23 writes describe's event ages and kubectl's client version as `[..]`: kubectl counts
  // the ages on its own clock, and its version is this machine's. 29 writes the runtime's random exec id
  // as `[..]`, 30, 32 and 33 the ages of describe's events, 31 the random suffixes kubectl's debug gives
  // the names it makes (kubectl draws them itself), 34 kubectl diff's temporary directories and file times
  // and the time and process id of apply --prune's logged warning; 39 the ages of describe's events; 38 the
  // ages after a drain's retries, which kube-sim's drain lives on the virtual clock and the real kubectl in
  // real time: 10s.)
  const walkthroughs = ['01-clusterip', '02-session-affinity', '03-multi-port-named-ports', '04-env-vars', '05-dns-fqdn', '06-manual-endpoints', '07-externalname', '08-nodeport', '09-loadbalancer', '11-readiness-probes', '12-headless', '13-kube-proxy', '15-goweb-notes', '16-statefulset', '17-network-policy', '18-jobs-cronjobs', '19-connecting-apps', '20-debug-services', '21-source-ip', '22-dns-debugging', '23-kubernetes-basics', '24-probes-logging', '25-init-containers', '26-kustomize', '27-rbac', '28-configmap', '29-pod-config', '30-pod-resources', '31-debug-pods', '32-deployments', '33-stateless-application', '34-object-management', '35-security-context', '36-custom-resources',
    // HorizontalPodAutoscaler (branch hpa)
    '39-hpa',
    // PodDisruptionBudget and drain (branch pdb)
    '37-disruption-budget', '38-drain-node'];
  it.each(walkthroughs)('%s.md replays through the real kubectl', async (name) => {
    const r = await run(['test', '--kubectl', `examples/walkthroughs/${name}.md`]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^Running through kubectl against kube-sim serve \\(an isolated cluster per file\\)\\nok   examples/walkthroughs/${name}\\.md \\(\\d+ commands\\)\\n1 passed, 0 failed\\n$`));
    expect(r.exitCode).toBe(0);
  });

  it('reports where the real kubectl differs from the transcript', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-bridge-'));
    const file = join(dir, 'edited.md');
    writeFileSync(file, readFileSync(join(ROOT, 'examples/walkthroughs/01-clusterip.md'), 'utf8').replace('kubernetes   ClusterIP   10.96.0.1', 'kubernetes   ClusterIP   10.96.0.99'));
    const r = await runCaptured(['test', '--kubectl', 'edited.md'], { env: { HOME: home, PATH: process.env.PATH }, cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('FAIL edited.md (14 commands, 1 mismatched)');
    expect(r.stdout).toContain('    - kubernetes   ClusterIP   10.96.0.99      <none>        443/TCP   5m30s\n    + kubernetes   ClusterIP   10.96.0.1      <none>        443/TCP   5m30s\n');
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('0 passed, 1 failed');
  });

  it("hands the real kubectl the walkthrough's private /tmp and the bundled copy of a kubernetes.io example", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-sim-bridge-'));
    const refused = "error: /tmp/../etc/hostname: outside the walkthrough's directory (a walkthrough uses only its own files; a trusted one may be run with --allow-host)";
    writeFileSync(
      join(dir, 'tmp.md'),
      [
        '```console',
        '$ printf "apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: from-tmp\\n" > /tmp/cm.yaml',
        '$ kubectl apply -f /tmp/cm.yaml',
        'configmap/from-tmp created',
        '$ kubectl create configmap x --from-file=/tmp/../etc/hostname',
        refused,
        '$ kubectl apply -f https://k8s.io/examples/admin/dns/busybox.yaml',
        'pod/busybox created',
        '```',
        '',
      ].join('\n'),
    );
    const r = await runCaptured(['test', '--kubectl', 'tmp.md'], { env: { HOME: home, PATH: process.env.PATH }, cwd: dir });
    expect(r.stdout).toBe(`Running through kubectl against kube-sim serve (an isolated cluster per file)\nFAIL tmp.md (4 commands, 1 mismatched)\n\n    tmp.md:5: $ kubectl create configmap x --from-file=/tmp/../etc/hostname\n    walkthrough error: /tmp/../etc/hostname: outside the walkthrough's directory (a walkthrough uses only its own files; a trusted one may be run with --allow-host)\n0 passed, 1 failed\n`);
  });
});
