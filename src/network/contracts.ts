/**
 * Shared shapes of the simulated network, so the modules that produce and consume them can be built
 * independently: DNS (services work), the applications in containers (kubelet work), ingress routing
 * (ingress work) and kube-proxy plus the in-container tools (traffic work).
 */

/** A DNS answer as the cluster DNS (CoreDNS) gives it. */
export type DnsAnswer =
  | { kind: 'A'; name: string; ips: string[] }
  | { kind: 'CNAME'; name: string; target: string; /** A records of the target, when the target is a known simulated host. */ ips: string[] }
  | { kind: 'SRV'; name: string; records: { priority: number; weight: number; port: number; target: string }[] }
  | { kind: 'PTR'; name: string; target: string }
  | { kind: 'NXDOMAIN'; name: string };

/** An HTTP request as a client sends it. */
export interface HttpRequest {
  method: string;
  /** Path with query, e.g. `/foo?x=1`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Source IP the server sees (after any SNAT). */
  clientIP: string;
  scheme: 'http' | 'https';
  /** Only open the connection (`nc -z`): the application accepts it but is sent nothing and logs nothing. */
  connectOnly?: boolean;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
}

/** The outcome of opening a connection to ip:port. */
export type ConnectResult =
  | { ok: true; response: HttpResponse; /** Which pod answered (for --trace and logs). */ servedBy?: { pod: string; namespace: string; ip: string; port: number } }
  /** `empty`: accepted, then closed without a byte (curl's `Empty reply from server`). */
  | { ok: false; error: 'refused' | 'timeout' | 'unreachable' | 'reset' | 'empty' };
