#!/usr/bin/env node
// kube-sim: a thin wrapper around the bundled CLI (built by `npm ci` / `npm run build`).
// Compiling the bundle is the largest fixed cost of a command, so it is run from a V8 code cache:
// Node 22+ has one built in (module.enableCompileCache); on Node 20 the bundle is compiled through
// vm.Script with cachedData kept in a per-user cache directory (performance notes §2 (d)), one per
// command word, made at the exit of the first run so it holds the functions that command compiled.
// Any problem with the cache (unwritable directory, rejected data) only means compiling from source.
'use strict';
const Module = require('node:module');
const path = require('node:path');
const bundle = path.join(__dirname, '..', 'dist', 'cli.cjs');

function cacheDir(fs, os) {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  const dir = process.env.XDG_CACHE_HOME ? path.join(process.env.XDG_CACHE_HOME, 'kube-sim') : path.join(os.tmpdir(), `kube-sim-cache-${uid}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Only a directory of our own: code cache data from another user is never loaded.
  const st = fs.statSync(dir);
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) throw new Error('cache directory not ours');
  return dir;
}

/** Compile the bundle with a code cache; returns the function to run, or null to load it plainly. */
function compileCached() {
  const fs = require('node:fs');
  const os = require('node:os');
  const vm = require('node:vm');
  const source = fs.readFileSync(bundle, 'utf8');
  const st = fs.statSync(bundle);
  let file = null;
  let dir = null;
  let prefix = '';
  let version = '';
  try {
    // One cache per installed bundle (by path), replaced when the bundle or Node changes.
    let h = 0;
    for (const ch of bundle) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
    prefix = `cli-${h.toString(16)}-`;
    version = `${process.version}-${process.arch}-${st.size}-${Math.floor(st.mtimeMs)}`;
    // One cache per command word: each holds the functions its kind of command compiled.
    const word = /^[a-z][a-z-]{0,30}$/.test(process.argv[2] ?? '') ? process.argv[2] : 'other';
    dir = cacheDir(fs, os);
    file = path.join(dir, `${prefix}${version}-${word}.cache`);
  } catch {
    file = null;
  }
  let cachedData;
  if (file) {
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  if (file && (cachedData === undefined || script.cachedDataRejected)) {
    // Made at exit, so the functions this command compiled lazily are in the cache too.
    process.once('exit', () => {
      try {
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, file);
        // Caches of an older bundle or Node are dead weight.
        for (const f of fs.readdirSync(dir)) if (f.startsWith(prefix) && !f.startsWith(prefix + version + '-') && f.endsWith('.cache')) fs.unlinkSync(path.join(dir, f));
      } catch {
        /* no cache this time */
      }
    });
  }
  return script.runInThisContext();
}

function run() {
  if (typeof Module.enableCompileCache === 'function') {
    Module.enableCompileCache();
    return require(bundle);
  }
  let compiled = null;
  try {
    compiled = compileCached();
  } catch {
    compiled = null;
  }
  if (!compiled) return require(bundle);
  const m = new Module(bundle, module);
  m.filename = bundle;
  m.paths = Module._nodeModulePaths(path.dirname(bundle));
  m.loaded = true;
  return compiled.call(m.exports, m.exports, Module.createRequire(bundle), m, bundle, path.dirname(bundle));
}

run();
