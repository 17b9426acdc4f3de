/**
 * Alpine's package manager as it answers without network (a kind pod cannot reach dl-cdn.alpinelinux.org
 * here): it tries to fetch each repository's index, warns, and cannot find what was asked for. Packages
 * whose program the image already has are reported as installed.
 */
import { result, type Program, type ProgramCtx } from '../types.js';

/** The Alpine release of the image (`3.21`), from its os-release name. */
function release(ctx: ProgramCtx): string {
  const os = ctx.sys.fs.read('/etc/os-release') ?? '';
  return /Alpine Linux v(\d+\.\d+)/.exec(os)?.[1] ?? '3.21';
}

/**
 * The fetch attempts (stdout) and their warnings (stderr), written in order (apk-tools 2.14 on 3.19 and
 * later words the warning differently).
 */
function fetchIndexes(ctx: ProgramCtx): void {
  const v = release(ctx);
  const modern = Number(v.split('.')[1]) >= 19;
  for (const repo of ['main', 'community']) {
    const base = `https://dl-cdn.alpinelinux.org/alpine/v${v}/${repo}`;
    const index = `${base}/x86_64/APKINDEX.tar.gz`;
    ctx.stdout.write(`fetch ${index}\n`);
    ctx.stderr.write(`${modern ? `WARNING: fetching ${base}` : `WARNING: Ignoring ${index}`}: temporary error (try again later)\n`);
  }
}

export const apk: Program = (args, ctx) => {
  const [verb, ...rest] = args.filter((a) => !a.startsWith('-'));
  if (verb === 'update') {
    fetchIndexes(ctx);
    return result('', '', 2);
  }
  if (verb !== 'add') {
    ctx.sys.unsupported?.(`apk ${verb ?? ''} is not simulated (apk add and apk update are)`);
    return result('', `apk: this simulated apk knows add and update\n`, 1);
  }
  const missing = rest.filter((p) => !ctx.sys.image.programs.has(p.replace(/[<>=~].*$/, '')));
  fetchIndexes(ctx);
  if (!missing.length) return result('OK: 9 MiB in 24 packages\n');
  return result('', `ERROR: unable to select packages:\n${missing.map((p) => `  ${p} (no such package):\n    required by: world[${p}]\n`).join('')}`, 1);
};
