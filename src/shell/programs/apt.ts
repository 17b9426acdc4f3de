/**
 * Debian's apt-get as it answers without network (kube-sim's pods cannot reach deb.debian.org): `update`
 * fails to resolve each source of the image's release and still exits 0 with apt's warnings, as apt does
 * for a transient network error; `install` then finds no package lists, so a package the image does not
 * already have cannot be located (exit 100). One it has is reported as already installed.
 */
import { result, type Program, type ProgramCtx } from '../types.js';

/** The release codename of the image (`bookworm`), from its os-release name. */
function codename(ctx: ProgramCtx): string {
  const os = ctx.sys.fs.read('/etc/os-release') ?? '';
  return /\((\w+)\)/.exec(os)?.[1] ?? 'bookworm';
}

/** The sources of a Debian image (deb822 debian.sources): the release, its updates, and security. */
function sources(release: string): [string, string][] {
  return [
    ['http://deb.debian.org/debian', release],
    ['http://deb.debian.org/debian', `${release}-updates`],
    ['http://deb.debian.org/debian-security', `${release}-security`],
  ];
}

/** apt's Acquire::Retries (3 since apt 2.3): each failed attempt but the last is reported `Ign`. */
const RETRIES = 3;

/** `apt-get update` without network: each InRelease is ignored at every retry, then fails to resolve. */
function update(ctx: ProgramCtx): ReturnType<Program> {
  const list = sources(codename(ctx));
  const round = list.map(([uri, suite], i) => `Ign:${i + 1} ${uri} ${suite} InRelease\n`).join('');
  let out = round.repeat(RETRIES);
  out += list.map(([uri, suite], i) => `Err:${i + 1} ${uri} ${suite} InRelease\n  Temporary failure resolving 'deb.debian.org'\n`).join('');
  out += `Reading package lists...${ctx.sys.tty ? ' Done' : ''}\n`;
  const err =
    list.map(([uri, suite]) => `W: Failed to fetch ${uri}/dists/${suite}/InRelease  Temporary failure resolving 'deb.debian.org'\n`).join('') +
    'W: Some index files failed to download. They have been ignored, or old ones used instead.\n';
  return result(out, err, 0);
}

/** apt-get's dependency resolution preamble (` Done` only on a terminal). */
function preamble(ctx: ProgramCtx): string {
  const done = ctx.sys.tty ? ' Done' : '';
  return `Reading package lists...${done}\nBuilding dependency tree...${done}\nReading state information...${done}\n`;
}

export const aptGet: Program = (args, ctx) => {
  const [verb, ...packages] = args.filter((a) => !a.startsWith('-'));
  if (verb === 'update') return update(ctx);
  if (verb !== 'install') {
    ctx.sys.unsupported?.(`apt-get ${verb ?? ''} is not simulated (apt-get update and install are)`);
    return result('', 'E: this simulated apt-get knows update and install\n', 100);
  }
  const missing = packages.filter((p) => !ctx.sys.image.programs.has(p));
  if (missing.length) return result(preamble(ctx), `E: Unable to locate package ${missing[0]}\n`, 100);
  const already = packages.map((p) => `${p} is already the newest version.\n`).join('');
  return result(`${preamble(ctx)}${already}0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n`);
};
