/**
 * Who may talk to `kube-sim serve`: it has no authentication and listens on loopback only, so the two
 * ways a web page could still reach it are refused here. A Host header that is not a loopback name
 * (DNS rebinding: `evil.example` resolving to 127.0.0.1) and an Origin header naming another site
 * (a cross-site `fetch`/form POST with `Content-Type: text/plain`, or a cross-site exec WebSocket).
 * kubectl and client libraries send a loopback Host and no Origin, so they pass.
 */
import type { IncomingHttpHeaders } from 'node:http';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `host[:port]` split into a lower-cased host (brackets kept for IPv6) and the port text. */
function splitHostPort(value: string): { host: string; port: string } | undefined {
  const m = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d*))?$/.exec(value.trim().toLowerCase());
  return m ? { host: m[1]!, port: m[2] ?? '' } : undefined;
}

/** A loopback name, with or without a port. */
export function isLoopbackHost(value: string): boolean {
  const hp = splitHostPort(value);
  return !!hp && LOOPBACK_HOSTS.has(hp.host);
}

/** An Origin of this very server: http on a loopback name and the port it listens on. */
function isOwnOrigin(origin: string, port: number): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'ws:') && LOOPBACK_HOSTS.has(url.hostname) && url.port === String(port);
}

/** Why a request must be refused with 403, or undefined when it may proceed; `server` names who refuses (serve, ui). */
export function refusal(headers: IncomingHttpHeaders, port: number, server = 'kube-sim serve'): string | undefined {
  const host = headers.host;
  if (host !== undefined && !isLoopbackHost(host)) {
    return `forbidden: ${server} answers only requests addressed to 127.0.0.1, localhost or [::1], not to host "${host}"`;
  }
  const origin = headers.origin;
  if (origin !== undefined && !isOwnOrigin(origin, port)) {
    return `forbidden: ${server} refuses cross-origin requests (Origin "${origin}")`;
  }
  return undefined;
}
