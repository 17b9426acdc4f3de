/**
 * kube-sim as its users install it: `npm pack`, `npm install -g` of the tarball into a temporary prefix,
 * the `kube-sim` command found on that prefix's PATH and run from another directory with a fresh HOME (the
 * cluster lands in HOME's state directory, nothing in the package), and TypeScript consumers, ES module and
 * CommonJS, typechecking against the shipped declarations.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, ensureBuilt } from '../robustness/processes.js';

const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' }).status === 0;
if (!npm) console.warn('test/install: npm is not on the PATH; the package tests are skipped');

/** The environment of a user's shell: PATH has the install prefix, HOME is fresh, no kube-sim variables. */
function userEnv(prefix: string, home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH}`, HOME: home, KUBE_SIM_CLOCK: 'virtual', NO_COLOR: '1', ...extra };
  for (const k of ['KUBE_SIM_STATE', 'XDG_STATE_HOME', 'XDG_CACHE_HOME']) if (!(k in extra)) delete env[k];
  return env;
}

function ok(r: SpawnSyncReturns<string>): string {
  if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const NAMESPACES = 'NAME                 STATUS   AGE\ndefault              Active   5m\nkube-node-lease      Active   5m\nkube-public          Active   5m\nkube-system          Active   5m\nlocal-path-storage   Active   5m\n';

describe.skipIf(!npm)('the packed package', () => {
  let dir: string;
  let prefix: string;
  let installed: string;

  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'kube-sim-package-'));
    // --ignore-scripts: dist/ is already built (prepare would rebuild it in the worktree under test).
    const packed = JSON.parse(ok(spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' }))) as { filename: string; files: { path: string }[] }[];
    const tarball = join(dir, packed[0]!.filename);
    prefix = join(dir, 'prefix');
    ok(spawnSync('npm', ['install', '-g', '--prefix', prefix, tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: dir, encoding: 'utf8' }));
    installed = join(prefix, 'lib', 'node_modules', 'kube-sim');
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('ships the CLI, the bundles, the declarations, the ui\'s page script and the examples, and no state', () => {
    expect(readdirSync(installed).sort()).toEqual(['README.md', 'bin', 'dist', 'examples', 'node_modules', 'package.json']);
    expect(readdirSync(join(installed, 'dist')).sort()).toEqual(['cli-cold.cjs', 'cli.cjs', 'lib.cjs', 'lib.mjs', 'types', 'ui-app.js']);
    expect(existsSync(join(installed, 'dist', 'types', 'lib.d.ts'))).toBe(true);
    expect(existsSync(join(installed, 'dist', 'types', 'cjs', 'lib.d.ts'))).toBe(true);
    // The bundles carry every runtime dependency: the one package installed beside is the types' kubernetes-types.
    expect(readdirSync(join(installed, 'node_modules'))).toEqual(['kubernetes-types']);
  });

  test('`kube-sim get ns` from another directory keeps its cluster in the fresh HOME\'s state directory', () => {
    const home = join(dir, 'home');
    const elsewhere = join(dir, 'work');
    mkdirSync(home);
    mkdirSync(elsewhere);
    const r = spawnSync('kube-sim', ['get', 'ns'], { cwd: elsewhere, env: userEnv(prefix, home), encoding: 'utf8' });
    expect({ stdout: r.stdout, stderr: r.stderr, status: r.status }).toEqual({ stdout: NAMESPACES, stderr: '', status: 0 });
    expect(existsSync(join(home, '.local', 'state', 'kube-sim', 'cluster.json'))).toBe(true);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(readdirSync(installed)).not.toContain('state');
    // $XDG_STATE_HOME, when set, is the state directory instead.
    const xdg = join(dir, 'xdg-state');
    const x = spawnSync('kube-sim', ['create', 'namespace', 'mine'], { cwd: elsewhere, env: userEnv(prefix, home, { XDG_STATE_HOME: xdg }), encoding: 'utf8' });
    expect(x.stdout).toBe('namespace/mine created\n');
    expect(existsSync(join(xdg, 'kube-sim', 'cluster.json'))).toBe(true);
    expect(spawnSync('kube-sim', ['get', 'ns', 'mine', '-o', 'name'], { cwd: elsewhere, env: userEnv(prefix, home), encoding: 'utf8' }).stderr).toBe('Error from server (NotFound): namespaces "mine" not found\n');
  });

  test('a rarely used command runs from the second bundle file (dist/cli-cold.cjs), sharing the cluster code', () => {
    const home = join(dir, 'home-cold');
    const cache = join(dir, 'cache-cold');
    mkdirSync(home);
    const env = userEnv(prefix, home, { XDG_CACHE_HOME: cache });
    // Twice: the first run compiles both files and leaves their code caches, the second runs from them.
    for (let i = 0; i < 2; i++) {
      const r = spawnSync('kube-sim', ['api-resources', '--api-group=apps', '--namespaced=true'], { cwd: dir, env, encoding: 'utf8' });
      expect({ stdout: r.stdout, stderr: r.stderr, status: r.status }).toEqual({
        stdout: `NAME                  SHORTNAMES   APIVERSION   NAMESPACED   KIND
controllerrevisions                apps/v1      true         ControllerRevision
daemonsets            ds           apps/v1      true         DaemonSet
deployments           deploy       apps/v1      true         Deployment
replicasets           rs           apps/v1      true         ReplicaSet
statefulsets          sts          apps/v1      true         StatefulSet
`,
        stderr: '',
        status: 0,
      });
    }
    expect(readdirSync(join(cache, 'kube-sim')).filter((f) => f.endsWith('-api-resources.cache'))).toHaveLength(2);
  });

  test('TypeScript consumers typecheck against the shipped types, as an ES module and as CommonJS', () => {
    const project = join(dir, 'consumer');
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    symlinkSync(installed, join(project, 'node_modules', 'kube-sim'));
    const use = `const cluster = createCluster({ seed: 7 });
const r: RunResult = await cluster.run('get ns');
const code: number = r.exitCode;
const t: TranscriptResult = await runTranscript('walkthrough.md');
export const passed: boolean = t.passed && code === 0;
`;
    writeFileSync(join(project, 'esm.mts'), `import { createCluster, runTranscript, type RunResult, type TranscriptResult } from 'kube-sim';\n${use}`);
    writeFileSync(join(project, 'cjs.cts'), `import { createCluster, runTranscript, type RunResult, type TranscriptResult } from 'kube-sim';\nexport async function check(): Promise<boolean> {\n${use.replace('export const', 'const').replace(/^/gm, '  ')}  return passed;\n}\n`);
    // A misuse must be an error: the types are real, not an implicit any.
    writeFileSync(join(project, 'wrong.mts'), `import { createCluster } from 'kube-sim';\nawait createCluster().run(42);\n`);
    // node16, not nodenext: nodenext lets a CommonJS file require ES modules (Node 22), which would hide
    // CommonJS consumers being handed the ES module declarations.
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'node16', moduleResolution: 'node16', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')] },
        files: ['esm.mts', 'cjs.cts', 'wrong.mts'],
      }),
    );
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' });
    expect(r.stdout).toBe("wrong.mts(2,27): error TS2345: Argument of type 'number' is not assignable to parameter of type 'string | string[]'.\n");
  });
});
