/**
 * The bundled catalogue of remote manifests: the kubernetes.io examples apply by URL (k8s.io/examples and
 * the website's raw GitHub path), each creating what the page expects; an unbundled example is the
 * server's 404 and any unreadable URL names the catalogue; the README lists exactly what is bundled.
 */
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { TestCluster } from '../helpers.js';
import { WEBSITE_EXAMPLES } from '../../src/addons/website-examples.js';
import { kindByKind } from '../../src/api/registry.js';
import { kindPrefix } from '../../src/api/kind.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** `kind/name created` lines kubectl prints for a manifest's documents. */
function createdLines(text: string): string {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as { kind: string; metadata: { name: string } })
    .map((o) => {
      return `${kindPrefix(kindByKind(o.kind)!)}/${o.metadata.name} created\n`;
    })
    .join('');
}

/** The namespaces a manifest's documents name, other than default. */
function manifestNamespaces(text: string): string[] {
  const names = parseAllDocuments(text).map((d) => (d.toJS() as { metadata: { namespace?: string } }).metadata.namespace);
  return [...new Set(names.filter((n): n is string => n !== undefined && n !== 'default'))];
}

/** Examples whose kinds this cluster serves (the others wait for their kind). */
const served = Object.entries(WEBSITE_EXAMPLES).filter(([, text]) =>
  parseAllDocuments(text).every((d) => kindByKind((d.toJS() as { kind: string }).kind) !== undefined),
);

describe('remote manifests', () => {
  test.each(served)('https://k8s.io/examples/%s applies as on a real cluster', async (path, text) => {
    const c = new TestCluster();
    // The resource pages create their namespace (mem-example, cpu-example, qos-example) before applying.
    for (const ns of manifestNamespaces(text)) await c.ok(`create namespace ${ns}`);
    const r = await c.run(`apply -f https://k8s.io/examples/${path}`);
    expect(r).toEqual({ stdout: createdLines(text), stderr: '', exitCode: 0 });
  });

  test('the same file by its raw GitHub address, http redirected, and kubernetes.io', async () => {
    const c = new TestCluster();
    expect(await c.ok('apply -f https://raw.githubusercontent.com/kubernetes/website/main/content/en/examples/admin/dns/dnsutils.yaml')).toBe('pod/dnsutils created\n');
    expect(await c.ok('apply -f http://k8s.io/examples/admin/dns/dnsutils.yaml')).toBe('pod/dnsutils unchanged\n');
    expect(await c.ok('delete -f https://kubernetes.io/examples/admin/dns/dnsutils.yaml')).toBe('pod "dnsutils" deleted\n');
  });

  test('an example kube-sim does not bundle is the 404 of the real server, plus where the catalogue is', async () => {
    const c = new TestCluster();
    expect(await c.run('apply -f https://k8s.io/examples/admin/dns/nope.yaml')).toEqual({
      stdout: '',
      stderr:
        'error: unable to read URL "https://k8s.io/examples/admin/dns/nope.yaml", server reported 404 Not Found, status code=404\n' +
        '  (kube-sim has no network: it serves the manifests listed in its README, section "Remote manifests")\n',
      exitCode: 1,
    });
    expect(await c.run('create -f https://example.com/app.yaml')).toEqual({
      stdout: '',
      stderr:
        'error: unable to read URL "https://example.com/app.yaml", server reported 0 , status code=0 (kube-sim has no network; dial tcp: lookup example.com: no such host)\n' +
        '  (kube-sim has no network: it serves the manifests listed in its README, section "Remote manifests")\n',
      exitCode: 1,
    });
  });

  test('the README lists every bundled example', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Remote manifests'));
    for (const path of Object.keys(WEBSITE_EXAMPLES)) expect(section, path).toContain(`\`${path}\``);
  });
});
