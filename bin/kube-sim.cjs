#!/usr/bin/env node
// kube-sim: a thin wrapper around the bundled CLI (built by `npm ci` / `npm run build`).
// Compiling the bundle is the largest fixed cost of a command, so it is run from a V8 code cache:
// Node 22+ has one built in (module.enableCompileCache); on Node 20 the bundle is compiled through
// vm.Script with cachedData kept in a per-user cache directory (performance notes §2 (d)), one per
// command word, -f or not and output shape (commandShape), made at the exit of the first run that
// succeeded without setting up a new cluster, so it holds the functions that kind of command compiled.
// The CLI is two files (scripts/bundle-parts.mjs): dist/cli.cjs, and dist/cli-cold.cjs, which the
// first file loads through this wrapper's loadPart (the same cache) when a rarely used command needs it.
// Any problem with the cache (unwritable directory, rejected data) only means compiling from source.
'use strict';
// This file's own module object is a Module: its constructor is what node:module exports, without
// loading node:module itself (~0.5 ms: it brings the ESM loader and source maps, which no run here uses).
const Module = module.constructor;
const path = require('node:path');
const bundle = path.join(__dirname, '..', 'dist', 'cli.cjs');

/** Cache files not used for this long are removed (other installs' bundle paths, npx runs, temporary installs). */
const CACHE_UNUSED_MS = 7 * 24 * 3600 * 1000;
/** At most this many cache files are kept (~0.3-0.9 MB each): the least recently used go first. */
const CACHE_MAX_FILES = 64;

/**
 * os.tmpdir() without loading node:os (~0.5 ms of every start-up, which node -e 0 does not pay): on POSIX
 * it is $TMPDIR, $TMP or $TEMP, else /tmp, without a trailing slash.
 */
function tmpDir() {
  if (process.platform === 'win32') return require('node:os').tmpdir();
  const dir = process.env.TMPDIR || process.env.TMP || process.env.TEMP || '/tmp';
  return dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir;
}

function cacheDir(fs) {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  const dir = process.env.XDG_CACHE_HOME ? path.join(process.env.XDG_CACHE_HOME, 'kube-sim') : path.join(tmpDir(), `kube-sim-cache-${uid}`);
  // Made by the first run (a stat, not a mkdir that fails, on every other run).
  let st = fs.statSync(dir, { throwIfNoEntry: false });
  if (!st) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    st = fs.statSync(dir);
  }
  // Only a directory of our own: code cache data from another user is never loaded.
  if (!st.isDirectory()) throw new Error('cache directory not a directory');
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) throw new Error('cache directory not ours');
  return dir;
}

/**
 * Keep the cache directory bounded, when a new cache has just been written (never on a run that only
 * reads one): caches of an older bundle or Node at this path are dead weight; any file not used for
 * CACHE_UNUSED_MS belongs to a bundle that is gone or idle; past CACHE_MAX_FILES the least recently used
 * go. "Used" is the later of the access time (the kernel's relatime updates it about daily on a read) and
 * the modification time; a cache removed while still in use is only made again by its next run.
 */
function pruneCaches(fs, dir, prefix, version) {
  const now = Date.now();
  const files = [];
  for (const f of fs.readdirSync(dir)) {
    if (!f.startsWith('cli-')) continue;
    const file = path.join(dir, f);
    try {
      const st = fs.statSync(file);
      const used = Math.max(st.atimeMs, st.mtimeMs);
      const stale = f.startsWith(prefix) && f.endsWith('.cache') && !f.startsWith(prefix + version + '-');
      if (stale || now - used > CACHE_UNUSED_MS) fs.unlinkSync(file);
      else files.push({ file, used });
    } catch {
      /* removed by another run meanwhile */
    }
  }
  files.sort((a, b) => b.used - a.used);
  for (const { file } of files.slice(CACHE_MAX_FILES)) {
    try {
      fs.unlinkSync(file);
    } catch {
      /* removed by another run meanwhile */
    }
  }
}

/**
 * The bytes of `file` and its stat. They are read into `into` when it is large enough: the code cache
 * goes into the bundle's buffer, done with once decoded, whose pages are already in memory (a fresh
 * buffer costs a page fault per 4 KB, which this virtualised host makes dear).
 */
