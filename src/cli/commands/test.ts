/**
 * `kube-sim test FILE|DIR... [--update]`: run walkthroughs (Markdown transcripts, see src/transcript/format.ts)
 * each in a fresh isolated cluster on the virtual clock, print a diff for every command whose output differs
 * from its expectation, and end with `N passed, M failed`. `--update` rewrites the mismatching expectations
 * in place instead (keeping prose and placeholder lines that still match).
 */
import type { Command } from 'commander';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Harness } from '../harness.js';
import { CliError, ExitCode } from '../../api/errors.js';
import { formatResult, runTranscript } from '../../transcript/runner.js';

export function register(program: Command, h: Harness): void {
  program
    .command('test')
    .description('Run walkthrough transcripts (Markdown) and compare every command\'s output with its expectation')
    .argument('<files...>', 'walkthrough files, or directories of *.md files')
    .option('--update', 'Rewrite mismatching expected outputs in place (bless the actual output)')
    .action(h.action<{ update?: boolean }>(async (ctx, args, opts) => {
      const files = expandFiles(args, ctx.io.cwd);
      let passed = 0;
      let failed = 0;
      for (const f of files) {
        const r = await runTranscript(resolve(ctx.io.cwd, f), { update: !!opts.update });
        ctx.out(formatResult({ ...r, file: f }));
        if (r.passed || (r.updated && r.failures.every((f) => !f.step.reference))) passed++;
        else failed++;
      }
      ctx.out(`${passed} passed, ${failed} failed\n`);
      if (failed) throw new ExitCode(1);
    }));
}

/** Files as given; directories become their *.md files (README.md excepted) in name order. */
function expandFiles(args: string[], cwd: string): string[] {
  const out: string[] = [];
  for (const a of args) {
    const p = resolve(cwd, a);
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new CliError(`the path "${a}" does not exist`);
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).filter((n) => n.endsWith('.md') && n !== 'README.md').sort()) out.push(relative(cwd, join(p, name)) || name);
    } else out.push(a);
  }
  return out;
}
