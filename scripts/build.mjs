// Build step: one minified CommonJS bundle for the CLI (fast cold start: performance notes §2), the
// library in both module formats, and the library's type declarations (dist/types). Type checking is
// separate (`npm run typecheck`).
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { isAscii } from 'node:buffer';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative, resolve } from 'node:path';
import { COLD_FILE, buildCliParts } from './bundle-parts.mjs';

/** Source of a shim's export `name`: a function calling (or constructing) the module's own, loaded by g() on first use. */
const callThrough = (name) => `export function ${name}(...a) { return new.target ? new (g().${name})(...a) : g().${name}.apply(this, a); }`;

/** Source of a proxy that reads the object `target` (an expression such as `g().X`, evaluated at each access). */
const proxyOf = (target) =>
  `new Proxy({}, { get: (_, p) => ${target}[p], has: (_, p) => p in ${target}, ownKeys: () => Reflect.ownKeys(${target}), getOwnPropertyDescriptor: (_, p) => { const d = Object.getOwnPropertyDescriptor(${target}, p); return d && { ...d, configurable: true }; }, getPrototypeOf: () => Object.getPrototypeOf(${target}) })`;

/**
 * Builtins that most commands never use but that would load at start-up (crypto's ~15 internal modules,
 * child_process with dgram, since commander requires child_process at its top; worker_threads, which
 * only `test --jobs` uses, 3-10 ms; net, for one address check; http with net and the streams, ~30
 * modules, reached by every `get` through serve's Status helpers; os, ~0.5 ms, for the home directory when
 * no state path is given and the temporary directory of a walkthrough): in the CLI bundle they load on first
 * use. ESM importers get lazy named exports made from the builtin's own names (functions callable and
 * constructible, objects such as http's STATUS_CODES as proxies); CommonJS importers get a proxy that
 * loads the builtin on first access.
 */
const LAZY_BUILTINS = ['crypto', 'child_process', 'worker_threads', 'net', 'http', 'os'];
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
module.exports = ${proxyOf('g()')};`,
      loader: 'js',
    }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-esm' }, (args) => {
      const real = createRequire(import.meta.url)(`node:${args.path}`);
      const names = Object.keys(real).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k));
      const fns = names.filter((k) => typeof real[k] === 'function');
      const objects = names.filter((k) => real[k] !== null && typeof real[k] === 'object');
      return {
        contents: `let m; const g = () => (m ??= require('node:${args.path}'));
${fns.map(callThrough).join('\n')}
${objects.map((k) => `export const ${k} = ${proxyOf(`g().${k}`)};`).join('\n')}
export default new Proxy({}, { get: (_, k) => g()[k] });`,
        loader: 'js',
      };
    });
  },
};

/**
 * Packages that only some commands use, kept out of start-up the same way: a static import gets a shim
 * whose functions and classes load the bundled package on first use (yaml for manifests and -o yaml,
 * chalk for a terminal's colours, ws for serve). Only functions and classes can be imported so.
 */
const LAZY_PACKAGES = ['yaml', 'chalk', 'ws'];
const lazyPackages = {
  name: 'lazy-packages',
  setup(b) {
    const filter = new RegExp(`^(${LAZY_PACKAGES.join('|')})$`);
    // Only static imports from our code get the shim; the shim's own require and dynamic imports resolve as usual.
    b.onResolve({ filter }, (args) => (args.namespace === 'file' && args.kind === 'import-statement' ? { path: args.path, namespace: 'lazy-pkg' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-pkg' }, async (args) => {
      const real = await import(args.path);
      const fns = Object.keys(real).filter((k) => k !== 'default' && typeof real[k] === 'function' && /^[A-Za-z_$][\w$]*$/.test(k));
      return {
        contents: `let m; const g = () => (m ??= require(${JSON.stringify(args.path)}));
