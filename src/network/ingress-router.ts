/**
 * The simulated ingress-nginx data plane. Owned by the ingress work; used by the traffic work's clients.
 */
import type { ClusterState } from '../api/types.js';
import type { Env } from '../env.js';
import type { ConnectResult, HttpRequest, HttpResponse } from './contracts.js';

/** Is ip:port served by the ingress controller (its pod IPs, its service's cluster/LB IPs, node ports, or the Ingress ADDRESS)? */
export function isIngressEntry(state: ClusterState, ip: string, port: number): boolean {
  void state;
  void ip;
  void port;
  return false;
}

/**
 * Handle a request that reached the ingress controller: match host and path, then `forward` it straight to
 * an endpoint of the backend service (ip:port of a pod), or answer 404/503/308 as ingress-nginx does.
 */
export function ingressHandle(
  state: ClusterState,
  env: Env,
  req: HttpRequest & { host: string },
  forward: (ip: string, port: number, req: HttpRequest) => ConnectResult,
): HttpResponse {
  void state;
  void env;
  void req;
  void forward;
  return { status: 404, statusText: 'Not Found', headers: [], body: '' };
}

/** The certificate the controller presents for an SNI host: from the Ingress's TLS secret, or its default fake one. */
export function ingressCertificate(state: ClusterState, host: string): { subject: string; issuer: string; selfSigned: boolean; fromSecret?: string } {
  void state;
  return { subject: 'O=Acme Co, CN=Kubernetes Ingress Controller Fake Certificate', issuer: 'O=Acme Co, CN=Kubernetes Ingress Controller Fake Certificate', selfSigned: true, fromSecret: host ? undefined : undefined };
}
