// Build step: one minified CommonJS bundle for the CLI (fast cold start: performance notes §2), the
// library in both module formats, and the library's type declarations (dist/types). Type checking is
// separate (`npm run typecheck`).
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Builtins that most commands never use but that would load at start-up (crypto's ~15 internal modules,
 * child_process with dgram; commander requires child_process at its top; worker_threads, which only
 * `test --jobs` uses, 3-10 ms): in the CLI bundle they load
 * on first use. ESM importers get lazy named exports made from the builtin's own function names
 * (callable and constructible); CommonJS importers get a proxy that loads the builtin on first access.
 */
const LAZY_BUILTINS = ['crypto', 'child_process', 'worker_threads'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`);
    b.onResolve({ filter }, (args) =>
      // The shims' own require of the builtin is the real one.
      args.namespace.startsWith('lazy-')
        ? { path: `node:${args.path.replace(/^node:/, '')}`, external: true }
        : { path: args.path.replace(/^node:/, ''), namespace: args.kind === 'require-call' ? 'lazy-cjs' : 'lazy-esm' },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-cjs' }, (args) => ({
      contents: `let m; const g = () => (m ??= require('node:${args.path}'));
module.exports = new Proxy({}, { get: (_, k) => g()[k], has: (_, k) => k in g(), ownKeys: () => Reflect.ownKeys(g()), getOwnPropertyDescriptor: (_, k) => { const d = Object.getOwnPropertyDescriptor(g(), k); return d && { ...d, configurable: true }; } });`,
      loader: 'js',
    }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-esm' }, (args) => {
      const real = createRequire(import.meta.url)(`node:${args.path}`);
      const fns = Object.keys(real).filter((k) => typeof real[k] === 'function' && /^[A-Za-z_$][\w$]*$/.test(k));
      return {
        contents: `let m; const g = () => (m ??= require('node:${args.path}'));
${fns.map((k) => `export function ${k}(...a) { return new.target ? new (g().${k})(...a) : g().${k}.apply(this, a); }`).join('\n')}
export default new Proxy({}, { get: (_, k) => g()[k] });`,
        loader: 'js',
      };
    });
  },
};

/**
 * Packages that one rarely used command needs and whose default export is a class (cli-table3, for
 * `addons list`): bundled as ever, but initialised on the first `new`, not at every start-up.
 */
const LAZY_CLASSES = ['cli-table3'];
const lazyClasses = {
  name: 'lazy-classes',
  setup(b) {
    const filter = new RegExp(`^(${LAZY_CLASSES.join('|')})$`);
    // The shim's own require is resolved as usual, to the bundled package.
    b.onResolve({ filter }, (args) => (args.namespace === 'lazy-class' ? undefined : { path: args.path, namespace: 'lazy-class' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-class' }, (args) => ({
      contents: `let m; export default function Lazy(...a) { return new (m ??= require(${JSON.stringify(args.path)}))(...a); }`,
      loader: 'js',
      resolveDir: dirname(fileURLToPath(import.meta.url)),
    }));
  },
};

// import.meta.url has no CJS form: define it from __filename in the CJS bundles.
const cjs = { format: 'cjs', define: { 'import.meta.url': '__ksImportMetaUrl' }, banner: { js: "const __ksImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" } };
const common = { bundle: true, platform: 'node', target: 'node20', minify: true, sourcemap: false, logLevel: 'warning', legalComments: 'none' };
/**
 * The declarations of src/lib.ts as the package ships them: tsc emits one .d.ts per module of the program
 * (without type checking, which is `npm run typecheck`'s job), and only those the library's types reach
 * (following the relative imports of lib.d.ts) are kept, so the package carries its public types and
 * nothing of the CLI's internals. They are written twice:
 * dist/types/ for `import` (ESM, as the package's "type" says) and dist/types/cjs/ under a package.json
 * that marks them CommonJS, for `require` under TypeScript's node16/nodenext resolution.
 */
async function declarations() {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const tmp = mkdtempSync(join(tmpdir(), 'kube-sim-types-'));
  try {
    const config = join(tmp, 'tsconfig.json');
    writeFileSync(
      config,
      JSON.stringify({
        extends: join(root, 'tsconfig.json'),
        compilerOptions: { noEmit: false, declaration: true, emitDeclarationOnly: true, noCheck: true, outDir: join(tmp, 'out'), rootDir: join(root, 'src'), typeRoots: [join(root, 'node_modules', '@types')] },
        files: [join(root, 'src', 'lib.ts')],
        include: [],
      }),
    );
    // The package's bin (its exports do not list it): found from its package.json.
    const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
    const code = await new Promise((done) => spawn(process.execPath, [tsc, '-p', config], { stdio: 'inherit' }).on('close', done));
    if (code !== 0) throw new Error(`tsc could not emit the declarations (exit ${code})`);
    const out = join(tmp, 'out');
    const keep = new Set();
    const visit = (file) => {
      if (keep.has(file)) return;
      keep.add(file);
      for (const m of readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\()['"](\.[^'"]+)['"]/g)) visit(resolve(dirname(file), m[1].replace(/\.js$/, '.d.ts')));
    };
    visit(join(out, 'lib.d.ts'));
    const dest = join(root, 'dist', 'types');
    rmSync(dest, { recursive: true, force: true });
    for (const file of keep) {
      for (const base of [dest, join(dest, 'cjs')]) {
        mkdirSync(dirname(join(base, relative(out, file))), { recursive: true });
        cpSync(file, join(base, relative(out, file)));
      }
    }
    writeFileSync(join(dest, 'cjs', 'package.json'), '{ "type": "commonjs" }\n');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await Promise.all([
  declarations(),
  // No import() left in the CLI bundle: bin/kube-sim.cjs runs it through vm.Script (code cache), where
  // Node 20 cannot resolve a dynamic import without an experimental flag.
  build({ ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.cjs', ...cjs, supported: { 'dynamic-import': false }, plugins: [lazyBuiltins, lazyClasses] }),
  build({ ...common, entryPoints: ['src/lib.ts'], outfile: 'dist/lib.cjs', ...cjs }),
  // The live page's script for the browser (kube-sim ui serves it from dist/, so the page works offline).
  build({ bundle: true, minify: true, logLevel: 'warning', legalComments: 'none', entryPoints: ['src/ui/front/app.ts'], outfile: 'dist/ui-app.js', platform: 'browser', format: 'iife', target: ['chrome110', 'firefox110', 'safari16'] }),
  build({
    ...common,
    entryPoints: ['src/lib.ts'],
    outfile: 'dist/lib.mjs',
    format: 'esm',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  }),
]);
