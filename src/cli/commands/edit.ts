/**
 * `kube-sim edit`: writes the objects as YAML (or JSON with -o json) under kubectl's header comment to a
 * temp file, runs $KUBE_EDITOR / $EDITOR / vi on it, and applies what changed through the API server's
 * update path. As kubectl: an unchanged or emptied file cancels; an invalid or unparsable result reopens
 * the editor with the reasons on top; saving the same invalid content again keeps the file and fails.
 * Works with non-interactive editors (`KUBE_EDITOR="sed -i s/a/b/"`). The editor is `io.editor`: the
 * host's by default, the simulated shell's inside a walkthrough (src/shell/editor.ts).
 */
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readFileSync, writeFileSync, unlinkSync, existsSync } from 'node:fs';
import { EditorError, editorArgv, runSimulatedEditor, type Editor } from '../../shell/editor.js';
import { hostShellFs } from '../../shell/host-fs.js';
import { confinedFiles } from '../../util/host-files.js';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import type { KubeObject } from '../../api/types.js';
import type { KindInfo } from '../../api/kind.js';
import { ApiError, CliError, ExitCode, RawError, fieldErrorText } from '../../api/errors.js';
import { kindPrefix } from '../../api/kind.js';
import { getObject } from '../../api/objects.js';
import { parseManifestText } from '../../api/manifest.js';
import { checkName, replaceObject } from '../../api/server.js';
import { applyPatch } from '../../api/patch.js';
import { twoWayMergePatch } from '../../api/merge.js';
import { toYaml, toJson, asList } from '../../printers/output.js';
import { findTargets } from './metadata-update.js';

interface EditOptions {
  output?: string;
  filename?: string[];
  saveConfig?: boolean;
  windowsLineEndings?: boolean;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

const HEADER =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n" +
  '# and an empty file will abort the edit. If an error occurs while saving this file will be\n' +
  '# reopened with the relevant failures.\n' +
  '#\n';

interface Reason {
  head: string;
  other: string[];
}

/** Lines starting with '#' (kubectl's ManualStrip) removed. */
function stripComments(text: string): string {
  return text
    .split('\n')
    .filter((l) => !(l.trim().startsWith('#') && !l.trim().startsWith('#!')))
    .join('\n');
}

function headerText(reasons: Reason[]): string {
  let s = HEADER;
  for (const r of reasons) {
    s += r.other.length ? `# ${r.head.replace(/\n/g, '\n# ')}:\n` : `# ${r.head.replace(/\n/g, '\n# ')}\n`;
    for (const o of r.other) s += `# * ${o.replace(/\n/g, '\n# ')}\n`;
    s += '#\n';
  }
  return s;
}

/** The host's editor ($KUBE_EDITOR / $EDITOR / vi) on a real temporary file: the normal CLI. */
function hostEditor(ctx: CommandContext): Editor {
  return {
    open(ext) {
      const path = join(ctx.io.env.TMPDIR || tmpdir(), `kube-sim-edit-${randomInt(2 ** 31)}.${ext}`);
      return {
        path,
        write: (text) => writeFileSync(path, text),
        read: () => (existsSync(path) ? readFileSync(path, 'utf8') : undefined),
        async launch(io) {
          const editor = io.env.KUBE_EDITOR || io.env.EDITOR || 'vi';
          const args = editorArgv(editor, path, io.env.SHELL || '/bin/bash');
          // A run on the process's own output (the bin: process.stdout, or its direct writer on fd 1) hands
          // the editor the terminal; in-process runs capture what it prints.
          const interactive = ctx.io.stdout === (process.stdout as unknown) || (ctx.io.stdout as { fd?: unknown }).fd === 1;
          const r = spawnSync(args[0]!, args.slice(1), { stdio: interactive ? 'inherit' : ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...io.env } });
          if (!interactive) {
            if (r.stdout?.length) io.out(r.stdout.toString());
            if (r.stderr?.length) io.err(r.stderr.toString());
          }
          if (r.error || r.status !== 0) throw new EditorError(`there was a problem with the editor ${JSON.stringify(editor)}`);
        },
        remove: () => {
          if (existsSync(path)) unlinkSync(path);
        },
      };
    },
  };
}

async function launch(ctx: CommandContext, file: EditSessionOf): Promise<void> {
  try {
    await file.launch({ env: ctx.io.env, out: (s) => ctx.out(s), err: (s) => ctx.err(s), unsupported: ctx.io.walkthrough?.unsupported });
  } catch (e) {
    if (!(e instanceof EditorError)) throw e;
    if (e.missing) ctx.io.walkthrough?.unsupported(e.message);
    throw new CliError(e.message);
  }
}

