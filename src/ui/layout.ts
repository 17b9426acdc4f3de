/**
 * Where everything in the picture goes, computed by dagre (a layered graph layout): the outside world
 * and the ways in on top, Services below them, then each node as a box holding its pods, with an edge
 * from each Service to each endpoint. Sizes come from the text each box holds (a monospace font, so
 * the width is known without a browser), and dagre is deterministic, so the same model always gives
 * the same geometry: `play --html` pages are reproducible byte for byte.
 */
import dagre from '@dagrejs/dagre';
import type { ClusterModel, ModelPod } from './model.js';

/** What a box is, for drawing and for the page's selection. */
export type BoxKind = 'client' | 'entry' | 'ingress' | 'service' | 'pod' | 'policy' | 'node-header';

export interface Box {
  /** The model id (`svc:default/kubia`, `pod:default/kubia-x`, ...). */
  id: string;
  kind: BoxKind;
  /** Top-left corner and size. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Text lines, the first drawn bold. */
  lines: string[];
  /** Extra classes (a pod's state, a node that is not ready). */
  state?: string;
}

export interface Cluster {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  state?: string;
}

export interface Edge {
  from: string;
  to: string;
  kind: 'endpoint' | 'endpoint-not-ready' | 'ingress' | 'entry' | 'policy' | 'outside';
  points: { x: number; y: number }[];
  label?: string;
  /** Where to put the label (its centre). */
  labelAt?: { x: number; y: number };
}

export interface Geometry {
  width: number;
  height: number;
  boxes: Box[];
  clusters: Cluster[];
  edges: Edge[];
}

export const FONT_SIZE = 11;
/** Advance of one character of the monospace font, in px. */
export const CHAR_W = 6.6;
export const LINE_H = 14;
const PAD = 6;
/** The outside world, where requests from the host start. */
export const CLIENT_ID = 'client:outside';

function size(lines: string[]): { width: number; height: number } {
  return { width: Math.ceil(Math.max(...lines.map((l) => l.length)) * CHAR_W + 2 * PAD), height: lines.length * LINE_H + 2 * PAD };
}

function short(namespace: string, name: string): string {
  return namespace === 'default' ? name : `${namespace}/${name}`;
}

function podLines(p: ModelPod): string[] {
  return [short(p.namespace, p.name), p.ip ?? '(no IP)', `${p.status} ${p.ready}`];
}

