/**
 * Ports the simulated host listens on: where `kubectl port-forward` listens when it runs inside a
 * walkthrough (a sandbox opens no real port), so the walkthrough's own `curl localhost:8080` reaches
 * the forwarded pod. Kept in memory by the walkthrough's session; never in the cluster state.
 */
import type { ConnectResult, HttpRequest } from './contracts.js';
import type { NetCtx } from './client.js';

/** What answers one connection to a listening port (on the caller's state, inside its transaction). */
export type HostPortHandler = (net: NetCtx, req: Omit<HttpRequest, 'clientIP'>) => ConnectResult;

/** The simulated host's listening ports. */
export interface HostPorts {
  /** Start listening; false when the port is taken. */
  listen(port: number, handler: HostPortHandler): boolean;
  close(port: number): void;
  handler(port: number): HostPortHandler | undefined;
  /** The port the kernel would hand out for port 0: the first free one of the ephemeral range. */
  ephemeral(): number;
}

/** First port of Linux's default ephemeral range (net.ipv4.ip_local_port_range). */
const EPHEMERAL_FIRST = 32768;

/** An empty table of listening ports. */
export function hostPortTable(): HostPorts {
  const ports = new Map<number, HostPortHandler>();
  return {
    listen(port, handler) {
      if (ports.has(port)) return false;
      ports.set(port, handler);
      return true;
    },
    close: (port) => void ports.delete(port),
    handler: (port) => ports.get(port),
    ephemeral() {
      let p = EPHEMERAL_FIRST;
      while (ports.has(p)) p++;
      return p;
    },
  };
}
