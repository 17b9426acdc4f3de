/**
 * The library entry point as a consumer sees it: `import { createCluster } from 'kube-sim'` resolves through
 * package.json "exports" to the built dist/lib.mjs (ESM) or dist/lib.cjs (require), and the documented
 * example suite (examples/library/kube-sim.test.ts) passes against it.
 */
import { expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const built = existsSync(join(root, 'dist', 'lib.mjs')) && existsSync(join(root, 'dist', 'lib.cjs'));

const script = (load: string) => `${load}
const c = createCluster();
const r = await c.run('get svc kubernetes -o name');
const e = await c.run(['get', 'svc', 'nope']);
c.dispose();
process.stdout.write(JSON.stringify([r, e]));`;

const expected = [
  { stdout: 'service/kubernetes\n', stderr: '', exitCode: 0 },
  { stdout: '', stderr: 'Error from server (NotFound): services "nope" not found\n', exitCode: 1 },
];

test.skipIf(!built)('import { createCluster } from "kube-sim" works from an ES module', () => {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script("import { createCluster } from 'kube-sim';")], { cwd: root, encoding: 'utf8' });
  expect(JSON.parse(out)).toEqual(expected);
});

test.skipIf(!built)('require("kube-sim") works from CommonJS', () => {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script("import { createRequire } from 'node:module'; const { createCluster } = createRequire(process.cwd() + '/x.cjs')('kube-sim');")], { cwd: root, encoding: 'utf8' });
  expect(JSON.parse(out)).toEqual(expected);
});

test.skipIf(!built)('the documented example suite passes against the built package', () => {
  const out = execFileSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', join(root, 'examples', 'library'), '--reporter', 'dot'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
  });
  // eslint-disable-next-line no-control-regex
  expect(out.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/Tests\s+4 passed \(4\)/);
});