/** The geometry of the picture of a model. */
export function layout(model: ClusterModel): Geometry {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 18, ranksep: 46, edgesep: 10, marginx: 12, marginy: 12 });
  const boxes = new Map<string, Omit<Box, 'x' | 'y' | 'w' | 'h'>>();
  const add = (id: string, kind: BoxKind, lines: string[], state?: string, parent?: string) => {
    boxes.set(id, { id, kind, lines, ...(state ? { state } : {}) });
    g.setNode(id, size(lines));
    if (parent) g.setParent(id, parent);
  };
  const edges: Omit<Edge, 'points'>[] = [];
  const edge = (from: string, to: string, kind: Edge['kind'], opts: { minlen?: number; label?: string; weight?: number } = {}) => {
    const name = `${edges.length}`;
    edges.push({ from, to, kind, ...(opts.label ? { label: opts.label } : {}) });
    const label = opts.label ? { width: opts.label.length * CHAR_W + 4, height: LINE_H, labelpos: 'c' as const } : {};
    g.setEdge(from, to, { minlen: opts.minlen ?? 1, weight: opts.weight ?? 1, ...label }, name);
  };

  add(CLIENT_ID, 'client', ['outside the cluster', 'host 172.18.0.1']);

  // Each node is a cluster whose header sits above its pods.
  const nodeIds = new Set(model.nodes.map((n) => n.id));
  const unscheduled = 'node:(unscheduled)';
  const podsOf = new Map<string, ModelPod[]>();
  for (const p of model.pods) {
    const key = p.node && nodeIds.has(`node:${p.node}`) ? `node:${p.node}` : unscheduled;
    podsOf.set(key, [...(podsOf.get(key) ?? []), p]);
  }
  const clusterState = new Map<string, string>();
  const header = (nodeId: string) => `hdr:${nodeId}`;
  const nodeList = [...model.nodes.map((n) => ({ id: n.id, name: n.name, lines: [`node ${n.name}`, n.ip, ...(n.nodePorts.length ? [`node ports ${n.nodePorts.join(' ')}`] : [])], ready: n.ready }))];
  if (podsOf.has(unscheduled)) nodeList.push({ id: unscheduled, name: '(unscheduled)', lines: ['not scheduled'], ready: true });
  for (const n of nodeList) {
    g.setNode(n.id, {});
    if (!n.ready) clusterState.set(n.id, 'not-ready');
    const hidden = model.hiddenPods[n.name === '(unscheduled)' ? '' : n.name];
    add(header(n.id), 'node-header', hidden ? [...n.lines, `+${hidden} more pods`] : n.lines, undefined, n.id);
    for (const p of podsOf.get(n.id) ?? []) {
      add(p.id, 'pod', podLines(p), p.state, n.id);
      edge(header(n.id), p.id, 'outside', { weight: 0 });
    }
  }

  for (const s of model.services) {
    add(s.id, 'service', [short(s.namespace, s.name), `${s.type} ${s.clusterIP}`, s.ports, ...(s.external !== '<none>' ? [`external ${s.external}`] : [])]);
    for (const ep of s.endpoints) {
      const target = ep.pod ?? (ep.node ? header(ep.node) : undefined);
      if (target && boxes.has(target)) edge(s.id, target, ep.ready ? 'endpoint' : 'endpoint-not-ready', { minlen: 2, weight: 2 });
    }
  }
  for (const e of model.entries) {
    if (!boxes.has(e.id)) add(e.id, 'entry', [e.kind === 'nodeport' ? `NodePort ${e.address}` : `LoadBalancer ${e.address}`, e.kind === 'nodeport' ? 'on every node' : 'load-balancer IP']);
    edge(CLIENT_ID, e.id, 'outside');
    edge(e.id, e.service, 'entry');
  }
  for (const ing of model.ingresses) {
    add(ing.id, 'ingress', [`ingress ${short(ing.namespace, ing.name)}`, ing.address || '(no address)']);
    edge(CLIENT_ID, ing.id, 'outside');
    for (const r of ing.rules) if (boxes.has(r.service)) edge(ing.id, r.service, 'ingress', { label: `${r.host}${r.path === '(default)' ? ' (default)' : r.path}` });
  }
  // A policy's edges to the pods it selects are drawn straight after the layout, not routed by dagre: a
  // policy box placed on the rank of a node cluster that holds its pods makes dagre's edge clipping fail
  // ("Not possible to find intersection inside of the rectangle").
  const policyEdges: { from: string; to: string }[] = [];
  for (const p of model.policies) {
    add(p.id, 'policy', [`NetworkPolicy ${short(p.namespace, p.name)}`, p.types]);
    for (const pod of p.pods) if (boxes.has(pod)) policyEdges.push({ from: p.id, to: pod });
  }

  dagre.layout(g);

  const outBoxes: Box[] = [];
  for (const b of boxes.values()) {
    const n = g.node(b.id) as { x: number; y: number; width: number; height: number };
    outBoxes.push({ ...b, x: round(n.x - n.width / 2), y: round(n.y - n.height / 2), w: n.width, h: n.height });
  }
  const clusters: Cluster[] = nodeList.map((n) => {
    const c = g.node(n.id) as { x: number; y: number; width: number; height: number };
    const st = clusterState.get(n.id);
    return { id: n.id, x: round(c.x - c.width / 2), y: round(c.y - c.height / 2), w: round(c.width), h: round(c.height), ...(st ? { state: st } : {}) };
  });
  const outEdges: Edge[] = [];
  edges.forEach((e, i) => {
    if (e.kind === 'outside' && e.from.startsWith('hdr:')) return;
    const d = g.edge(e.from, e.to, String(i)) as { points: { x: number; y: number }[]; x?: number; y?: number };
    outEdges.push({ ...e, points: d.points.map((p) => ({ x: round(p.x), y: round(p.y) })), ...(e.label && d.x !== undefined ? { labelAt: { x: round(d.x), y: round(d.y!) } } : {}) });
  });
  for (const e of policyEdges) outEdges.push({ ...e, kind: 'policy', points: straight(g.node(e.from), g.node(e.to)) });
  const graph = g.graph() as { width?: number; height?: number };
  return { width: Math.ceil(graph.width ?? 0), height: Math.ceil(graph.height ?? 0), boxes: outBoxes, clusters, edges: outEdges };
}

type Placed = { x: number; y: number; width: number; height: number };

/** A straight edge between two placed boxes, from the border of one to the border of the other. */
function straight(a: Placed, b: Placed): { x: number; y: number }[] {
  const border = (from: Placed, to: Placed) => {
    const dx = to.x - from.x;
    const dy = to.y - from.y;
    if (dx === 0 && dy === 0) return { x: from.x, y: from.y };
    // Scale the direction to where it leaves the box (the smaller of the two axis-aligned hits).
    const t = Math.min(dx === 0 ? Infinity : from.width / 2 / Math.abs(dx), dy === 0 ? Infinity : from.height / 2 / Math.abs(dy));
    return { x: round(from.x + dx * t), y: round(from.y + dy * t) };
  };
  return [border(a, b), border(b, a)];
}

/** Coordinates to a tenth of a pixel: short, stable SVG text. */
function round(v: number): number {
  return Math.round(v * 10) / 10;
}
