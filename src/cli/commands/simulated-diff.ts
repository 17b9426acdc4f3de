/**
 * The diff program `kube-sim test --kubectl` gives the real kubectl (its KUBECTL_EXTERNAL_DIFF): GNU
 * `diff -u -N` of the LIVE and MERGED directories kubectl writes, computed in-process, so `kubectl diff`
 * in a walkthrough replays through the real kubectl without running a host program. Exit 1 when
 * something differs, as diff does (kubectl passes the code on).
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import type { HostFiles } from '../../util/host-files.js';
import { CliError } from '../../api/errors.js';
import { resolve } from 'node:path';
import { unifiedHunks } from '../../util/unified-diff.js';

/** GNU diff's file time, `2026-12-07 19:01:25.710041000 +0000` (UTC: the bridge gives kubectl no TZ). */
function fileTime(mtimeMs: number): string {
  const whole = Math.floor(mtimeMs / 1000);
  const nanos = String(Math.round((mtimeMs - whole * 1000) * 1e6)).padStart(9, '0');
  return `${new Date(whole * 1000).toISOString().slice(0, 19).replace('T', ' ')}.${nanos} +0000`;
}

/** One file pair's `diff -u -N` output ('' when the same); a missing file is empty, dated at the epoch. */
function diffFiles(files: HostFiles, from: string, to: string): string {
  const text = (p: string) => (files.stat(p)?.isFile ? files.read(p).toString('utf8') : '');
  const hunks = unifiedHunks(text(from), text(to));
  if (!hunks) return '';
  const time = (p: string) => fileTime(files.stat(p)?.mtimeMs ?? 0);
  return `--- ${from}\t${time(from)}\n+++ ${to}\t${time(to)}\n${hunks}`;
}

export function register(program: Command, h: Harness): void {
  program
    .command('simulated-diff', { hidden: true })
    .argument('<from>')
    .argument('<to>')
    .action(h.action(async (ctx, args) => {
      const [from, to] = args.map((a) => resolve(ctx.io.cwd, a)) as [string, string];
      const files = ctx.files;
      if (!files.stat(from) || !files.stat(to)) throw new CliError(`diff: ${files.stat(from) ? to : from}: No such file or directory`);
      let out = '';
      if (files.stat(from)?.isDirectory && files.stat(to)?.isDirectory) {
        // GNU diff of two directories: each name of either, sorted, headed by the command line.
        for (const name of [...new Set([...files.list(from), ...files.list(to)])].sort()) {
          const one = diffFiles(files, `${from}/${name}`, `${to}/${name}`);
          if (one) out += `diff -u -N ${from}/${name} ${to}/${name}\n${one}`;
        }
      } else out = diffFiles(files, from, to);
      ctx.out(out);
      return out ? 1 : 0;
    }));
}
