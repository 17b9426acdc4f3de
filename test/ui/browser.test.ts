/**
 * `kube-sim ui` in a real headless browser (Debian's chromium driven by playwright-core): the chapter's
 * kubia Service, its pods and endpoints are drawn; the picture follows `scale` and a failing readiness
 * probe made by other kube-sim processes; requests sent from the page and by `exec ... -- curl --trace`
 * and `kube-sim curl --trace` are drawn hop by hop. One browser launch for the whole file.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { bundleUi, kubeSim, kubeSimOutput, startUi, type UiProcess } from './ui-process.js';

const CHROMIUM = '/usr/bin/chromium';
/** The flags known to work on these machines (no background connections into a closed network). */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const CHAPTER = resolve(__dirname, '..', '..', 'examples', 'chapter');
const WAIT = { timeout: 20_000 };

const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser) {
  test.skip(`kube-sim ui in a browser: skipped, ${CHROMIUM} is missing (apt-get install -y chromium)`, () => undefined);
}

/** What the picture shows of Services, pods and endpoint edges, one line each, in drawing order. */
async function drawn(page: Page): Promise<string> {
  return page.evaluate(() => {
    const lines: string[] = [];
    const text = (g: Element) => [...g.querySelectorAll('tspan')].map((t) => t.textContent).join(' | ');
    for (const g of document.querySelectorAll('#picture .box.service')) lines.push(`service ${text(g)}`);
    for (const g of document.querySelectorAll('#picture .box.pod')) lines.push(`pod [${g.getAttribute('class')!.replace('box pod ', '')}] ${text(g)}`);
    for (const e of document.querySelectorAll('#picture .edge.endpoint, #picture .edge.endpoint-not-ready')) {
      lines.push(`${e.getAttribute('class')!.replace('edge ', '')} ${e.getAttribute('data-from')} -> ${e.getAttribute('data-to')}`);
    }
    return lines.join('\n') + '\n';
  });
}

/** Wait until the picture shows `n` endpoint edges of default/kubia of the given kind. */
async function waitForEndpoints(page: Page, kind: 'endpoint' | 'endpoint-not-ready', n: number): Promise<void> {
  await page.waitForFunction(([k, count]) => document.querySelectorAll(`#picture .edge.${k}[data-from="svc:default/kubia"]`).length === count, [kind, n] as const, WAIT);
}

/** The trace list once it has finished drawing a request for `url`: each hop's kind, objects and text. */
async function drawnTrace(page: Page, url: string): Promise<{ hops: string; marked: string[] }> {
  await page.waitForFunction((u) => {
    const t = document.getElementById('trace')!;
    return t.dataset.url === u && t.dataset.done === 'true';
  }, url, WAIT);
  return page.evaluate(() => {
    const items = [...document.querySelectorAll('#trace li')];
    const hops = items.map((li) => `${(li as HTMLElement).dataset.kind ?? '-'} [${(li as HTMLElement).dataset.targets ?? ''}] ${li.textContent}`).join('\n') + '\n';
    const marked = [...document.querySelectorAll('#picture [data-hop]')].map((e) => `${e.getAttribute('data-hop')} ${e.getAttribute('data-id') ?? `${e.getAttribute('data-from')} -> ${e.getAttribute('data-to')}`}`);
    return { hops, marked: marked.sort((a, b) => parseInt(a) - parseInt(b) || (a < b ? -1 : 1)) };
  });
}

