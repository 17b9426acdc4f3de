#!/usr/bin/env node
// kube-sim benchmark suite (`npm run bench`). Prints a table of figures; every cold-process figure is a
// *paired* ratio against a baseline measured in the same run (`node -e 0`), because this host's absolute
// timings move ±20% between calls (performance notes). Writes the table to bench/RESULTS.md with --write.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'kube-sim.cjs');
const PROBE = join(ROOT, 'bench', 'rss-probe.cjs');
const QUICK = process.argv.includes('--quick');
const WRITE = process.argv.includes('--write');
const N = QUICK ? 6 : 20;

if (!existsSync(join(ROOT, 'dist', 'cli.cjs'))) spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
const lib = await import(join(ROOT, 'dist', 'lib.mjs'));

const work = mkdtempSync(join(tmpdir(), 'kube-sim-bench-'));
const rssFile = join(work, 'rss.txt');

function ks(state, args, input) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', PROBE, BIN, ...args], {
    env: { ...process.env, KUBE_SIM_STATE: state, KUBE_SIM_CLOCK: 'virtual', KS_RSS_FILE: rssFile, NO_COLOR: '1' },
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0 && !args.includes('--allow-fail')) throw new Error(`kube-sim ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  return { ms, stdout: r.stdout, stderr: r.stderr };
}
function baseline() {
  const t0 = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return performance.now() - t0;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function peakRss() {
  if (!existsSync(rssFile)) return 0;
  const v = readFileSync(rssFile, 'utf8').trim().split('\n').map(Number);
  rmSync(rssFile);
  return Math.max(...v) / 1024;
}

/** Paired cold-process measurement: alternate baseline and command, median of per-pair ratios. */
function paired(label, state, args, { prepare, n = N } = {}) {
  const ratios = [];
  const times = [];
  peakRss();
  for (let i = 0; i < n; i++) {
    prepare?.(i);
    const b = baseline();
    const c = ks(state, typeof args === 'function' ? args(i) : args).ms;
    ratios.push(c / b);
    times.push(c);
  }
  return { label, ms: median(times), ratio: median(ratios), rss: peakRss() };
}

const rows = [];
const add = (r, target) => {
  rows.push({ ...r, target });
  process.stderr.write(`  ${r.label}: ${r.ms.toFixed(0)} ms${r.ratio ? `, ${r.ratio.toFixed(2)}× node -e 0` : ''}${r.rss ? `, ${r.rss.toFixed(0)} MiB` : ''}\n`);
};

// --- chapter-sized cluster ---------------------------------------------------------------------------
process.stderr.write('chapter-sized cluster\n');
const small = join(work, 'small.json');
ks(small, ['reset']);
writeFileSync(join(work, 'kubia.yaml'), `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: kubia
spec:
  replicas: 3
  selector:
    matchLabels:
      app: kubia
  template:
    metadata:
      labels:
        app: kubia
    spec:
      containers:
      - name: kubia
        image: luksa/kubia
        ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: kubia
spec:
  ports:
  - port: 80
    targetPort: 8080
  selector:
    app: kubia
`);
ks(small, ['create', '-f', join(work, 'kubia.yaml')]);
const pod = ks(small, ['get', 'po', '-l', 'app=kubia', '-o', 'name']).stdout.trim().split('\n')[0]?.replace('pod/', '');
add(paired('get svc', small, ['get', 'svc']), '≤ 1.3×');
add(paired('get po -o wide', small, ['get', 'po', '-o', 'wide']), '≤ 1.3×');
add(paired('describe svc kubia', small, ['describe', 'svc', 'kubia']), '≤ 1.3×');
for (let i = 0; i < N; i++) writeFileSync(join(work, `cm-${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bench-${i}\n`);
add(paired('create -f (configmap)', small, (i) => ['create', '-f', join(work, `cm-${i}.yaml`)]), '≤ 1.6×');
if (pod) add(paired('exec -- curl -s http://kubia', small, ['exec', pod, '--', 'curl', '-s', 'http://kubia']), '≤ 1.3×');

// --- 10,000 pods and 1,000 services ------------------------------------------------------------------
process.stderr.write('10,000 pods and 1,000 services\n');
const big = join(work, 'big.json');
ks(big, ['reset']);
for (let chunk = 0; chunk < 5; chunk++) {
  const items = Array.from({ length: 200 }, (_, j) => {
    const i = chunk * 200 + j;
    return { apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${i}` }, spec: { selector: { app: `app-${i % 100}` }, ports: [{ port: 80, targetPort: 8080 }] } };
  });
  writeFileSync(join(work, `svcs-${chunk}.json`), JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  ks(big, ['create', '-f', join(work, `svcs-${chunk}.json`)]);
}
writeFileSync(join(work, 'big-rs.yaml'), readFileSync(join(work, 'kubia.yaml'), 'utf8').split('---')[0].replace('replicas: 3', 'replicas: 0').replace(/app: kubia/g, 'app: app-7'));
ks(big, ['create', '-f', join(work, 'big-rs.yaml')]);
peakRss();
const up = ks(big, ['scale', 'rs', 'kubia', '--replicas=10000']);
add({ label: 'scale rs 0 → 10,000', ms: up.ms, rss: peakRss() }, '≤ 3 s, ≤ 400 MiB');
add(paired('get svc (1,000 rows)', big, ['get', 'svc'], { n: QUICK ? 3 : 7 }), '≤ 0.3 s');
add(paired('get po (10,000 rows)', big, ['get', 'po'], { n: QUICK ? 3 : 7 }), '≤ 1 s');
add(paired('describe svc svc-7', big, ['describe', 'svc', 'svc-7'], { n: QUICK ? 3 : 7 }), '');
const down = ks(big, ['scale', 'rs', 'kubia', '--replicas=0']);
add({ label: 'scale rs 10,000 → 0', ms: down.ms, rss: peakRss() }, '≤ 3 s, ≤ 400 MiB');

