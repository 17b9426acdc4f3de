// Build step: one minified CommonJS bundle for the CLI (fast cold start: performance notes §2) and the
// library in both module formats. Type checking is separate (`npm run typecheck`).
import { build } from 'esbuild';

// import.meta.url has no CJS form: define it from __filename in the CJS bundles.
const cjs = { format: 'cjs', define: { 'import.meta.url': '__ksImportMetaUrl' }, banner: { js: "const __ksImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" } };
const common = { bundle: true, platform: 'node', target: 'node20', minify: true, sourcemap: false, logLevel: 'warning', legalComments: 'none' };
await Promise.all([
  // No import() left in the CLI bundle: bin/kube-sim.cjs runs it through vm.Script (code cache), where
  // Node 20 cannot resolve a dynamic import without an experimental flag.
  build({ ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.cjs', ...cjs, supported: { 'dynamic-import': false } }),
  build({ ...common, entryPoints: ['src/lib.ts'], outfile: 'dist/lib.cjs', ...cjs }),
  build({
    ...common,
    entryPoints: ['src/lib.ts'],
    outfile: 'dist/lib.mjs',
    format: 'esm',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  }),
]);
