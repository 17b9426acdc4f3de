/**
 * `pods/portforward` for the real kubectl: SPDY/3.1 tunnelled in a WebSocket (`SPDY/3.1+portforward.k8s.io`,
 * kubectl >= 1.31) or over a plain SPDY upgrade (its fallback, and kubectl 1.30). For each local
 * connection kubectl opens an `error` and a `data` stream with the same `requestID` and the remote `port`;
 * the data stream carries the connection's bytes, answered by the simulated application through the
 * kubelet's path (src/network/port-forward.ts), and the error stream carries the kubelet's error text.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { CommandContext } from '../cli/context.js';
import type { ClusterState } from '../api/types.js';
import { getObject } from '../api/objects.js';
import { HttpConnection, type Answer } from '../network/http-wire.js';
import { forwardRefusal, forwardRequest, forwardTarget, type ForwardTarget } from '../network/port-forward.js';
import { SpdyConnection, type SpdyStream } from './spdy.js';
import { refuseUpgrade } from './status.js';

/** The WebSocket subprotocol kubectl asks for: the SPDY tunnelling prefix plus port-forward's protocol. */
export const PORTFORWARD_WS_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';
const PORTFORWARD_PROTOCOL = 'portforward.k8s.io';

/** What the API server refuses before upgrading: a missing pod, a pod without a node. */
export function portForwardPrecheck(state: ClusterState, namespace: string, podName: string): { code: number; reason: string; message: string } | undefined {
  const pod = getObject(state, 'pods', namespace, podName);
  if (!pod) return { code: 404, reason: 'NotFound', message: `pods "${podName}" not found` };
  if (!(pod.spec as { nodeName?: string } | undefined)?.nodeName) return { code: 400, reason: 'BadRequest', message: `pod ${podName} does not have a host assigned` };
  return undefined;
}

/** Port-forward over an upgraded WebSocket whose binary messages carry the SPDY byte stream. */
export function forwardOverWebSocket(ws: WebSocket, ctx: CommandContext, namespace: string, podName: string): void {
  const conn = session(ctx, namespace, podName, { write: (b) => ws.send(b), close: () => ws.close(1000) });
  if (!conn) return void ws.close(1000);
  ws.on('message', (data: Buffer) => conn.receive(data));
  ws.on('close', () => conn.ended());
}

/** Port-forward over a plain `Upgrade: SPDY/3.1` (kubectl's fallback when the WebSocket upgrade fails). */
export function forwardOverSpdyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, ctx: CommandContext, namespace: string, podName: string): void {
  const offered = String(req.headers['x-stream-protocol-version'] ?? '').split(',').map((p) => p.trim());
  if (String(req.headers.upgrade).toLowerCase() !== 'spdy/3.1' || !offered.includes(PORTFORWARD_PROTOCOL)) {
    return refuseUpgrade(socket, 400, 'BadRequest', `unable to upgrade: port-forward needs SPDY/3.1 with ${PORTFORWARD_PROTOCOL} (or a WebSocket with ${PORTFORWARD_WS_PROTOCOL})`);
  }
  const conn = session(ctx, namespace, podName, { write: (b) => socket.write(b), close: () => socket.end() });
  if (!conn) return refuseUpgrade(socket, 404, 'NotFound', `pods "${podName}" not found`);
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${PORTFORWARD_PROTOCOL}\r\n\r\n`);
  if (head.length) conn.receive(head);
  socket.on('data', (c: Buffer) => conn.receive(c));
  socket.on('close', () => conn.ended());
}

/** The SPDY connection of one port-forward session, pairing each request's error and data streams. */
function session(ctx: CommandContext, namespace: string, podName: string, transport: { write(b: Buffer): void; close(): void }): SpdyConnection | undefined {
  const pod = getObject(ctx.read().state, 'pods', namespace, podName);
  if (!pod) return undefined;
  const target = forwardTarget(pod);
  const pairs = new Map<string, { error?: SpdyStream; data?: SpdyStream }>();
  return new SpdyConnection(transport, (stream) => {
    const type = stream.headers.streamtype;
    const port = Number(stream.headers.port);
    const id = stream.headers.requestid ?? '';
    // The kubelet's checks: a valid port and a known stream type, each once per request.
    if ((type !== 'error' && type !== 'data') || !/^\d+$/.test(stream.headers.port ?? '') || port < 1 || port > 65535) return false;
    const pair = pairs.get(id) ?? {};
    if (pair[type]) return false;
    pair[type] = stream;
    pairs.set(id, pair);
    if (pair.error && pair.data) {
      pairs.delete(id);
      const { error, data } = pair;
      // After this stream's SYN_REPLY has gone out.
      queueMicrotask(() => forward(ctx, target, port, error, data));
    }
    return true;
  });
}

/** One forwarded connection: the kubelet's refusal on the error stream, or HTTP answered by the pod. */
function forward(ctx: CommandContext, target: ForwardTarget, port: number, error: SpdyStream, data: SpdyStream): void {
  let refusal: string | undefined;
  try {
    refusal = forwardRefusal(ctx.read().state, target, port);
  } catch {
    refusal = `error forwarding port ${port} to pod: kube-sim could not read the cluster state`;
  }
  if (refusal) {
    error.write(Buffer.from(refusal));
    error.end();
    data.end();
    return;
  }
  const answer = (req: Parameters<typeof forwardRequest>[4]): Answer => {
    try {
      return ctx.mutate((state, env) => forwardRequest(state, env, target, port, req)).result;
    } catch {
      return 'closed';
    }
  };
  const http = new HttpConnection(
    {
      write: (b) => data.write(b),
      end: () => {
        data.end();
        error.end();
      },
    },
    answer,
  );
  data.onData = (c) => http.data(c);
  data.onEnd = () => http.end();
}
