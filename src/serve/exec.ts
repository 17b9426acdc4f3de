/**
 * exec over WebSocket (v5/v4.channel.k8s.io, what kubectl >= 1.30 and client-node speak) into the same
 * simulated shell the CLI's exec uses. Frames carry the stream id in their first byte: 0 stdin,
 * 1 stdout, 2 stderr, 3 status, 4 resize, 255 close-stdin (v5).
 */
import type { Server, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CommandContext } from '../cli/context.js';
import type { KubeObject } from '../api/types.js';
import { getObject } from '../api/objects.js';
import { runInContainer } from '../shell/index.js';

const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

export function attachExec(server: Server, makeCtx: () => CommandContext): void {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => PROTOCOLS.find((p) => offered.has(p)) ?? false,
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach)$/.exec(url.pathname);
    const isWebSocket = String(req.headers.upgrade).toLowerCase() === 'websocket';
    // Refusals are JSON Status objects on any protocol, so kubectl prints them as a real server's
    // (it retries over SPDY after a failed WebSocket upgrade and reports that answer).
    const refusal = !m
      ? { code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' }
      : (precheck(makeCtx(), m[1]!, m[2]!, url) ??
        (isWebSocket ? undefined : { code: 400, reason: 'BadRequest', message: `kube-sim serve runs exec over WebSocket only (kubectl >= 1.30); ${req.headers.upgrade} is not supported` }));
    if (refusal || !m) {
      const r = refusal!;
      const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', ...r });
      socket.end(`HTTP/1.1 ${r.code} ${r.code === 404 ? 'Not Found' : 'Bad Request'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => session(ws, makeCtx(), m[1]!, m[2]!, url));
  });
}

/** What the API server refuses before upgrading: a missing pod or container, a pod without a node. */
function precheck(ctx: CommandContext, namespace: string, podName: string, url: URL): { code: number; reason: string; message: string } | undefined {
  const pod = getObject(ctx.read().state, 'pods', namespace, podName);
  if (!pod) return { code: 404, reason: 'NotFound', message: `pods "${podName}" not found` };
  const spec = pod.spec as { nodeName?: string; containers?: { name: string }[] };
  const container = url.searchParams.get('container') ?? spec.containers?.[0]?.name ?? '';
  if (!spec.containers?.some((c) => c.name === container)) return { code: 400, reason: 'BadRequest', message: `container ${container} is not valid for pod ${podName}` };
  if (!spec.nodeName) return { code: 400, reason: 'BadRequest', message: `pod ${podName} does not have a host assigned` };
  return undefined;
}

function frame(channel: number, text: string): Buffer {
  return Buffer.concat([Buffer.from([channel]), Buffer.from(text, 'utf8')]);
}

function finish(ws: WebSocket, code: number, startError?: string): void {
  const st = startError
    ? { metadata: {}, status: 'Failure', message: `Internal error occurred: error executing command in container: ${startError}`, reason: 'InternalError', code: 500 }
    : code === 0
      ? { metadata: {}, status: 'Success' }
      : { metadata: {}, status: 'Failure', message: `command terminated with non-zero exit code: error executing command [...], exit code ${code}`, reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(code) }] } };
  ws.send(frame(3, JSON.stringify(st)));
  ws.close(1000);
}

function session(ws: WebSocket, ctx: CommandContext, namespace: string, podName: string, url: URL): void {
  const command = url.searchParams.getAll('command');
  const tty = url.searchParams.get('tty') === 'true';
  const wantsStdin = url.searchParams.get('stdin') === 'true';
  const { state } = ctx.read();
  const pod = getObject(state, 'pods', namespace, podName);
  if (!pod) {
    ws.send(frame(3, JSON.stringify({ metadata: {}, status: 'Failure', message: `pods "${podName}" not found`, reason: 'NotFound', code: 404 })));
    ws.close(1000);
    return;
  }
  const containers = ((pod.spec as { containers?: { name: string; image?: string }[] }).containers ?? []);
  const container = url.searchParams.get('container') ?? containers[0]?.name ?? '';
  if (!containers.some((c) => c.name === container)) {
    ws.send(frame(3, JSON.stringify({ metadata: {}, status: 'Failure', message: `container ${container} is not valid for pod ${podName}`, reason: 'BadRequest', code: 400 })));
    ws.close(1000);
    return;
  }
  const run = (argv: string[], stdin?: string) =>
    ctx.mutate((s, env) => {
      const p = getObject(s, 'pods', namespace, podName) as KubeObject;
      return runInContainer(s, env, p, container, argv, { stdin });
    }).result;

  if (tty) {
    const image = containers.find((c) => c.name === container)?.image ?? '';
    const prompt = /busybox|alpine|cirros|curl/.test(image) ? '/ # ' : `root@${podName}:/# `;
    const isShell = ['sh', 'bash', '/bin/sh', '/bin/bash', 'ash'].includes(command[0] ?? '');
    if (!isShell) {
      const r = run(command);
      ws.send(frame(1, (r.stdout + r.stderr).replace(/\n/g, '\r\n')));
      finish(ws, r.exitCode);
      return;
    }
    let line = '';
    ws.send(frame(1, prompt));
    ws.on('message', (data: Buffer) => {
      if (data[0] !== 0) return;
      for (const ch of data.subarray(1).toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          ws.send(frame(1, '\r\n'));
          const text = line.trim();
          line = '';
          if (text === 'exit' || text.startsWith('exit ')) {
            finish(ws, Number(text.split(/\s+/)[1] ?? 0) || 0);
            return;
          }
          if (text) {
            const r = run(['sh', '-c', text]);
            ws.send(frame(1, (r.stdout + r.stderr).replace(/\r?\n/g, '\r\n')));
          }
          ws.send(frame(1, prompt));
        } else if (ch === '\u007f' || ch === '\b') {
          if (line) {
            line = line.slice(0, -1);
            ws.send(frame(1, '\b \b'));
          }
        } else if (ch === '\u0004') {
          finish(ws, 0);
          return;
        } else {
          line += ch;
          ws.send(frame(1, ch));
        }
      }
    });
    return;
  }

  let stdin = '';
  let done = false;
  const go = () => {
    if (done) return;
    done = true;
    const r = run(command, wantsStdin ? stdin : undefined);
    if (r.startError) {
      finish(ws, r.exitCode, r.startError);
      return;
    }
    if (r.stdout) ws.send(frame(1, r.stdout));
    if (r.stderr) ws.send(frame(2, r.stderr));
    finish(ws, r.exitCode);
  };
  if (!wantsStdin) {
    go();
    return;
  }
  ws.on('message', (data: Buffer) => {
    if (data[0] === 0) stdin += data.subarray(1).toString('utf8');
    else if (data[0] === 255) go();
  });
  ws.on('close', go);
}
