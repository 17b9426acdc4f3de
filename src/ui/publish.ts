/**
 * `kube-sim play FILE --html OUT.html`: a walkthrough as one self-contained page a course author can
 * publish as it is. Prose becomes HTML, each command is shown with the output it really printed, and
 * after each step that changed the cluster the picture is drawn as inline SVG, made here and now: no
 * script, font, image or style comes from anywhere else, and the page reads the same without script.
 * On the virtual clock the same walkthrough gives the same bytes.
 */
import type { Transcript } from '../transcript/format.js';
import { matches } from '../transcript/match.js';
import { outputLines, type Session } from '../transcript/session.js';
import { clockMode, makeEnv } from '../env.js';
import { escapeXml } from './svg.js';
import { markdown } from './markdown.js';
import { picture } from './picture.js';
import { PICTURE_CSS } from './style.js';

const PAGE_CSS = `
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2733; background: #fff; }
main { max-width: 64rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
p code, li code, td code { background: #f1f3f5; padding: 0 0.2em; border-radius: 3px; font-size: 0.9em; }
pre { font-size: 13px; line-height: 1.4; overflow-x: auto; padding: 0.7rem 0.9rem; border-radius: 6px; }
pre.code { background: #f6f8fa; border: 1px solid #e1e4e8; }
pre.terminal { background: #1d2733; color: #e6edf3; }
pre.terminal .prompt { color: #7ee787; user-select: none; }
pre.terminal .cmd { color: #fff; font-weight: bold; }
pre.terminal .differs { color: #ffa198; }
figure { margin: 1rem 0 1.5rem; padding: 0.5rem; border: 1px solid #e1e4e8; border-radius: 6px; overflow-x: auto; }
figcaption { font-size: 0.85rem; color: #5b6b7d; margin-top: 0.3rem; }
table { border-collapse: collapse; } th, td { border: 1px solid #d0d7de; padding: 0.2rem 0.5rem; }
blockquote { margin: 0; padding-left: 1rem; border-left: 3px solid #d0d7de; color: #4b5563; }
.url { font-family: ui-monospace, monospace; font-size: 0.85em; word-break: break-all; }
footer { margin-top: 2rem; color: #5b6b7d; font-size: 0.9rem; }
`;

/** What to call a walkthrough: its first heading, else the file name. */
function titleOf(doc: Transcript, fallback: string): string {
  for (const step of doc.steps) {
    if (step.kind !== 'prose' || step.code) continue;
    for (const l of step.text) {
      const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(l);
      if (h) return h[1]!.replace(/[`*_]/g, '');
    }
  }
  return fallback;
}

/** Terminal output as HTML text: no colours, no control characters a page cannot hold. */
function terminalText(s: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r\n/g, '\n').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '\ufffd').replace(/\r/g, '');
  return escapeXml(clean);
}

/** What the published page says about how the run went. */
export interface PublishResult {
  html: string;
  commands: number;
  /** Commands whose output or exit code differed from the walkthrough's expectation. */
  differed: number;
  pictures: number;
}

/** Run the walkthrough in `session` and render the page. */
export async function publishWalkthrough(doc: Transcript, session: Session, name: string): Promise<PublishResult> {
  const title = titleOf(doc, name);
  const body: string[] = [];
  let terminal: string[] = [];
  let commands = 0;
  let differed = 0;
  let pictures = 0;
  let lastSvg = '';
  let lastStamp = '';
  const closeTerminal = () => {
    if (terminal.length) body.push(`<pre class="terminal"><code>${terminal.join('\n')}</code></pre>`);
    terminal = [];
  };
  const stampOf = () => {
    const s = session.store.load();
    return s ? `${s.meta.resourceVersion}:${s.meta.virtualNow}:${s.meta.wallOffsetMs}:${JSON.stringify(s.settings)}` : '';
  };
  for (const step of doc.steps) {
    if (step.kind === 'prose') {
      closeTerminal();
      body.push(markdown(step.text));
      continue;
    }
    if (step.kind === 'file') {
      closeTerminal();
      body.push(`<p class="file">The file <code>${escapeXml(step.name)}</code>:</p>`);
      body.push(`<pre class="code"${step.lang ? ` data-lang="${escapeXml(step.lang)}"` : ''}><code>${escapeXml(step.content.replace(/\n$/, ''))}</code></pre>`);
      session.writeFile(step.name, step.content);
      continue;
    }
    const { output, exitCode, problems } = await session.run(step.text, step.stdin);
    commands++;
    const ok = !problems.length && exitCode === step.exit && matches(step.expected, outputLines(output));
    if (!ok) differed++;
    const shown = output.endsWith('\n') ? output.slice(0, -1) : output;
    terminal.push(`<span class="prompt">$ </span><span class="cmd">${terminalText(step.display)}</span>${shown ? `\n<span${ok ? '' : ' class="differs"'}>${terminalText(shown)}</span>` : ''}`);
    const stamp = stampOf();
    if (stamp === lastStamp) continue;
    lastStamp = stamp;
    const state = session.store.load();
    if (!state) continue;
    const now = makeEnv(state, clockMode(session.env)).now();
    const { svg } = picture(state, now, `the cluster after: ${step.display}`);
    if (svg === lastSvg) continue;
    lastSvg = svg;
    pictures++;
    closeTerminal();
    body.push(`<figure>${svg}<figcaption>The cluster after <code>${escapeXml(step.display.split('\n')[0]!)}</code></figcaption></figure>`);
  }
  closeTerminal();
  const summary = differed
    ? `${commands} commands; ${differed} printed something other than the walkthrough expects (see: kube-sim test ${name})`
    : `${commands} commands; every output was what the walkthrough expects`;
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kube-sim play --html">
<title>${escapeXml(title)}</title>
<style>${PICTURE_CSS}${PAGE_CSS}</style>
</head>
<body>
<main>
${body.join('\n')}
<footer>Replayed by kube-sim from ${escapeXml(name)}: ${escapeXml(summary)}.</footer>
</main>
</body>
</html>
`;
  return { html, commands, differed, pictures };
}