type EditSessionOf = ReturnType<Editor['open']>;

function preserved(ctx: CommandContext, file: string, err: unknown): never {
  ctx.err(`A copy of your changes has been stored to ${JSON.stringify(file)}\n`);
  throw err;
}

function strip(o: KubeObject): KubeObject {
  const c = structuredClone(o);
  delete c.metadata.managedFields;
  return c;
}

export function register(program: Command, h: Harness): void {
  // The editor `kube-sim test --kubectl` gives the real kubectl: the walkthrough's $KUBE_SIM_EDITOR command
  // run by the simulated shell on the one file kubectl names, seeing the walkthrough's directory (kubectl's
  // working directory) as a walkthrough does, so a walkthrough never starts a host editor.
  program
    .command('simulated-editor', { hidden: true })
    .argument('<file>')
    .action(h.action(async (ctx, args) => {
      const path = resolve(ctx.io.cwd, args[0]!);
      const editor = ctx.io.env.KUBE_SIM_EDITOR;
      if (!editor) throw new CliError(`kubectl edit needs an editor here: a walkthrough has no interactive one. Set a non-interactive editor on the command, e.g. KUBE_EDITOR="sed -i 's/old/new/'" kubectl edit ...`);
      const text = ctx.files.read(path).toString('utf8');
      try {
        const edited = runSimulatedEditor(editor, path, text, { env: ctx.io.env, out: (s) => ctx.out(s), err: (s) => ctx.err(s) }, hostShellFs(confinedFiles(ctx.io.cwd)));
        if (edited === undefined) ctx.files.remove(path);
        else ctx.files.write(path, edited);
      } catch (e) {
        if (e instanceof EditorError) throw new ExitCode(1);
        throw e;
      }
      return 0;
    }));

  program
    .command('edit')
    .description('Edit a resource on the server')
    .argument('[args...]')
    .option('-o, --output <format>', 'Output format for editing: yaml (default) or json')
    .option('-f, --filename <file>', 'Filename, directory, or URL to files to use to edit the resource', collect)
    .option('--save-config', 'Save the configuration in the last-applied annotation')
    .option('--windows-line-endings', 'Use Windows line endings')
    .action(h.action<EditOptions>(async (ctx, args, opts) => {
      if (!args.length && !opts.filename?.length) {
        throw new CliError(
          "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'",
        );
      }
      const format = opts.output ?? 'yaml';
      if (format !== 'yaml' && format !== 'json') throw new CliError(`the edit mode doesn't support output the format "${format}"`);
      // kubectl edit TYPE with no name edits every object of the type, as one List.
      const { targets, errors } = await findTargets(ctx, args, { all: true });
      if (errors.length) throw new RawError(errors.join('\n'));
      if (!targets.length) return 0;
      const originals = targets.map((t) => strip(t.obj));
      const body = (objs: KubeObject[]) => {
        const v = objs.length === 1 ? objs[0] : asList(objs);
        return format === 'json' ? toJson(v) : toYaml(v);
      };
      const original = HEADER + body(originals);
      const session = (ctx.io.editor ?? hostEditor(ctx)).open(format === 'json' ? 'json' : 'yaml');
      const file = session.path;
      let content = original;
      let reasons: Reason[] = [];
      let previous: string | undefined;
      for (let round = 0; round < 10; round++) {
        const eol = opts.windowsLineEndings ? content.replace(/\n/g, '\r\n') : content;
        session.write(eol);
        await launch(ctx, session);
        const edited = (session.read() ?? '').replace(/\r\n/g, '\n');
        if (previous !== undefined && stripComments(previous) === stripComments(edited)) {
          preserved(ctx, file, new CliError('Edit cancelled, no valid changes were saved.'));
        }
        if (stripComments(original) === stripComments(edited)) {
          session.remove();
          ctx.err('Edit cancelled, no changes made.\n');
          return 0;
        }
        if (!stripComments(edited).trim()) {
          session.remove();
          ctx.err('Edit cancelled, saved file was empty.\n');
          return 0;
        }
        reasons = [];
        const parsed = parseEdited(stripComments(edited), file);
        if (typeof parsed === 'string') {
          reasons.push({ head: `The edited file had a syntax error: ${parsed}`, other: [] });
        } else {
          const docs = parsed;
          const edits = docs.flatMap((d) => {
            const v = d.doc as KubeObject;
            return v && v.kind === 'List' && Array.isArray(v.items) ? (v.items as KubeObject[]) : [v];
          });
          const out = applyEdits(ctx, targets, originals, edits, reasons, file);
          for (const line of out) ctx.out(line);
          if (!reasons.length) {
            session.remove();
            return 0;
          }
        }
        previous = edited;
        content = headerText(reasons) + stripComments(edited).replace(/^\n+/, '');
      }
      preserved(ctx, file, new CliError('Edit cancelled, no valid changes were saved.'));
    }));
}

