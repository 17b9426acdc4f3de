// Build step: one minified CommonJS bundle for the CLI (fast cold start: performance notes §2) and the
// library in both module formats. Type checking is separate (`npm run typecheck`).
import { build } from 'esbuild';
import { createRequire } from 'node:module';

/**
 * Builtins that most commands never use but that would load at start-up (crypto's ~15 internal modules,
 * child_process with dgram; commander requires child_process at its top): in the CLI bundle they load
 * on first use. ESM importers get lazy named exports made from the builtin's own function names
 * (callable and constructible); CommonJS importers get a proxy that loads the builtin on first access.
 */
const LAZY_BUILTINS = ['crypto', 'child_process'];
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

// import.meta.url has no CJS form: define it from __filename in the CJS bundles.
const cjs = { format: 'cjs', define: { 'import.meta.url': '__ksImportMetaUrl' }, banner: { js: "const __ksImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" } };
const common = { bundle: true, platform: 'node', target: 'node20', minify: true, sourcemap: false, logLevel: 'warning', legalComments: 'none' };
await Promise.all([
  // No import() left in the CLI bundle: bin/kube-sim.cjs runs it through vm.Script (code cache), where
  // Node 20 cannot resolve a dynamic import without an experimental flag.
  build({ ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.cjs', ...cjs, supported: { 'dynamic-import': false }, plugins: [lazyBuiltins] }),
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
