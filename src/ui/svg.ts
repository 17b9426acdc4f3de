/**
 * The picture as SVG text: node boxes holding pods, Services with an edge to each endpoint (dashed when
 * not ready), ways in, Ingress rules and NetworkPolicies. No ids and no styles inside (the page styles
 * it through classes, and several pictures can share one page); every drawn object carries its model id
 * in `data-id`, which the live page uses to select it and to draw a traced request on it.
 */
import type { Box, Edge, Geometry } from './layout.js';
import { FONT_SIZE, LINE_H } from './layout.js';

/** Text escaped for XML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const BOX_TITLE: Record<Box['kind'], string> = {
  client: 'the host outside the cluster',
  entry: 'a way into the cluster',
  ingress: 'Ingress',
  service: 'Service',
  pod: 'Pod',
  policy: 'NetworkPolicy',
  'node-header': 'Node',
};

function boxSvg(b: Box): string {
  const cls = ['box', b.kind, ...(b.state ? [b.state] : [])].join(' ');
  const text = b.lines
    .map((l, i) => `<tspan x="${b.x + 6}" y="${b.y + 6 + FONT_SIZE + i * LINE_H - 1}"${i === 0 ? ' class="head"' : ''}>${escapeXml(l)}</tspan>`)
    .join('');
  const title = `${BOX_TITLE[b.kind]}: ${b.lines.join(', ')}${b.state ? ` (${b.state})` : ''}`;
  return `<g class="${cls}" data-id="${escapeXml(b.id.replace(/^hdr:/, ''))}"><title>${escapeXml(title)}</title><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="4"/><text>${text}</text></g>`;
}

function pathOf(points: { x: number; y: number }[]): string {
  if (points.length < 2) return '';
  const p = points;
  let d = `M${p[0]!.x} ${p[0]!.y}`;
  for (let i = 1; i < p.length - 1; i++) {
    const mx = Math.round(((p[i]!.x + p[i + 1]!.x) / 2) * 10) / 10;
    const my = Math.round(((p[i]!.y + p[i + 1]!.y) / 2) * 10) / 10;
    d += ` Q${p[i]!.x} ${p[i]!.y} ${mx} ${my}`;
  }
  const last = p[p.length - 1]!;
  return `${d} L${last.x} ${last.y}`;
}

/** A small arrowhead at the end of the last segment. */
function arrow(points: { x: number; y: number }[]): string {
  const a = points[points.length - 2]!;
  const b = points[points.length - 1]!;
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const ux = (b.x - a.x) / len;
  const uy = (b.y - a.y) / len;
  const r = (v: number) => Math.round(v * 10) / 10;
  const bx = b.x - ux * 7;
  const by = b.y - uy * 7;
  return `${r(b.x)},${r(b.y)} ${r(bx - uy * 3.5)},${r(by + ux * 3.5)} ${r(bx + uy * 3.5)},${r(by - ux * 3.5)}`;
}

function edgeSvg(e: Edge): string {
  if (e.points.length < 2) return '';
  const from = escapeXml(e.from.replace(/^hdr:/, ''));
  const to = escapeXml(e.to.replace(/^hdr:/, ''));
  const label = e.label && e.labelAt ? `<text class="edge-label" x="${e.labelAt.x}" y="${e.labelAt.y + 4}" text-anchor="middle">${escapeXml(e.label)}</text>` : '';
  return `<g class="edge ${e.kind}" data-from="${from}" data-to="${to}"><path d="${pathOf(e.points)}"/><polygon points="${arrow(e.points)}"/>${label}</g>`;
}

/** The SVG text of a laid-out picture; `label` is its accessible name. */
export function renderSvg(geo: Geometry, label: string): string {
  const clusters = geo.clusters
    .map((c) => `<g class="cluster${c.state ? ` ${c.state}` : ''}" data-id="${escapeXml(c.id)}"><rect x="${c.x}" y="${c.y}" width="${c.w}" height="${c.h}" rx="8"/></g>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="cluster-map" viewBox="0 0 ${geo.width} ${geo.height}" width="${geo.width}" height="${geo.height}" role="img" aria-label="${escapeXml(label)}">` +
    `<g class="clusters">${clusters}</g>` +
    `<g class="edges">${geo.edges.map(edgeSvg).join('')}</g>` +
    `<g class="boxes">${geo.boxes.map(boxSvg).join('')}</g>` +
    `</svg>`
  );
}
