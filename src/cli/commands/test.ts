/**
 * `kube-sim test FILE|DIR... [--update] [--allow-host] [--filter PATTERN] [--jobs N] [--junit FILE] [--tap]`:
 * run walkthroughs (Markdown transcripts, see src/transcript/format.ts) each in a fresh isolated cluster on
 * the virtual clock, sandboxed (its commands use only files of its own working directory), print a diff for
 * every command whose output differs from its expectation, and end with `N passed, M failed` (always: a
 * path that does not exist is a failed file). `--update` rewrites the mismatching expectations in place
 * instead (keeping prose and placeholder lines that still match); it writes only the files named.
 * `--jobs N` runs N files at a time (worker threads), reporting in file order; `--junit FILE` also writes
 * JUnit XML, `--tap` prints TAP instead of the report.
 */
import type { Command } from 'commander';
import { join, relative, resolve } from 'node:path';
import type { HostFiles } from '../../util/host-files.js';
import type { Harness } from '../harness.js';
import { CliError, ExitCode } from '../../api/errors.js';
import { Chalk } from 'chalk';
import type { Io } from '../io.js';
import { formatResult, isBlessable, runTranscript, type TranscriptResult } from '../../transcript/runner.js';
import { junitReport } from '../../transcript/report-junit.js';
import { tapReport } from '../../transcript/report-tap.js';
import { missingResult, runInWorkers, type WalkthroughJob } from './test-jobs.js';

interface TestOptions {
  update?: boolean;
  kubectl?: boolean;
  allowHost?: boolean;
  filter?: string;
  jobs?: string;
  junit?: string;
  tap?: boolean;
}

export function register(program: Command, h: Harness): void {
  program
    .command('test')
    .description('Run walkthrough transcripts (Markdown) and compare every command\'s output with its expectation')
    .argument('<files...>', 'walkthrough files, or directories of *.md files')
    .option('--update', 'Rewrite mismatching expected outputs in place (bless the actual output)')
    .option('--allow-host', 'Trust the walkthroughs: let their commands read and write host files outside their working directory')
    .option('--filter <pattern>', 'Run only the files whose path matches this regular expression')
    .option('--jobs <n>', 'Run this many files at a time (the report stays in file order)', '1')
    .option('--junit <file>', 'Also write the results as JUnit XML to this file (one test case per command)')
    .option('--tap', 'Print the results as TAP version 13 instead of the report')
    .option(
      '--kubectl',
      'Run the commands through the real kubectl ($KUBECTL, else kubectl on the PATH): against `kube-sim serve` on an isolated cluster, or with --context NAME against that context of your kubeconfig (kube-sim-only commands are then skipped)',
    )
    .action(h.action<TestOptions>(async (ctx, args, opts, cmd) => {
      const jobs = Number(opts.jobs ?? 1);
      if (!Number.isInteger(jobs) || jobs < 1) throw new CliError(`--jobs must be a positive whole number, got ${JSON.stringify(opts.jobs)}`);
      if (opts.kubectl && opts.update) throw new CliError('--update cannot be combined with --kubectl: expectations are blessed from kube-sim only');
      const files = filtered(expandFiles(args, ctx.io.cwd, ctx.files), opts.filter);
      const results: TranscriptResult[] = [];
      const paint = painter(ctx.io);
      const report = (r: TranscriptResult) => {
        results.push(r);
        if (!opts.tap) ctx.out(paint(formatResult(r)));
      };
      if (!files.length) ctx.err(`error: no walkthrough matches --filter ${JSON.stringify(opts.filter)}\n`);
      if (opts.kubectl) {
        const globals = cmd.optsWithGlobals() as { context?: string; kubeconfig?: string };
        // The kubectl binary comes from this process's environment, never from a walkthrough's variables.
        await runThroughKubectl(ctx, files, ctx.io.env.KUBECTL || 'kubectl', globals, !!opts.allowHost, report);
      } else {
        const queue: WalkthroughJob[] = files.map((f) => ({ file: f, path: resolve(ctx.io.cwd, f), options: { update: !!opts.update, allowHost: !!opts.allowHost } }));
        await runInWorkers(queue, jobs, report, ctx.files);
      }
      if (opts.junit) ctx.files.write(resolve(ctx.io.cwd, opts.junit), junitReport(results));
      const passed = results.filter(filePassed).length;
      const failed = results.length - passed;
      ctx.out(opts.tap ? tapReport(results, filePassed) : `${passed} passed, ${failed} failed\n`);
      if (failed || !files.length) throw new ExitCode(1);
    }));
}

