/**
 * `kube-sim test FILE|DIR... [--update] [--allow-host]`: run walkthroughs (Markdown transcripts, see
 * src/transcript/format.ts) each in a fresh isolated cluster on the virtual clock, sandboxed (its commands
 * use only files of its own working directory), print a diff for every command whose output differs from
 * its expectation, and end with `N passed, M failed`. `--update` rewrites the mismatching expectations in
 * place instead (keeping prose and placeholder lines that still match); it writes only the files named.
 */
import type { Command } from 'commander';
import { join, relative, resolve } from 'node:path';
import type { HostFiles } from '../../util/host-files.js';
import type { Harness } from '../harness.js';
import { CliError, ExitCode } from '../../api/errors.js';
import { Chalk } from 'chalk';
import type { Io } from '../io.js';
import { formatResult, isBlessable, runTranscript } from '../../transcript/runner.js';

export function register(program: Command, h: Harness): void {
  program
    .command('test')
    .description('Run walkthrough transcripts (Markdown) and compare every command\'s output with its expectation')
    .argument('<files...>', 'walkthrough files, or directories of *.md files')
    .option('--update', 'Rewrite mismatching expected outputs in place (bless the actual output)')
    .option('--allow-host', 'Trust the walkthroughs: let their commands read and write host files outside their working directory')
    .option(
      '--kubectl',
      'Run the commands through the real kubectl ($KUBECTL, else kubectl on the PATH): against `kube-sim serve` on an isolated cluster, or with --context NAME against that context of your kubeconfig (kube-sim-only commands are then skipped)',
    )
    .action(h.action<{ update?: boolean; kubectl?: boolean; allowHost?: boolean }>(async (ctx, args, opts, cmd) => {
      const files = expandFiles(args, ctx.io.cwd, ctx.files);
      if (opts.kubectl) {
        if (opts.update) throw new CliError('--update cannot be combined with --kubectl: expectations are blessed from kube-sim only');
        const globals = cmd.optsWithGlobals() as { context?: string; kubeconfig?: string };
        // The kubectl binary comes from this process's environment, never from a walkthrough's variables.
        const failed = await runThroughKubectl(ctx, files, ctx.io.env.KUBECTL || 'kubectl', globals, !!opts.allowHost);
        if (failed) throw new ExitCode(1);
        return;
      }
      let passed = 0;
      let failed = 0;
      const paint = painter(ctx.io);
      for (const f of files) {
        const r = await runTranscript(resolve(ctx.io.cwd, f), { update: !!opts.update, allowHost: !!opts.allowHost, files: ctx.files });
        ctx.out(paint(formatResult({ ...r, file: f })));
        if (r.passed || (r.updated && r.failures.every(isBlessable))) passed++;
        else failed++;
      }
      ctx.out(`${passed} passed, ${failed} failed\n`);
      if (failed) throw new ExitCode(1);
    }));
}

/** `test --kubectl`: every file through the real kubectl, against kube-sim serve or a kubeconfig context. */
async function runThroughKubectl(
  ctx: Parameters<Parameters<Harness['action']>[0]>[0],
  files: string[],
  kubectl: string,
  globals: { context?: string; kubeconfig?: string },
  allowHost: boolean,
): Promise<number> {
  const { kubectlExecutor, withServedCluster } = await import('../../transcript/kubectl-bridge.js');
  const env = { KUBE_SIM_CLOCK: 'virtual', NO_COLOR: '1' };
  const paint = painter(ctx.io);
  let passed = 0;
  let failed = 0;
  const where = globals.context ? `context "${globals.context}"` : 'kube-sim serve (an isolated cluster per file)';
  ctx.out(`Running through ${kubectl} against ${where}\n`);
  for (const f of files) {
    const file = resolve(ctx.io.cwd, f);
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
    ctx.out(paint(formatResult({ ...r, file: f })));
    if (r.passed) passed++;
    else failed++;
  }
  ctx.out(`${passed} passed, ${failed} failed\n`);
  return failed;
}

/** Files as given; directories become their *.md files (README.md excepted) in name order. */
function expandFiles(args: string[], cwd: string, host: HostFiles): string[] {
  const out: string[] = [];
  for (const a of args) {
    const p = resolve(cwd, a);
    const st = host.stat(p);
    if (!st) throw new CliError(`the path "${a}" does not exist`);
    if (st.isDirectory) {
      for (const name of host.list(p).filter((n) => n.endsWith('.md') && n !== 'README.md')) out.push(relative(cwd, join(p, name)) || name);
    } else out.push(a);
  }
  return out;
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