// --- in-process ----------------------------------------------------------------------------------------
process.stderr.write('in-process\n');
const cluster = lib.createCluster ? lib.createCluster() : null;
const store = new lib.MemoryStore();
const run = (line) => lib.runCaptured(line.split(' '), { store, env: { KUBE_SIM_CLOCK: 'virtual' } });
if (cluster) void cluster;
await run('get svc');
let count = 0;
const t0 = performance.now();
while (performance.now() - t0 < 2000) {
  await run('get svc');
  count++;
}
add({ label: 'in-process get svc per second', ms: 0, perSecond: count / ((performance.now() - t0) / 1000) }, '≥ 5,000/s');
const walkthrough = [];
for (let i = 0; i < 25; i++) walkthrough.push(`create service clusterip s${i} --tcp=80:8080`, 'get svc', `describe svc s${i}`, 'get ep');
const w0 = performance.now();
const wstore = new lib.MemoryStore();
for (const line of walkthrough) await lib.runCaptured(line.split(' '), { store: wstore, env: { KUBE_SIM_CLOCK: 'virtual' } });
add({ label: '100-command walkthrough in-process', ms: performance.now() - w0 }, '≤ 0.5 s');

// --- report ----------------------------------------------------------------------------------------------
const lines = [
  '| benchmark | median | × `node -e 0` (paired) | peak RSS | target |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.label} | ${r.perSecond ? `${Math.round(r.perSecond).toLocaleString('en-US')}/s` : `${r.ms.toFixed(0)} ms`} | ${r.ratio ? `${r.ratio.toFixed(2)}×` : ''} | ${r.rss ? `${r.rss.toFixed(0)} MiB` : ''} | ${r.target} |`),
];
const table = lines.join('\n') + '\n';
process.stdout.write(table);
if (WRITE) {
  const head = `# kube-sim benchmark results\n\nProduced by \`npm run bench -- --write\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${(await import('node:os')).cpus().length} cores. Cold-process rows are medians of n=${N} (n=7 for the 10k-pod rows), each paired with a \`node -e 0\` run; compare the ratios, not the milliseconds (this host is noisy).\n\n`;
  writeFileSync(join(ROOT, 'bench', 'RESULTS.md'), head + table);
}
rmSync(work, { recursive: true, force: true });
