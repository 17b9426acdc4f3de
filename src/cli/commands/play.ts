/**
 * `kube-sim play FILE [--pause] [--delay MS] [--live] [--allow-host]`: replay a walkthrough as a terminal
 * session. Prose becomes `#` comment lines, embedded files are shown being written (`cat > NAME <<'EOF'`),
 * and each command is shown after a `$ ` prompt followed by its real output. By default it runs in a fresh
 * isolated cluster on the virtual clock, exactly like `kube-sim test`, so the user's own state is never
 * touched; `--live` runs it against the current state file (`--state`, $KUBE_SIM_STATE or the default).
 * Like `test`, it is sandboxed to its working directory unless `--allow-host` says the walkthrough is trusted.
 * It exits 1 when an output differed from the walkthrough.
 */
import type { Command } from 'commander';
import { basename, resolve } from 'node:path';
import { Chalk } from 'chalk';
import type { Harness } from '../harness.js';
import type { Io } from '../io.js';
import { CliError, ExitCode } from '../../api/errors.js';
import { parseTranscript, TranscriptSyntaxError, type Step, type Transcript } from '../../transcript/format.js';
import { matches } from '../../transcript/match.js';
import { outputLines, Session } from '../../transcript/session.js';
import { FileStore, resolveStatePath } from '../../store/store.js';
import type { HostFiles } from '../../util/host-files.js';

interface PlayOptions {
  pause?: boolean;
  delay?: string;
  live?: boolean;
  allowHost?: boolean;
  html?: string;
}

export function register(program: Command, h: Harness): void {
  program
    .command('play')
    .description('Replay a walkthrough as a terminal session (isolated cluster unless --live)')
    .argument('<file>', 'walkthrough file (Markdown with console blocks)')
    .option('--pause', 'Wait for Enter before each command (on a terminal)')
    .option('--delay <ms>', 'Wait this many milliseconds before each command', '0')
    .option('--live', 'Run against the current state file instead of an isolated cluster')
    .option('--allow-host', 'Trust the walkthrough: let its commands read and write host files outside its working directory')
    .option('--html <file>', 'Write the walkthrough as a self-contained web page (prose, commands, real output, cluster pictures) instead')
    .action(h.action<PlayOptions>(async (ctx, args, opts) => {
      const file = args[0]!;
      let source: string;
      try {
        source = ctx.files.read(resolve(ctx.io.cwd, file)).toString('utf8');
      } catch {
        throw new CliError(`the path "${file}" does not exist`);
      }
      let doc: Transcript;
      try {
        doc = parseTranscript(source);
      } catch (e) {
        throw new CliError(`${file}:${e instanceof TranscriptSyntaxError ? e.line + 1 : 0}: ${(e as Error).message}`);
      }
      const delay = Number(opts.delay ?? 0);
      if (!Number.isFinite(delay) || delay < 0) throw new CliError(`--delay must be a number of milliseconds, got "${opts.delay}"`);
      const session = opts.live
        ? new Session({
            store: ctx.io.store ?? new FileStore(resolveStatePath(ctx.globals.state, ctx.io.env, ctx.io.cwd), (m) => ctx.err(m + '\n')),
            env: ctx.io.env,
            allowHost: !!opts.allowHost,
          })
        : new Session({ allowHost: !!opts.allowHost });
      let differed: number;
      try {
        if (opts.html) return await publish(ctx.io, doc, session, file, resolve(ctx.io.cwd, opts.html), ctx.files);
        differed = await play(ctx.io, doc, session, { pause: !!opts.pause && !!ctx.io.stdin?.isTTY && !!ctx.io.stdout.isTTY, delay });
      } finally {
        await session.close();
      }
      // Like `test`, a replay whose outputs differed from the walkthrough fails (a script or CI notices).
      if (differed) throw new ExitCode(1);
    }));
}

/** `--html`: the page is written to `out`; the terminal gets one line saying what it holds. */
async function publish(io: Io, doc: Transcript, session: Session, name: string, out: string, files: HostFiles): Promise<void> {
  const { publishWalkthrough } = await import('../../ui/publish.js');
  const r = await publishWalkthrough(doc, session, basename(name));
  files.write(out, r.html);
  const how = r.differed ? `${r.differed} printed something other than the walkthrough expects (see: kube-sim test ${name})` : 'every output was what the walkthrough expects';
  io.stdout.write(`${out}: ${r.commands} commands, ${r.pictures} cluster pictures; ${how}\n`);
}

/** Colours only on a terminal, honouring NO_COLOR and FORCE_COLOR. */
function colours(io: Io) {
  const force = io.env.FORCE_COLOR;
  const level = force !== undefined && force !== '0' ? 1 : io.env.NO_COLOR !== undefined ? 0 : io.stdout.isTTY ? 1 : 0;
  return new Chalk({ level: level as 0 | 1 });
}

/** Replay the walkthrough; returns how many commands printed something other than it expects. */
async function play(io: Io, doc: Transcript, session: Session, opts: { pause: boolean; delay: number }): Promise<number> {
  const c = colours(io);
  const write = (s: string) => io.stdout.write(s);
  const enter = opts.pause ? io.stdin?.lines?.()[Symbol.asyncIterator]() : undefined;
  let commands = 0;
  let differed = 0;
  let lastBlank = true;
  const line = (s: string) => {
    const blank = s.trim() === '';
    if (blank && lastBlank) return;
    lastBlank = blank;
    write(s + '\n');
  };
  for (const step of doc.steps) {
    if (step.kind === 'prose') {
      for (const l of proseLines(step)) line(l === '' ? '' : l.startsWith('#!') ? c.bold('# ' + l.slice(2)) : c.dim('# ' + l));
      continue;
    }
    if (opts.delay) await new Promise((r) => setTimeout(r, opts.delay));
    if (step.kind === 'file') {
      line(`${c.green('$')} ${c.bold(`cat > ${step.name} <<'EOF'`)}`);
      for (const l of step.content.replace(/\n$/, '').split('\n')) line(l);
      line('EOF');
      session.writeFile(step.name, step.content);
      continue;
    }
    line(`${c.green('$')} ${c.bold(step.display)}`);
    if (enter) await enter.next();
    const { output, exitCode, problems } = await session.run(step.text, step.stdin);
    write(output.endsWith('\n') || output === '' ? output : output + '\n');
    lastBlank = output === '' ? lastBlank : output.endsWith('\n\n');
    commands++;
    if (problems.length || exitCode !== step.exit || !matches(step.expected, outputLines(output))) differed++;
  }
  line('');
  const summary = differed
    ? `${commands} commands; ${differed} printed something other than the walkthrough expects (see: kube-sim test FILE)`
    : `${commands} commands; every output was what the walkthrough expects`;
  line(c.dim('# ' + summary));
  return differed;
}

/** Prose as comment text: headings marked with `#!` (bold), fences dropped, list bullets kept. */
function proseLines(step: Extract<Step, { kind: 'prose' }>): string[] {
  const out: string[] = [];
  for (const l of step.text) {
    if (/^\s*(`{3,}|~{3,})/.test(l)) continue;
    const h = /^#{1,6}\s+(.*)$/.exec(l);
    out.push(h ? '#!' + h[1] : plain(l));
  }
  return out;
}

/** Inline Markdown as plain text: code spans, emphasis and links lose their marks. */
function plain(line: string): string {
  return line
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[^*\w])\*([^*\s][^*]*)\*/g, '$1$2')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)');
}