function readFile(fs, file, into) {
  const fd = fs.openSync(file, 'r');
  try {
    const st = fs.fstatSync(fd);
    const buf = into && into.length >= st.size ? into : Buffer.allocUnsafe(st.size);
    let n = 0;
    for (let r = -1; n < st.size && r !== 0; n += r) r = fs.readSync(fd, buf, n, st.size - n, n);
    return { bytes: buf.subarray(0, n), st };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Whether this run may leave a code cache: the bundle turns it off (module.ksSkipCodeCache) when the run
 * did work its command does not usually do, the set-up of a cluster that a missing state file stands for
 * (a first `get` so made a cache of 1.26 MB instead of 0.68 MB, which every later `get svc` read).
 */
let cacheThisRun = true;

/** Output formats whose printers share one cache: any template's, and the object dumps apart from the table. */
const SHAPES = { wide: 'wide', yaml: 'yaml', json: 'json', name: 'name', jsonpath: 'template', 'jsonpath-file': 'template', 'jsonpath-as-json': 'template', 'go-template': 'template', 'go-template-file': 'template', template: 'template', templatefile: 'template', 'custom-columns': 'template', 'custom-columns-file': 'template' };

/**
 * The kind of run a cache is made by and for: the command word, whether it asks for help, whether it reads manifests (-f, -k: a
 * `create -f` parses YAML and decodes objects, a `create configmap` generates one; `logs -f`, which follows,
 * is apart too) and the shape of its
 * output (table, wide, yaml, json, name, a template, a watch). A cache holds the functions its first run compiled, so a `get`
 * whose first run printed YAML would make every later `get svc` deserialise the YAML printer (0.72 MB of
 * code cache instead of 0.61 MB), and one whose first run printed a table would leave `get -o yaml`
 * compiling the printer lazily.
 */
function commandShape(args) {
  const word = /^[a-z][a-z-]{0,30}$/.test(args[0] ?? '') ? args[0] : 'other';
  let output = '';
  let watch = false;
  let files = false;
  let help = false;
  for (let i = 1; i < args.length && args[i] !== '--'; i++) {
    const a = args[i];
    const m = /^(?:-o=?|--output(?:=|$))(.*)$/.exec(a);
    if (m) output = m[1] || args[++i] || '';
    else if (/^(?:-w|--watch|--watch-only)(?:=true)?$/.test(a)) watch = true;
    else if (/^(?:-[fk]|--(?:filename|kustomize)(?:=|$))/.test(a)) files = true;
    else if (a === '--help' || a === '-h') help = true;
  }
  // A help text compiles the help printer and none of the command's work: a cache made by `create
  // --help` left every later `create configmap` compiling its write path (+43 M instructions, +21%).
  if (help) return `${word}.help`;
  const shape = SHAPES[output.split('=')[0]] ?? (output ? 'other' : '');
  return `${word}${files ? '.file' : ''}${shape ? `.${shape}` : ''}${watch ? '.watch' : ''}`;
}

/** Compile a bundle file (`source`) with a code cache; returns the function to run, or null to load it plainly. */
function compileCached(source) {
  const fs = require('node:fs');
  const vm = require('node:vm');
  // The build keeps the bundle ASCII, which decodes as latin1 in half the time of UTF-8 (the same string).
  const { bytes, st } = readFile(fs, source);
  const text = require('node:buffer').isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  let cacheFile = null;
  let dir = null;
  let prefix = '';
  let version = '';
  try {
    // One cache per installed bundle (by path), replaced when the bundle or Node changes.
    let h = 0;
    for (const ch of source) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
    prefix = `cli-${h.toString(16)}-`;
    version = `${process.version}-${process.arch}-${st.size}-${Math.floor(st.mtimeMs)}`;
    dir = cacheDir(fs);
    cacheFile = path.join(dir, `${prefix}${version}-${commandShape(process.argv.slice(2))}.cache`);
  } catch {
    cacheFile = null;
  }
  let cachedData;
  if (cacheFile) {
    try {
      cachedData = readFile(fs, cacheFile, bytes).bytes;
    } catch {
      cachedData = undefined;
    }
  }
  // The file is its own module wrapper (scripts/build.mjs selfWrapped): its value is the function to run.
  const script = new vm.Script(text, { filename: source, cachedData });
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) {
    // Made at exit, so the functions this command compiled lazily are in the cache too; only by a run
    // that succeeded, as an error stops before the command's work (a cache of its few functions would
    // leave every later run of the command compiling the rest lazily), and did only its command's work.
    process.once('exit', (code) => {
      if (code !== 0 || !cacheThisRun) return;
      try {
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
        pruneCaches(fs, dir, prefix, version);
      } catch {
        /* no cache this time */
      }
    });
  }
  return script.runInThisContext();
}

/**
 * Load a CommonJS bundle file as `require` would, compiled through its code cache; returns its exports.
 * Its module object carries loadPart, which the main bundle uses for its cold part.
 */
function loadPart(file) {
  let compiled = null;
  try {
    compiled = compileCached(file);
  } catch {
    compiled = null;
  }
  if (!compiled) return require(file);
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  m.loaded = true;
  m.ksLoadPart = loadPart;
  m.ksSkipCodeCache = () => {
    cacheThisRun = false;
  };
  compiled.call(m.exports, m.exports, Module.createRequire(file), m, file, path.dirname(file));
  return m.exports;
}

function run() {
  // Node 22.1+ caches compiled code itself (an export of node:module, which only then is loaded).
  if (Number(process.versions.node.split('.')[0]) >= 22) {
    const builtin = require('node:module');
    if (typeof builtin.enableCompileCache === 'function') {
      builtin.enableCompileCache();
      return require(bundle);
    }
  }
  return loadPart(bundle);
}

run();
