/**
 * Requests that upgrade the connection: exec and attach (WebSocket, v5/v4.channel.k8s.io) and port-forward
 * (SPDY/3.1, inside a WebSocket or over a plain SPDY upgrade). Everything is answered here: a refusal
 * is a Status on the raw socket, so kubectl prints it as a real API server's, and no error of a socket,
 * a frame or a simulated program can end the server.
 */
import type { Server, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { CommandContext } from '../cli/context.js';
import { refusal } from './origin-guard.js';
import { refuseUpgrade, refuseUpgradeText, statusOf } from './status.js';
import { CHANNEL_PROTOCOLS, streamPrecheck } from './channel.js';
import { execSession } from './exec.js';
import { attachKubeletCheck, attachSession } from './attach.js';
import { PORTFORWARD_WS_PROTOCOL, portForwardPrecheck, forwardOverWebSocket, forwardOverSpdyUpgrade } from './portforward.js';

const SUBRESOURCE = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach|portforward)$/;

/**
 * ws accepts only RFC 6455 token subprotocols, and kubectl's `SPDY/3.1+portforward.k8s.io` has a `/`:
 * the offer is swapped for this alias before the handshake and the real name written into the 101.
 */
const TUNNEL_ALIAS = 'kube-sim.portforward-tunnel';

/** Handle every `upgrade` request of the server. */
export function attachUpgrades(server: Server, ctx: CommandContext, port: () => number): void {
  const wss = new WebSocketServer({
    noServer: true,
    // Port-forward's tunnel first: kubectl offers only it on that path; exec and attach offer only channel protocols.
    handleProtocols: (offered) => [TUNNEL_ALIAS, ...CHANNEL_PROTOCOLS].find((p) => offered.has(p)) ?? false,
  });
  wss.on('error', () => undefined);
  wss.on('headers', (headers: string[]) => {
    const i = headers.indexOf(`Sec-WebSocket-Protocol: ${TUNNEL_ALIAS}`);
    if (i >= 0) headers[i] = `Sec-WebSocket-Protocol: ${PORTFORWARD_WS_PROTOCOL}`;
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      upgrade(wss, ctx, port(), req, socket, head);
    } catch (e) {
      const st = statusOf(e);
      refuseUpgrade(socket, st.code, String(st.reason), String(st.message));
    }
  });
}

function upgrade(wss: WebSocketServer, ctx: CommandContext, port: number, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const refused = refusal(req.headers, port);
  if (refused) return refuseUpgrade(socket, 403, 'Forbidden', refused);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const m = SUBRESOURCE.exec(url.pathname);
  if (!m) return refuseUpgrade(socket, 404, 'NotFound', 'the server could not find the requested resource');
  const [, namespace, podName, sub] = m as unknown as [string, string, string, string];
  const isWebSocket = String(req.headers.upgrade).toLowerCase() === 'websocket';
  const { state } = ctx.read();

  if (sub === 'portforward') {
    const problem = portForwardPrecheck(state, namespace, podName);
    if (problem) return refuseUpgrade(socket, problem.code, problem.reason, problem.message);
    if (!isWebSocket) return forwardOverSpdyUpgrade(req, socket, head, ctx, namespace, podName);
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!offered.includes(PORTFORWARD_WS_PROTOCOL)) return refuseUpgrade(socket, 400, 'BadRequest', `unable to upgrade: port-forward over WebSocket needs the ${PORTFORWARD_WS_PROTOCOL} subprotocol`);
    req.headers['sec-websocket-protocol'] = TUNNEL_ALIAS;
    return wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => ws.terminate());
      forwardOverWebSocket(ws, ctx, namespace, podName);
    });
  }

  // Refusals are the same on any protocol, so kubectl prints them as a real server's (it retries over
  // SPDY after a failed WebSocket upgrade and reports that answer): the API server's as JSON Status
  // objects, the kubelet's as its plain text.
  const problem = streamPrecheck(state, namespace, podName, url);
  if (problem) return refuseUpgrade(socket, problem.code, problem.reason, problem.message);
  const kubeletRefusal = sub === 'attach' ? attachKubeletCheck(state, namespace, podName, url) : undefined;
  if (kubeletRefusal) return refuseUpgradeText(socket, 500, kubeletRefusal);
  if (!isWebSocket) return refuseUpgrade(socket, 400, 'BadRequest', `kube-sim serve runs ${sub} over WebSocket only (kubectl >= 1.30); ${req.headers.upgrade} is not supported`);
  wss.handleUpgrade(req, socket, head, (ws) => {
    // A malformed frame (`80 80 01 02 03 04`) is an 'error' on the WebSocket: drop that connection only.
    ws.on('error', () => ws.terminate());
    (sub === 'attach' ? attachSession : execSession)(ws, ctx, namespace, podName, url);
  });
}