/**
 * `create -f ... --edit` (kubectl's EditBeforeCreateMode): the manifests' objects under the header in the
 * editor, as one List when there are several; the edited documents, or undefined when the edit was
 * cancelled (unchanged or emptied, said on stderr as kubectl says it).
 */
export async function editBeforeCreate(ctx: CommandContext, objects: unknown[]): Promise<{ doc: unknown }[] | undefined> {
  const original = HEADER + toYaml(objects.length === 1 ? objects[0] : asList(objects as KubeObject[]));
  const session = (ctx.io.editor ?? hostEditor(ctx)).open('yaml');
  session.write(original);
  await launch(ctx, session);
  const edited = (session.read() ?? '').replace(/\r\n/g, '\n');
  session.remove();
  if (stripComments(original) === stripComments(edited)) {
    ctx.err('Edit cancelled, no changes made.\n');
    return undefined;
  }
  if (!stripComments(edited).trim()) {
    ctx.err('Edit cancelled, saved file was empty.\n');
    return undefined;
  }
  const parsed = parseEdited(stripComments(edited), session.path);
  if (typeof parsed === 'string') throw new CliError(`The edited file had a syntax error: ${parsed}`);
  return parsed.flatMap((d) => {
    const v = d.doc as KubeObject;
    return v && v.kind === 'List' && Array.isArray(v.items) ? (v.items as unknown[]).map((doc) => ({ doc })) : [d];
  });
}

/** Apply each edited object whose content changed; invalid ones become reasons to reopen the editor. */
function applyEdits(
  ctx: CommandContext,
  targets: { info: KindInfo; obj: KubeObject }[],
  originals: KubeObject[],
  edits: KubeObject[],
  reasons: Reason[],
  file: string,
): string[] {
  const lines: string[] = [];
  ctx.mutate((state, env) => {
    targets.forEach((t, i) => {
      const edited = edits.find((e) => e?.metadata?.name === t.obj.metadata.name && e.kind === t.obj.kind) ?? edits[i];
      if (!edited || edited.kind !== t.obj.kind || edited.apiVersion !== t.obj.apiVersion || edited.metadata?.name !== t.obj.metadata.name) {
        preserved(ctx, file, new CliError('At least one of apiVersion, kind and name was changed'));
      }
      if (JSON.stringify(sortDeep(edited)) === JSON.stringify(sortDeep(originals[i]))) {
        lines.push(`${kindPrefix(t.info)}/${t.obj.metadata.name} skipped\n`);
        return;
      }
      const live = getObject(state, t.info.resource, t.obj.metadata.namespace, t.obj.metadata.name);
      try {
        if (!live) throw new ApiError('NotFound', `${t.info.resource} "${t.obj.metadata.name}" not found`);
        // kubectl sends the difference as a patch (so changes made meanwhile by others are kept), decoded
        // strictly: a field the kind does not have is refused, never stored.
        const patch = twoWayMergePatch(originals[i], edited) ?? {};
        const next = applyPatch(state, t.info, structuredClone(live), 'merge', patch);
        checkName(next, t.obj.metadata.name, t.obj.metadata.namespace);
        replaceObject(state, env, t.info, next, { fieldManager: 'kubectl-edit' });
        lines.push(`${kindPrefix(t.info)}/${t.obj.metadata.name} edited\n`);
      } catch (e) {
        if (e instanceof ApiError && e.reason === 'Invalid' && e.details) {
          reasons.push({
            head: `${t.info.resource} ${JSON.stringify(t.obj.metadata.name)} was not valid`,
            other: [...new Set(e.details.causes.map(fieldErrorText))],
          });
        } else preserved(ctx, file, e);
      }
    });
  });
  return lines;
}

/** The edited documents, or the parse error's text (a parse failure may be thrown or carried in a document). */
function parseEdited(text: string, file: string): { doc: unknown }[] | string {
  const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).replace(/^error parsing [^:]*: /, '');
  try {
    const docs = parseManifestText(text, file);
    const bad = docs.find((d) => d.doc && typeof d.doc === 'object' && (d.doc as { error?: unknown }).error instanceof Error);
    return bad ? message((bad.doc as { error: Error }).error) : docs;
  } catch (e) {
    return message(e);
  }
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep((v as Record<string, unknown>)[k])]));
  return v;
}
