// The CLI bundle in two files (used by scripts/build.mjs). Every start-up reads and compiles the whole
// bundle it runs (V8 deserialises the code cache of its top level, and creates a closure for each of its
// top-level functions), so the code only rarely used commands reach is kept out of dist/cli.cjs: the
// "cold" part, dist/cli-cold.cjs, is loaded by the first use of one of its roots (bin/kube-sim.cjs
// compiles it through its code cache, as the main bundle). Both parts share one instance of every module:
// the cold part holds only modules the main bundle does not, and takes the others from it by a link.
//
// Three esbuild passes: (1) the main bundle, each cold root's lazy import loading it from the cold part,
// gives the set of modules the main bundle holds; (2) the cold part bundles its roots, every module of that
// set becoming a link to the main bundle's (which records the links it needs); (3) the main bundle again,
// now with a table that hands the cold part those modules (the same modules as pass 1: checked).
import { build } from 'esbuild';
import { isBuiltin } from 'node:module';
import { join, relative, resolve } from 'node:path';

/** The name of the cold part's file, beside the main bundle. */
export const COLD_FILE = 'cli-cold.cjs';

/** A module's id in the links between the parts: its path from the project root, with / separators. */
const idOf = (root, file) => relative(root, file).split('\\').join('/');

/** The modules (absolute paths) an esbuild metafile says a bundle holds. */
function modulesOf(root, metafile) {
  return new Set(Object.keys(metafile.inputs).filter((k) => !/^[\w-]+:/.test(k)).map((k) => resolve(root, k)));
}

/**
 * The expression a lazy import's shim (scripts/build.mjs) loads `file` with in the main bundle: from the
 * cold part for a cold root that pass 1 did not find in the main bundle anyway, else bundled.
 */
export function mainLoader(root, coldRoots, mainModules) {
  return (file) =>
    coldRoots.has(file) && !mainModules?.has(file) ? `require('ks-parts').coldModule(${JSON.stringify(idOf(root, file))})` : `require(${JSON.stringify(file)})`;
}

/**
 * The main bundle's side: `ks-parts`, which loads the cold part on first use (through the bin's code
 * cache when the bin compiled this bundle, else by require) and hands it the main bundle's modules it
 * links to, each initialised when the cold part first asks for it. `links` maps each such module's id to
 * its export names, or to null for a CommonJS module (handed as its module.exports). An ES module is
 * handed as an object of getters made on first use by a `ks-link:` module that imports its names:
 * requiring the module itself would make esbuild build its namespace object at every start-up (a getter
 * per export, ~2 ms for the ~80 modules linked).
 */
export function mainPartsPlugin(root, links) {
  const ids = [...links.keys()].sort();
  return {
    name: 'ks-parts',
    setup(b) {
      b.onResolve({ filter: /^ks-parts$/ }, () => ({ path: 'ks-parts', namespace: 'ks-parts' }));
      b.onResolve({ filter: /^ks-link:/ }, (args) => ({ path: args.path.slice('ks-link:'.length), namespace: 'ks-link' }));
      b.onLoad({ filter: /.*/, namespace: 'ks-parts' }, () => ({
        contents: `const linked = { ${ids.map((id) => `${JSON.stringify(id)}: () => ${links.get(id) ? `require(${JSON.stringify(`ks-link:${id}`)}).link()` : `require(${JSON.stringify(resolve(root, id))})`}`).join(', ')} };
let cold;
export function coldModule(id) {
  if (!cold) {
    const file = require('node:path').join(__dirname, ${JSON.stringify(COLD_FILE)});
    const load = typeof __ksModule === 'object' && typeof __ksModule.ksLoadPart === 'function' ? __ksModule.ksLoadPart : require;
    cold = load(file)((id) => linked[id]());
  }
  return cold[id]();
}`,
        loader: 'js',
        resolveDir: root,
      }));
      b.onLoad({ filter: /.*/, namespace: 'ks-link' }, (args) => {
        const names = links.get(args.path);
        return {
          contents: `import { ${names.map((n, i) => `${JSON.stringify(n)} as v${i}`).join(', ')} } from ${JSON.stringify(resolve(root, args.path))};
let exported;
export function link() {
  return (exported ??= { __esModule: true, ${names.map((n, i) => `get ${JSON.stringify(n)}() { return v${i}; }`).join(', ')} });
}`,
          loader: 'js',
          resolveDir: root,
        };
      });
    },
  };
}

