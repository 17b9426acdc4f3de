/**
 * The Markdown of a walkthrough's prose as HTML, for `play --html`: headings, paragraphs, lists, fenced
 * code, block quotes, tables and the inline marks (code, bold, emphasis, links). Links are written as
 * their text and address, not as anchors, so a published page points nowhere outside itself.
 */
import { escapeXml } from './svg.js';

/** Inline Markdown of one line (already split into blocks) as HTML. */
export function inline(text: string): string {
  const out: string[] = [];
  // Code spans first: nothing inside them is markup.
  const parts = text.split(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/);
  for (let i = 0; i < parts.length; i++) {
    if (i % 3 === 0) out.push(marks(parts[i]!));
    else if (i % 3 === 2) out.push(`<code>${escapeXml(parts[i]!.trim() || parts[i]!)}</code>`);
  }
  return out.join('');
}

function marks(s: string): string {
  return escapeXml(s)
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, t: string, href: string) => `${t} (<span class="url">${href}</span>)`)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>')
    .replace(/(^|[^_\w])_([^_\s][^_]*)_(?!\w)/g, '$1<em>$2</em>');
}

const FENCE = /^\s*(`{3,}|~{3,})\s*([\w+-]*)/;

/** A block of prose lines (or one fenced block) as HTML. */
export function markdown(lines: string[]): string {
  const html: string[] = [];
  let i = 0;
  const para: string[] = [];
  const flush = () => {
    if (para.length) html.push(`<p>${para.map(inline).join('\n')}</p>`);
    para.length = 0;
  };
  while (i < lines.length) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i]!.trim().startsWith(fence[1]!); i++) body.push(lines[i]!);
      i++;
      html.push(`<pre class="code"${fence[2] ? ` data-lang="${escapeXml(fence[2])}"` : ''}><code>${escapeXml(body.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      const level = heading[1]!.length;
      html.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
      i++;
      continue;
    }
    if (/^\s*[-*+]\s+/.test(line) || /^\s*\d+[.)]\s+/.test(line)) {
      flush();
      const ordered = /^\s*\d/.test(line);
      const items: string[] = [];
      while (i < lines.length && lines[i]!.trim() !== '' && !FENCE.test(lines[i]!)) {
        const l = lines[i]!;
        const item = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(l);
        if (item) items.push(item[1]!);
        else items[items.length - 1] += `\n${l.trim()}`;
        i++;
      }
      const tag = ordered ? 'ol' : 'ul';
      html.push(`<${tag}>${items.map((t) => `<li>${t.split('\n').map(inline).join('\n')}</li>`).join('')}</${tag}>`);
      continue;
    }
    if (/^\s*>/.test(line)) {
      flush();
      const quoted: string[] = [];
      for (; i < lines.length && /^\s*>/.test(lines[i]!); i++) quoted.push(lines[i]!.replace(/^\s*>\s?/, ''));
      html.push(`<blockquote>${markdown(quoted)}</blockquote>`);
      continue;
    }
    if (/^\s*\|/.test(line) && i + 1 < lines.length && /^\s*\|?\s*:?-{3,}/.test(lines[i + 1]!)) {
      flush();
      const cells = (l: string) => l.trim().replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map((c) => c.trim());
      const head = cells(line);
      const rows: string[][] = [];
      for (i += 2; i < lines.length && /^\s*\|/.test(lines[i]!); i++) rows.push(cells(lines[i]!));
      html.push(`<table><thead><tr>${head.map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`);
      continue;
    }
    if (line.trim() === '') flush();
    else para.push(line.trim());
    i++;
  }
  flush();
  return html.join('\n');
}