${fns.map(callThrough).join('\n')}`,
        loader: 'js',
        resolveDir: process.cwd(),
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

/**
 * Our own modules whose initialisation is costly and that most commands never need, each lazy only for
 * the importers listed (its own folder, or the commands that run it, import it as usual): the API schema
 * tables (explain, validation, version conversion), the simulated shell for the controllers and for a
 * container's timed main process (only exec, probes and starting containers run it, and only a script
 * runs its programs), the API server's write path for the controllers that create or delete objects and
 * for get's -f targets, the manifest reader and go-yaml's syntax check for get, its -f targets and the
 * kubeconfig (only -f and a kubeconfig file parse YAML), the jsonpath, go-template and custom-columns
 * printers for printers/output (only those -o formats run them), `get --raw`, `get -w` and `--sort-by`
 * for get, the help texts (only --help and errors print them), the walkthrough workers of `test --jobs`
 * for the bundle's entry (the walkthrough runner and the shell behind it), and the command modules for
 * the list that registers them (a run needs the few it registers), and serve's OpenAPI documents for its
 * read path (a cold root too: only a client's /openapi/v3 request builds them). A `get svc` so initialises (and its
 * code cache holds) none of them. Such an import
 * gets a shim: functions and classes call through, objects are proxies reading the real ones (an
 * ALL_CAPS re-export is taken for an object, any other re-export for a function); so a module made lazy
 * exports no string or number a lazy importer uses.
 */
const LAZY_IMPORTS = [
  { module: /[\\/]src[\\/]api[\\/]schema[\\/](kinds|meta)\.ts$/, from: (importer, module) => !importer.startsWith(dirname(module)) },
  { module: /[\\/]src[\\/]shell[\\/]index\.ts$/, from: (importer) => /[\\/]src[\\/]controllers[\\/]/.test(importer) },
  { module: /[\\/]src[\\/]shell[\\/](shell|programs[\\/]index)\.ts$/, from: (importer) => /[\\/]src[\\/]shell[\\/]timed\.ts$/.test(importer) },
  { module: /[\\/]src[\\/]api[\\/]server\.ts$/, from: (importer) => /[\\/]src[\\/](controllers[\\/]|cli[\\/]manifest-targets\.ts$)/.test(importer) },
  { module: /[\\/]src[\\/]api[\\/](manifest|goyaml-check)\.ts$/, from: (importer) => /[\\/]src[\\/]cli[\\/](commands[\\/]get|manifest-targets|kubeconfig)\.ts$/.test(importer) },
  { module: /[\\/]src[\\/]printers[\\/](go-template|jsonpath|custom-columns)\.ts$/, from: (importer) => /[\\/]src[\\/]printers[\\/]output\.ts$/.test(importer) },
  { module: /[\\/]src[\\/]cli[\\/]help\.ts$/, from: (importer) => /[\\/]src[\\/]cli[\\/]program\.ts$/.test(importer) },
  { module: /[\\/]src[\\/]controllers[\\/]list\.ts$/, from: (importer) => /[\\/]src[\\/]controllers[\\/]index\.ts$/.test(importer) },
  { module: /[\\/]src[\\/]addons[\\/]website-examples\.ts$/, from: (importer) => /[\\/]src[\\/](addons[\\/]remote-manifests|transcript[\\/]kubectl-bridge)\.ts$/.test(importer) },
  { module: /[\\/]src[\\/]cli[\\/]commands[\\/]test-jobs\.ts$/, from: (importer) => /[\\/]src[\\/]cli[\\/]bin\.ts$/.test(importer) },
  { module: /[\\/]src[\\/]serve[\\/]openapi\.ts$/, from: (importer) => /[\\/]src[\\/]serve[\\/]reads\.ts$/.test(importer) },
  { module: /[\\/]src[\\/](cli[\\/]commands[\\/]get-(raw|watch)|printers[\\/]sort-by)\.ts$/, from: (importer) => /[\\/]src[\\/]cli[\\/]commands[\\/]get\.ts$/.test(importer) },
];
/** `load(file)` is the expression a shim loads its module with (the main CLI bundle loads cold ones from its cold part). */
const lazyModules = (load = (file) => `require(${JSON.stringify(file)})`) => ({
  name: 'lazy-modules',
  setup(b) {
    // The command modules, from the list that registers them: a run initialises only the modules it
    // registers (program.ts registers up to the one that owns the command).
    b.onResolve({ filter: /^\.\/[\w-]+\.js$/ }, (args) =>
      args.namespace === 'file' && args.kind === 'import-statement' && /[\\/]src[\\/]cli[\\/]commands[\\/]index\.ts$/.test(args.importer)
        ? { path: resolve(dirname(args.importer), args.path).replace(/\.js$/, '.ts'), namespace: 'lazy-mod' }
        : undefined,
    );
    b.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
      if (args.namespace !== 'file' || args.kind !== 'import-statement') return undefined;
      const target = resolve(dirname(args.importer), args.path).replace(/\.js$/, '.ts');
      return LAZY_IMPORTS.some((l) => l.module.test(target) && l.from(args.importer, target)) ? { path: target, namespace: 'lazy-mod' } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-mod' }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const reexported = [...source.matchAll(/^export \{([^}]+)\} from/gm)].flatMap((m) => m[1].split(',').map((x) => x.trim().split(/\s+as\s+/).pop()).filter((x) => x && !x.startsWith('type ')));
      const fns = [
        ...[...source.matchAll(/^export (?:(?:async )?function (\w+)|class (\w+)|const (\w+)(?::[^=]+)? = (?:\([^)]*\)(?::[^=]+)? =>|function))/gm)].map((m) => m[1] ?? m[2] ?? m[3]),
        ...reexported.filter((n) => !/^[A-Z0-9_]+$/.test(n)),
      ];
      const objects = [...[...source.matchAll(/^export const (\w+)/gm)].map((m) => m[1]), ...reexported].filter((n) => !fns.includes(n));
      return {
        contents: `let m; const g = () => (m ??= ${load(args.path)});