/** A file passed: every command matched, or --update blessed every mismatch. */
function filePassed(r: TranscriptResult): boolean {
  return r.passed || (r.updated > 0 && r.failures.every(isBlessable));
}

/** `test --kubectl`: every file through the real kubectl, against kube-sim serve or a kubeconfig context. */
async function runThroughKubectl(
  ctx: Parameters<Parameters<Harness['action']>[0]>[0],
  files: string[],
  kubectl: string,
  globals: { context?: string; kubeconfig?: string },
  allowHost: boolean,
  report: (r: TranscriptResult) => void,
): Promise<void> {
  const { kubectlExecutor, withServedCluster } = await import('../../transcript/kubectl-bridge.js');
  const env = { KUBE_SIM_CLOCK: 'virtual', NO_COLOR: '1' };
  const where = globals.context ? `context "${globals.context}"` : 'kube-sim serve (an isolated cluster per file)';
  ctx.out(`Running through ${kubectl} against ${where}\n`);
  for (const f of files) {
    const file = resolve(ctx.io.cwd, f);
    const missing = missingResult(f, file, ctx.files);
    if (missing) {
      report(missing);
      continue;
    }
    const r = globals.context
      ? await runTranscript(file, {
          env,
          allowHost,
          files: ctx.files,
          executor: kubectlExecutor({
            kubectl,
            context: globals.context,
            kubeconfig: globals.kubeconfig ?? ctx.io.env.KUBECONFIG ?? join(ctx.io.env.HOME ?? '', '.kube', 'config'),
            home: ctx.io.env.HOME ?? '',
            allowHost,
          }),
        })
      : await withServedCluster(env, (store, target) => runTranscript(file, { env, store, allowHost, files: ctx.files, executor: kubectlExecutor({ kubectl, ...target, allowHost }) }));
    report({ ...r, file: f });
  }
}

/** Files as given (a missing one too: it is reported as failed); directories become their *.md files (README.md excepted) in name order. */
function expandFiles(args: string[], cwd: string, host: HostFiles): string[] {
  const out: string[] = [];
  for (const a of args) {
    const p = resolve(cwd, a);
    if (host.stat(p)?.isDirectory) {
      for (const name of host.list(p).filter((n) => n.endsWith('.md') && n !== 'README.md')) out.push(relative(cwd, join(p, name)) || name);
    } else out.push(a);
  }
  return out;
}

/** --filter: the files whose path (as reported) matches the regular expression. */
function filtered(files: string[], pattern: string | undefined): string[] {
  if (pattern === undefined) return files;
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (e) {
    throw new CliError(`invalid --filter pattern ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
  return files.filter((f) => re.test(f));
}

/** Colour the report on a terminal (diff lines red/green, verdicts), honouring NO_COLOR and FORCE_COLOR. */
function painter(io: Io): (text: string) => string {
  const force = io.env.FORCE_COLOR;
  const level = force !== undefined && force !== '0' ? 1 : io.env.NO_COLOR !== undefined ? 0 : io.stdout.isTTY ? 1 : 0;
  if (!level) return (t) => t;
  const c = new Chalk({ level: 1 });
  return (text) =>
    text
      .split('\n')
      .map((l) =>
        /^ {4}- /.test(l) || l === '    -' ? c.red(l) : /^ {4}\+ /.test(l) || l === '    +' ? c.green(l) : /^(FAIL) /.test(l) ? c.red.bold(l) : /^(ok|UPDATED) /.test(l) ? c.green(l) : /^ {4}@@/.test(l) ? c.cyan(l) : l,
      )
      .join('\n');
}
