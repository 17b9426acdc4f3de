/** The cluster picture from a state: model, layout and SVG in one call, and the address index the page draws traces with. */
import type { ClusterState } from '../api/types.js';
import { clusterModel, type ClusterModel } from './model.js';
import { layout, CLIENT_ID } from './layout.js';
import { renderSvg } from './svg.js';

export interface Picture {
  model: ClusterModel;
  svg: string;
  /** Which drawn object owns an address (pods, cluster IPs, node IPs, load-balancer IPs, ingress addresses). */
  addresses: Record<string, string>;
}

/** Which drawn object owns each address of the model. */
export function addressIndex(model: ClusterModel): Record<string, string> {
  const out: Record<string, string> = { '172.18.0.1': CLIENT_ID };
  for (const n of model.nodes) if (n.ip) out[n.ip] = n.id;
  for (const i of model.ingresses) for (const a of i.address.split(',')) if (a) out[a] = i.id;
  for (const e of model.entries) if (e.kind === 'loadbalancer') out[e.address.replace(/:\d+$/, '')] = e.id;
  for (const s of model.services) if (s.clusterIP && s.clusterIP !== 'None') out[s.clusterIP] = s.id;
  for (const p of model.pods) if (p.ip && !out[p.ip]) out[p.ip] = p.id;
  return out;
}

/** Draw the cluster as it is in `state`. */
export function picture(state: ClusterState, now: Date, label = 'the cluster: nodes and their pods, Services and their endpoints'): Picture {
  const model = clusterModel(state, now);
  return { model, svg: renderSvg(layout(model), label), addresses: addressIndex(model) };
}
