/**
 * What the application in a container answers (the image catalogue's apps). Owned by the kubelet work.
 * Contract used by kube-proxy/curl (traffic work) and tcpSocket/httpGet probes.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { HttpRequest, HttpResponse } from './contracts.js';

/** Does some container of the pod listen on this port (TCP)? */
export function podListens(state: ClusterState, pod: KubeObject, port: number): boolean {
  void state;
  void pod;
  void port;
  return false;
}

/**
 * Deliver an HTTP request to the pod's application on `port`; 'refused' when nothing listens there.
 * The app may log the request (client IP included) into the container's runtime logs.
 */
export function appRequest(state: ClusterState, env: Env, pod: KubeObject, port: number, req: HttpRequest): HttpResponse | 'refused' {
  void state;
  void env;
  void pod;
  void port;
  void req;
  return 'refused';
}