/**
 * The cold part's side: its entry exports a function that takes the link to the main bundle's modules and
 * returns the roots' loaders; an import of a module the main bundle holds becomes that link (recorded in
 * `links`). Last among the plugins, so that the lazy shims are made first.
 */
export function coldPartPlugin(root, coldRoots, mainModules, links) {
  return {
    name: 'ks-cold-part',
    setup(b) {
      b.onResolve({ filter: /^ks-(cold-entry|link)$/ }, (args) => ({ path: args.path, namespace: 'ks-cold' }));
      b.onLoad({ filter: /^ks-cold-entry$/, namespace: 'ks-cold' }, () => ({
        contents: `const link = require('ks-link');
module.exports = (main) => {
  link.set(main);
  return { ${[...coldRoots].filter((f) => !mainModules.has(f)).map((f) => `${JSON.stringify(idOf(root, f))}: () => require(${JSON.stringify(f)})`).join(', ')} };
};`,
        loader: 'js',
        resolveDir: root,
      }));
      b.onLoad({ filter: /^ks-link$/, namespace: 'ks-cold' }, () => ({ contents: 'let main;\nexports.set = (m) => { main = m; };\nexports.get = (id) => main(id);', loader: 'js' }));
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.ksResolving || args.kind === 'entry-point' || isBuiltin(args.path) || args.namespace === 'ks-cold') return undefined;
        // Resolved as a require, which no lazy shim applies to: the plain file it names.
        const r = await b.resolve(args.path, { kind: 'require-call', resolveDir: args.resolveDir, importer: args.importer, pluginData: { ksResolving: true } });
        if (r.errors.length || r.namespace !== 'file' || !mainModules.has(r.path)) return undefined;
        const id = idOf(root, r.path);
        links.add(id);
        return { path: id, namespace: 'ks-main' };
      });
      b.onLoad({ filter: /.*/, namespace: 'ks-main' }, (args) => ({ contents: `module.exports = require('ks-link').get(${JSON.stringify(args.path)});`, loader: 'js', resolveDir: root }));
    },
  };
}

/** The export names of each ES module among `files` (absolute paths), by id, from an esbuild metafile. */
async function exportNames(root, files) {
  if (!files.length) return new Map();
  const r = await build({ entryPoints: files, bundle: true, format: 'esm', splitting: true, platform: 'node', outdir: join(root, 'dist', 'ks-exports'), write: false, metafile: true, logLevel: 'silent' });
  const names = new Map();
  for (const out of Object.values(r.metafile.outputs)) if (out.entryPoint) names.set(idOf(root, resolve(root, out.entryPoint)), out.exports);
  return names;
}

/**
 * Build the CLI in its two parts. `buildMain(loader, extraPlugins)` and `buildCold(extraPlugins)` run
 * esbuild (with metafile) for the main bundle and the cold part; `loader` is mainLoader's function for the
 * lazy shims. Throws when pass 3's main bundle does not hold exactly pass 1's modules.
 */
export async function buildCliParts(root, coldRoots, buildMain, buildCold) {
  const first = await buildMain(mainLoader(root, coldRoots, undefined), [mainPartsPlugin(root, new Map())]);
  const mainModules = modulesOf(root, first.metafile);
  const linked = new Set();
  await buildCold([coldPartPlugin(root, coldRoots, mainModules, linked)]);
  const esm = [...linked].filter((id) => first.metafile.inputs[id]?.format === 'esm');
  const names = await exportNames(root, esm.map((id) => resolve(root, id)));
  const links = new Map([...linked].map((id) => [id, names.get(id) ?? null]));
  const last = await buildMain(mainLoader(root, coldRoots, mainModules), [mainPartsPlugin(root, links)]);
  const lastModules = modulesOf(root, last.metafile);
  const moved = [...lastModules].filter((f) => !mainModules.has(f)).concat([...mainModules].filter((f) => !lastModules.has(f)));
  if (moved.length) throw new Error(`build: the main bundle's modules changed between passes: ${moved.map((f) => idOf(root, f)).join(', ')}`);
}
