/// <reference lib="dom" />
/**
 * The live page's script (bundled for the browser by scripts/build.mjs): it swaps in each new picture
 * the server sends, shows the details of what is clicked, sends requests from the form, and draws each
 * traced request on the picture one hop at a time.
 */
import type { Trace, TraceHop } from '../../network/trace.js';

interface PictureEvent {
  svg: string;
  addresses: Record<string, string>;
  pods: { id: string; label: string }[];
}

interface DetailsReply {
  title: string;
  sections: { title: string; text: string }[];
}

const HOP_MS = 650;
let addresses: Record<string, string> = {};
let selected: string | undefined;
let playing: { trace: Trace; step: number } | undefined;
const queue: Trace[] = [];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function svgEl(id: string): Element | null {
  return document.querySelector(`#picture [data-id="${CSS.escape(id)}"]`);
}

function setPicture(p: PictureEvent): void {
  addresses = p.addresses;
  $('picture').innerHTML = p.svg;
  if (selected) svgEl(selected)?.classList.add('selected');
  if (playing) paint(playing.trace, playing.step);
  const from = $<HTMLSelectElement>('from');
  const keep = from.value;
  from.replaceChildren(new Option('outside the cluster (the host)', 'outside'), ...p.pods.map((x) => new Option(x.label, x.id)));
  from.value = [...from.options].some((o) => o.value === keep) ? keep : 'outside';
}

async function select(id: string): Promise<void> {
  if (!/^(svc|pod):/.test(id)) return;
  document.querySelectorAll('#picture .selected').forEach((e) => e.classList.remove('selected'));
  selected = id;
  svgEl(id)?.classList.add('selected');
  const r = await fetch(`/api/details?id=${encodeURIComponent(id)}`);
  const d = (await r.json()) as DetailsReply;
  $('details-title').textContent = d.title ?? id;
  const box = $('details');
  box.replaceChildren();
  for (const s of d.sections ?? []) {
    const h = document.createElement('h2');
    h.textContent = s.title;
    const pre = document.createElement('pre');
    pre.textContent = s.text;
    box.append(h, pre);
  }
}

function origin(t: Trace): string {
  const o = t.origin;
  return o.kind === 'pod' ? `pod:${o.pod.namespace}/${o.pod.name}` : o.kind === 'node' ? `node:${o.node}` : 'client:outside';
}

/** The drawn objects a hop is about. */
function targets(h: TraceHop): string[] {
  const out: string[] = [];
  const add = (id: string | undefined) => {
    if (id && !out.includes(id)) out.push(id);
  };
  const ref = (k: string, r?: { namespace: string; name: string }) => (r ? `${k}:${r.namespace}/${r.name}` : undefined);
  if (h.kind === 'entry' && h.via === 'nodeport' && h.to) add(`entry:nodeport:${h.to.port}`);
  if (h.kind === 'entry' && h.via === 'loadbalancer' && h.to) add(`entry:lb:${h.to.ip}:${h.to.port}`);
  if (h.kind === 'entry' && h.via === 'ingress' && h.to) add(addresses[h.to.ip]?.startsWith('ing:') ? addresses[h.to.ip] : undefined);
  add(ref('svc', h.service));
  add(ref('pod', h.pod));
  if (h.kind === 'dns' || h.kind === 'dnat') for (const ip of h.ips ?? []) add(addresses[ip]);
  if (!out.length && h.to) add(addresses[h.to.ip]);
  if (!out.length && h.node) add(`node:${h.node}`);
  return out.filter((id) => svgEl(id));
}

function clearPaint(): void {
  document.querySelectorAll('#picture .hop').forEach((e) => e.classList.remove('hop', 'hop-failed'));
  document.querySelectorAll('#picture [data-hop]').forEach((e) => e.removeAttribute('data-hop'));
}

/** Mark the objects of hops 0..step, and the edges between one hop's objects and the next's. */
function paint(t: Trace, step: number): void {
  clearPaint();
  let prev = [origin(t)];
  const mark = (el: Element | null, n: number) => {
    if (!el) return;
    el.classList.add('hop');
    if (!el.hasAttribute('data-hop')) el.setAttribute('data-hop', String(n));
  };
  mark(svgEl(prev[0]!), 0);
  for (let i = 0; i <= step && i < t.hops.length; i++) {
    const h = t.hops[i]!;
    const now = targets(h);
    for (const id of now) mark(svgEl(id), i + 1);
    for (const a of prev) for (const b of now) mark(document.querySelector(`#picture .edge[data-from="${CSS.escape(a)}"][data-to="${CSS.escape(b)}"]`), i + 1);
    if ((h.kind === 'drop' || h.kind === 'refused') && (now.length || prev.length)) for (const id of now.length ? now : prev) svgEl(id)?.classList.add('hop-failed');
    if (now.length) prev = now;
  }
}

function play(t: Trace): void {
  if (playing) {
    queue.push(t);
    return;
  }
  const list = $('trace');
  list.replaceChildren();
  const head = document.createElement('li');
  head.textContent = `${t.origin.kind === 'pod' ? `pod ${t.origin.pod.namespace}/${t.origin.pod.name}` : t.origin.kind === 'node' ? `node ${t.origin.node}` : 'the host'} requests ${t.url}`;
  list.append(head);
  list.dataset.url = t.url;
  list.dataset.outcome = t.outcome.ok ? `ok ${t.outcome.status}` : t.outcome.error;
  t.hops.forEach((h) => {
    const li = document.createElement('li');
    li.textContent = h.text;
    li.dataset.kind = h.kind;
    li.dataset.targets = targets(h).join(' ');
    if (h.kind === 'drop' || h.kind === 'refused') li.classList.add('failed');
    list.append(li);
  });
  const end = document.createElement('li');
  end.textContent = t.outcome.ok ? `answered: HTTP ${t.outcome.status}` : `failed: ${t.outcome.error}`;
  if (!t.outcome.ok) end.classList.add('failed');
  list.append(end);
  playing = { trace: t, step: -1 };
  const next = () => {
    if (!playing) return;
    playing.step++;
    paint(playing.trace, playing.step);
    // The step index counts the heading item: hop i is list item i + 1.
    for (let i = 0; i < list.children.length; i++) list.children[i]!.classList.toggle('current', i === playing.step + 1);
    if (playing.step < t.hops.length - 1) setTimeout(next, HOP_MS);
    else {
      list.dataset.done = 'true';
      playing = undefined;
      const more = queue.shift();
      if (more) setTimeout(() => play(more), HOP_MS * 2);
    }
  };
  list.dataset.done = 'false';
  setTimeout(next, HOP_MS);
}

function start(): void {
  const events = new EventSource('/events');
  events.addEventListener('picture', (e) => setPicture(JSON.parse((e as MessageEvent<string>).data) as PictureEvent));
  events.addEventListener('trace', (e) => play(JSON.parse((e as MessageEvent<string>).data) as Trace));
  events.addEventListener('open', () => ($('status').textContent = 'live'));
  events.addEventListener('error', () => ($('status').textContent = 'reconnecting...'));
  $('picture').addEventListener('click', (e) => {
    const g = (e.target as Element).closest('[data-id]');
    if (g) void select(g.getAttribute('data-id')!);
  });
  $<HTMLFormElement>('request').addEventListener('submit', (e) => {
    e.preventDefault();
    const from = $<HTMLSelectElement>('from').value;
    const url = $<HTMLInputElement>('url').value;
    // The trace arrives on the event stream like any other; the reply only reports a refusal.
    void fetch('/api/request', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ from, url }) });
  });
}

start();