const view = (k) => ${proxyOf('g()[k]')};
${fns.map(callThrough).join('\n')}
${objects.map((k) => `export const ${k} = view(${JSON.stringify(k)});`).join('\n')}`,
        loader: 'js',
        resolveDir: dirname(args.path),
      };
    });
  },
});

/**
 * The command modules whose commands a chapter runs all the time: they stay in the main CLI bundle with
 * what they use. The other command modules, the help texts and the walkthrough workers of `test --jobs`
 * are the roots of the cold part (scripts/bundle-parts.mjs), with every module only they reach (serve, ui,
 * proxy, port-forward, explain, the walkthrough runner, ws, dagre, cli-table3...).
 */
const HOT_COMMAND_MODULES = ['get', 'describe', 'create', 'delete', 'label', 'annotate', 'patch', 'scale', 'run', 'rollout', 'logs', 'wait', 'expose', 'exec', 'cluster', 'set'];
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const COLD_ROOTS = new Set([
  ...[...readFileSync(join(ROOT, 'src', 'cli', 'commands', 'index.ts'), 'utf8').matchAll(/^import \* as \w+ from '\.\/([\w-]+)\.js';$/gm)]
    .map((m) => m[1])
    .filter((name) => !HOT_COMMAND_MODULES.includes(name))
    .map((name) => join(ROOT, 'src', 'cli', 'commands', `${name}.ts`)),
  join(ROOT, 'src', 'cli', 'help.ts'),
  join(ROOT, 'src', 'cli', 'commands', 'test-jobs.ts'),
  join(ROOT, 'src', 'serve', 'openapi.ts'),
]);

// import.meta.url has no CJS form: define it from __filename in the CJS bundles, when first read (making
// the file: URL costs ~0.6 ms, at every start-up if done in the banner, and only a few commands read it).
const cjs = {
  format: 'cjs',
  define: { 'import.meta.url': '__ksImportMeta.url' },
  banner: { js: "const __ksImportMeta = { get url() { return (this.href ??= require('node:url').pathToFileURL(__filename).href); } };" },
};
/**
 * The CLI's two files carry CommonJS's module wrapper themselves, so that bin/kube-sim.cjs compiles each
 * file's text as it is: wrapping it there (Module.wrap) made V8 flatten a second copy of the 1.2 MB source,
 * ~300 page faults (~1 ms on this virtualised host). Run as a script (the bin's vm.Script, in the global
 * scope: `this` is the global object) the file's value is the wrapper function, which the bin calls; loaded
 * by require (Node 22's compile cache, a worker of `test --jobs`, the bin's fallback) it runs at once.
 */
const selfWrapped = (banner) => ({
  banner: { js: `(function (run, self) { return self === globalThis ? run : run.call(self, exports, require, module, __filename, __dirname); })(function (exports, require, module, __filename, __dirname) {\n${banner}` },
  footer: { js: '}, this)' },
});
const common = { bundle: true, platform: 'node', target: 'node20', minify: process.env.KS_NOMINIFY ? false : true, sourcemap: false, logLevel: 'warning', legalComments: 'none' };
/**
 * The declarations of src/lib.ts as the package ships them: tsc emits one .d.ts per module of the program
 * (without type checking, which is `npm run typecheck`'s job), and only those the library's types reach
 * (following the relative imports of lib.d.ts) are kept, so the package carries its public types and
 * nothing of the CLI's internals. They are written twice:
 * dist/types/ for `import` (ESM, as the package's "type" says) and dist/types/cjs/ under a package.json
 * that marks them CommonJS, for `require` under TypeScript's node16/nodenext resolution.
 */
async function declarations() {
  const root = ROOT;
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
  // No import() left in the CLI's two files: bin/kube-sim.cjs runs them through vm.Script (code cache),
  // where Node 20 cannot resolve a dynamic import without an experimental flag.
  buildCliParts(
    ROOT,
    COLD_ROOTS,
    // The main bundle keeps its module object for the cold part's loader (the bin's, with its code cache).
    (load, plugins) => build({ ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.cjs', ...cjs, ...selfWrapped(`${cjs.banner.js}\nconst __ksModule = module;`), metafile: true, supported: { 'dynamic-import': false }, plugins: [lazyBuiltins, lazyClasses, lazyPackages, lazyModules(load), ...plugins] }),
    (plugins) => build({ ...common, entryPoints: ['ks-cold-entry'], outfile: `dist/${COLD_FILE}`, ...cjs, ...selfWrapped(cjs.banner.js), supported: { 'dynamic-import': false }, plugins: [lazyBuiltins, lazyClasses, lazyPackages, lazyModules(), ...plugins] }),
  ),
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
// bin/kube-sim.cjs decodes an ASCII bundle as latin1 (half the time of UTF-8); any other byte only costs that.
for (const file of ['dist/cli.cjs', `dist/${COLD_FILE}`]) {
  if (!isAscii(readFileSync(file))) console.warn(`build: ${file} is not ASCII (a regular expression with a non-ASCII character? write it as \\uXXXX): start-up decodes it as UTF-8, ~3 ms slower`);
}
