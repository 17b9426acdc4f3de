/**
 * `play --html`: every chapter walkthrough published as a page that is self-contained (no address outside
 * itself in any src, href or CSS url) and valid HTML (html-validate's recommended rules), with the
 * pictures as inline SVG; the same walkthrough gives the same bytes.
 */
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { runCaptured } from '../../src/cli/main.js';

const WALKTHROUGHS = resolve(__dirname, '..', '..', 'examples', 'walkthroughs');
const files = readdirSync(WALKTHROUGHS).filter((f) => f.endsWith('.md') && f !== 'README.md').sort();
const out = mkdtempSync(join(tmpdir(), 'kube-sim-html-'));

// Recommended rules, less two about source style, not validity: a terminal block holds the real output,
// trailing spaces included, and a title is the walkthrough's own heading, however long.
const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-trailing-whitespace': 'off', 'long-title': 'off' } });

async function publish(file: string, page: string): Promise<{ stdout: string; html: string }> {
  const r = await runCaptured(['play', join(WALKTHROUGHS, file), '--html', page], { env: {}, cwd: out });
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return { stdout: r.stdout, html: readFileSync(page, 'utf8') };
}

/**
 * Every address the page refers to: attributes that load or link (inside a real tag: an escaped `&lt;a
 * href=...` in a command's output is text), and CSS url()/@import.
 */
function references(html: string): string[] {
  return [...html.matchAll(/<[a-z][^<>]*?\s(?:src|href|xlink:href|srcset|action|poster|data)\s*=\s*["']?([^"'\s>]*)/gi), ...html.matchAll(/url\(\s*["']?([^"')]*)/gi), ...html.matchAll(/@import\s+["']?([^"';\s]*)/gi)].map((m) => m[1]!);
}

describe('play --html publishes every chapter walkthrough', () => {
  test.each(files)('%s: a self-contained, valid page with the real output and the cluster pictures', async (file) => {
    const page = join(out, file.replace(/\.md$/, '.html'));
    const { stdout, html } = await publish(file, page);
    expect(stdout).toMatch(new RegExp(`^${page.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+ commands, \\d+ cluster pictures; every output was what the walkthrough expects\\n$`));
    expect(references(html)).toEqual([]);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|<embed/i);
    const report = await validator.validateString(html, page);
    const problems = report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
    expect(problems).toEqual([]);
    const pictures = Number(/(\d+) cluster pictures/.exec(stdout)![1]);
    expect(pictures).toBeGreaterThan(0);
    expect(html.match(/<figure><svg /g)?.length).toBe(pictures);
    // Each command appears after a prompt, in the walkthrough's order.
    const source = readFileSync(join(WALKTHROUGHS, file), 'utf8');
    const first = /^\$ (.*)$/m.exec(source)![1]!;
    expect(html).toContain(`<span class="prompt">$ </span><span class="cmd">${first.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')}`);
  });

  test('the same walkthrough gives the same bytes', async () => {
    const a = await publish('12-headless.md', join(out, 'a.html'));
    const b = await publish('12-headless.md', join(out, 'b.html'));
    expect(a.html).toBe(b.html);
  });

  test('the page shows the walkthrough: prose, files, commands with their output, a picture after a change', async () => {
    const { html } = await publish('01-clusterip.md', join(out, 'one.html'));
    expect(html).toContain('<title>1. A ClusterIP service and curl</title>');
    expect(html).toContain('<h1>1. A ClusterIP service and curl</h1>');
    expect(html).toContain('<p class="file">The file <code>kubia-rc.yaml</code>:</p>\n<pre class="code" data-lang="yaml"><code>apiVersion: v1\nkind: ReplicationController\n');
    expect(html).toContain(
      '<pre class="terminal"><code><span class="prompt">$ </span><span class="cmd">kubectl create -f kubia-rc.yaml</span>\n<span>replicationcontroller/kubia created</span></code></pre>\n<figure><svg ',
    );
    expect(html).toContain('<figcaption>The cluster after <code>kubectl create -f kubia-rc.yaml</code></figcaption></figure>');
  });
});
