/**
 * exec over WebSocket (v5/v4.channel.k8s.io, what kubectl >= 1.30 and client-node speak) into the same
 * simulated shell the CLI's exec uses. Frames carry the stream id in their first byte: 0 stdin,
 * 1 stdout, 2 stderr, 3 status, 4 resize, 255 close-stdin (v5).
 */
import type { WebSocket } from 'ws';
import type { CommandContext } from '../cli/context.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import { getObject } from '../api/objects.js';
import { runInContainer } from '../shell/index.js';
import { INTERNAL_ERROR_MESSAGE } from './status.js';

/** The channel protocols exec speaks, preferred first. */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

/** What the API server refuses before upgrading: a missing pod or container, a pod without a node. */
export function execPrecheck(state: ClusterState, namespace: string, podName: string, url: URL): { code: number; reason: string; message: string } | undefined {
  const pod = getObject(state, 'pods', namespace, podName);
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
  if (ws.readyState !== ws.OPEN) return;
  const st = startError
    ? { metadata: {}, status: 'Failure', message: `Internal error occurred: error executing command in container: ${startError}`, reason: 'InternalError', code: 500 }
    : code === 0
      ? { metadata: {}, status: 'Success' }
      : { metadata: {}, status: 'Failure', message: `command terminated with non-zero exit code: error executing command [...], exit code ${code}`, reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(code) }] } };
  ws.send(frame(3, JSON.stringify(st)));
  ws.close(1000);
}

/** The end of a session whose simulated program threw: the API server's InternalError, never the JavaScript text. */
function internalError(ws: WebSocket): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(frame(3, JSON.stringify({ metadata: {}, status: 'Failure', message: INTERNAL_ERROR_MESSAGE, reason: 'InternalError', code: 500 })));
  ws.close(1000);
}

/** Run `body`; anything it throws ends this session with an InternalError Status, the server stays up. */
function guarded<A extends unknown[]>(ws: WebSocket, body: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    try {
      body(...args);
    } catch {
      internalError(ws);
    }
  };
}

/** One exec over an upgraded WebSocket: the command's output on channels 1/2, its end on channel 3. */
export function execSession(ws: WebSocket, ctx: CommandContext, namespace: string, podName: string, url: URL): void {
  guarded(ws, session)(ws, ctx, namespace, podName, url);
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
    ws.on('message', guarded(ws, (data: Buffer) => {
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
    }));
    return;
  }

  let stdin = '';
  let done = false;
  const go = guarded(ws, () => {
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
  });
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