describe.skipIf(!hasBrowser)('kube-sim ui in a headless browser', () => {
  let cli: string;
  let state: string;
  let ui: UiProcess;
  let browser: Browser;
  let page: Page;
  const run = (...args: string[]) => kubeSim(cli, state, args);

  beforeAll(async () => {
    cli = await bundleUi();
    state = join(mkdtempSync(join(tmpdir(), 'kube-sim-ui-')), 'cluster.json');
    run('reset');
    run('create', '-f', join(CHAPTER, 'kubia-rc.yaml'));
    run('create', '-f', join(CHAPTER, 'kubia-svc.yaml'));
    run('create', '-f', join(CHAPTER, 'kubia-svc-nodeport.yaml'));
    ui = await startUi(cli, state);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(ui.url);
  });

  afterAll(async () => {
    await browser?.close();
    if (ui) expect(await ui.interrupt()).toBe(0);
    // Ctrl-C removed the trace inbox beside the state: CLI commands stop handing traces over.
    if (state) expect(existsSync(`${state}.ui-traces`)).toBe(false);
  });

  test('the Service, its pods and an edge to each endpoint are drawn', async () => {
    await waitForEndpoints(page, 'endpoint', 3);
    expect(await drawn(page)).toBe(`service kubernetes | ClusterIP 10.96.0.1 | 443/TCP
service kubia | ClusterIP 10.96.173.63 | 80/TCP
service kubia-nodeport | NodePort 10.96.97.226 | 80:30123/TCP
pod [ready] kubia-898kb | 10.244.1.3 | Running 1/1
pod [ready] kubia-9jvtb | 10.244.1.2 | Running 1/1
pod [ready] kubia-mzk82 | 10.244.2.2 | Running 1/1
endpoint svc:default/kubernetes -> node:kind-control-plane
endpoint svc:default/kubia -> pod:default/kubia-9jvtb
endpoint svc:default/kubia -> pod:default/kubia-898kb
endpoint svc:default/kubia -> pod:default/kubia-mzk82
endpoint svc:default/kubia-nodeport -> pod:default/kubia-9jvtb
endpoint svc:default/kubia-nodeport -> pod:default/kubia-898kb
endpoint svc:default/kubia-nodeport -> pod:default/kubia-mzk82
`);
  });

  test('selecting the Service shows its describe text and its kube-proxy rules', async () => {
    await page.click('#picture [data-id="svc:default/kubia"]');
    await page.waitForFunction(() => document.querySelectorAll('#details pre').length === 2, undefined, WAIT);
    const [describe, rules] = await page.locator('#details pre').allTextContents();
    expect(describe).toBe(run('describe', 'svc', 'kubia'));
    const all = run('proxy', 'rules');
    expect(rules!.length).toBeGreaterThan(0);
    for (const line of rules!.trimEnd().split('\n')) expect(all.split('\n')).toContain(line);
    expect(rules).toContain('-A KUBE-SERVICES -d 10.96.173.63/32 -p tcp -m comment --comment "default/kubia cluster IP" -m tcp --dport 80 -j KUBE-SVC-XCCRWSFD2BRL7CRI\n');
  });

  test('a request sent from the page is drawn hop by hop', async () => {
    await page.selectOption('#from', 'pod:default/kubia-9jvtb');
    await page.fill('#url', 'http://kubia');
    await page.click('#request button');
    const { hops, marked } = await drawnTrace(page, 'http://kubia');
    const answered = /answered by pod default\/(kubia-\w+)/.exec(hops)![1]!;
    const ip = /DNAT 10\.96\.173\.63:80 -> (10\.244\.\d+\.\d+):8080/.exec(hops)![1]!;
    expect(hops).toBe(`- [] pod default/kubia-9jvtb requests http://kubia
dns [svc:default/kubia] DNS kubia -> kubia.default.svc.cluster.local A 10.96.173.63
kube-proxy [svc:default/kubia] kube-proxy (iptables) on kind-worker: 10.96.173.63:80 is default/kubia
rule [svc:default/kubia] ${/rule: KUBE-SVC-XCCRWSFD2BRL7CRI rule .*/.exec(hops)![0]}
dnat [pod:default/${answered}] DNAT 10.96.173.63:80 -> ${ip}:8080
answer [pod:default/${answered}] answered by pod default/${answered} (${ip}:8080) on node ${/on node (\S+);/.exec(hops)![1]}; it saw client 10.244.1.2
response [] response: HTTP/1.1 200 OK (23 bytes)
- [] answered: HTTP 200
`);
    expect(marked).toContain('0 pod:default/kubia-9jvtb');
    expect(marked).toContain('1 svc:default/kubia');
    expect(marked).toContain(`4 pod:default/${answered}`);
    expect(marked).toContain(`4 svc:default/kubia -> pod:default/${answered}`);
  });

  test('exec ... -- curl --trace and kube-sim curl --trace in another process are drawn too', async () => {
    const err = kubeSimOutput(cli, state, ['exec', 'kubia-898kb', '--trace', '--', 'curl', '-s', 'http://kubia.default.svc.cluster.local']).stderr;
    const { hops } = await drawnTrace(page, 'http://kubia.default.svc.cluster.local');
    // The page lists exactly the hops the command printed.
    expect(hops.split('\n').slice(1, -2).map((l) => l.replace(/^\S+ \[[^\]]*\] /, '[trace] ')).join('\n') + '\n').toBe(err);

    const out = kubeSimOutput(cli, state, ['curl', '--trace', '-s', 'http://172.18.0.3:30123']).stderr;
    expect(out).toContain('[trace] 172.18.0.3:30123 is node kind-worker, node port of default/kubia-nodeport (service port 80)\n');
    const outside = await drawnTrace(page, 'http://172.18.0.3:30123');
    expect(outside.hops.split('\n').slice(0, 3).join('\n')).toBe(`- [] the host requests http://172.18.0.3:30123
entry [entry:nodeport:30123 svc:default/kubia-nodeport] 172.18.0.3:30123 is node kind-worker, node port of default/kubia-nodeport (service port 80)
kube-proxy [svc:default/kubia-nodeport] kube-proxy (iptables) on kind-worker: 10.96.97.226:80 is default/kubia-nodeport`);
    expect(outside.marked.slice(0, 3)).toEqual(['0 client:outside', '1 client:outside -> entry:nodeport:30123', '1 entry:nodeport:30123']);
  });

  test('the picture follows scale and a failing readiness probe', async () => {
    run('scale', 'rc', 'kubia', '--replicas=2');
    await waitForEndpoints(page, 'endpoint', 2);
    expect((await drawn(page)).split('\n').filter((l) => l.startsWith('endpoint svc:default/kubia ')).length).toBe(2);

    // The chapter's probe: ready only while /var/ready exists, which no new pod has.
    run('replace', '-f', join(CHAPTER, 'kubia-rc-readiness.yaml'));
    run('delete', 'po', '-l', 'app=kubia');
    run('advance', '15s');
    await waitForEndpoints(page, 'endpoint-not-ready', 3);
    const pods = run('get', 'po', '-o', 'name').trim().split('\n').map((n) => n.replace('pod/', ''));
    // Pods are drawn in name order, endpoints in address order (as the EndpointSlice lists them).
    const byIP = [...pods].sort((a, b) => ipNumber(podIP(run, a)) - ipNumber(podIP(run, b)));
    expect(await drawn(page)).toBe(`service kubernetes | ClusterIP 10.96.0.1 | 443/TCP
service kubia | ClusterIP 10.96.173.63 | 80/TCP
service kubia-nodeport | NodePort 10.96.97.226 | 80:30123/TCP
${pods.map((p) => `pod [not-ready] ${p} | ${podIP(run, p)} | Running 0/1`).join('\n')}
endpoint svc:default/kubernetes -> node:kind-control-plane
${byIP.map((p) => `endpoint-not-ready svc:default/kubia -> pod:default/${p}`).join('\n')}
${byIP.map((p) => `endpoint-not-ready svc:default/kubia-nodeport -> pod:default/${p}`).join('\n')}
`);

    run('exec', pods[0]!, '--', 'touch', '/var/ready');
    run('advance', '5s');
    await waitForEndpoints(page, 'endpoint', 1);
    const now = await drawn(page);
    expect(now).toContain(`pod [ready] ${pods[0]} | ${podIP(run, pods[0]!)} | Running 1/1\n`);
    expect(now).toContain(`endpoint svc:default/kubia -> pod:default/${pods[0]}\n`);
    expect(now).toContain(`endpoint-not-ready svc:default/kubia -> pod:default/${pods[1]}\n`);

    await page.click(`#picture [data-id="pod:default/${pods[1]}"]`);
    await page.waitForFunction((p) => document.getElementById('details-title')!.textContent === `pod/${p}`, pods[1], WAIT);
    const sections = await page.locator('#details pre').allTextContents();
    expect(sections[2]).toBe(`kubia: not ready
  probe: exec [ls /var/ready] delay=10s timeout=1s period=5s #success=1 #failure=3
  in a row: 0 succeeded, 3 failed
Ready condition: False
`);
    expect(sections[1]).toBe(run('exec', pods[1]!, '--', 'cat', '/etc/resolv.conf'));
    expect(sections[0]).toContain(`HOSTNAME=${pods[1]}\nKUBERNETES_PORT=tcp://10.96.0.1:443\n`);
  });
});

function podIP(run: (...a: string[]) => string, pod: string): string {
  return run('get', 'po', pod, '-o', 'jsonpath={.status.podIP}');
}

function ipNumber(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}
