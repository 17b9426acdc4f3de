/**
 * The channel framing of kubectl's streaming WebSockets (v5/v4.channel.k8s.io), shared by exec and attach:
 * each frame's first byte is its stream (0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize, 255
 * close-stdin in v5), and a session's end is a Status on channel 3.
 */
import type { WebSocket } from 'ws';
import { StringDecoder } from 'node:string_decoder';
import { INTERNAL_ERROR_MESSAGE } from './status.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import { getObject } from '../api/objects.js';
import { goJsonText } from '../util/go-json.js';

/** The channel protocols exec and attach speak, preferred first. */
export const CHANNEL_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

/** A refusal before the upgrade: an HTTP status with its Status reason and message. */
export interface Refusal {
  code: number;
  reason: string;
  message: string;
}

/** Every container of a pod a stream may name: app, init and ephemeral containers. */
export function podContainerNames(pod: KubeObject): string[] {
  const spec = (pod.spec ?? {}) as { containers?: { name: string }[]; initContainers?: { name: string }[]; ephemeralContainers?: { name: string }[] };
  return [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].map((c) => c.name);
}

/** What the API server refuses before upgrading exec or attach: a missing pod or container, a pod without a node. */
export function streamPrecheck(state: ClusterState, namespace: string, podName: string, url: URL): Refusal | undefined {
  const pod = getObject(state, 'pods', namespace, podName);
  if (!pod) return { code: 404, reason: 'NotFound', message: `pods "${podName}" not found` };
  const spec = pod.spec as { nodeName?: string; containers?: { name: string }[] };
  const container = url.searchParams.get('container') ?? spec.containers?.[0]?.name ?? '';
  if (!podContainerNames(pod).includes(container)) return { code: 400, reason: 'BadRequest', message: `container ${container} is not valid for pod ${podName}` };
  if (!spec.nodeName) return { code: 400, reason: 'BadRequest', message: `pod ${podName} does not have a host assigned` };
  return undefined;
}

/** The stdin channel's text as it arrives (whole characters), until stdin or the connection closes. */
export function stdinText(ws: WebSocket): AsyncIterable<string> {
  const decoder = new StringDecoder('utf8');
  const queue: string[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  ws.on('message', (data: Buffer) => {
    if (data[0] === 0) queue.push(decoder.write(data.subarray(1)));
    else if (data[0] === 255) ended = true;
    else return;
    notify();
  });
  ws.on('close', () => {
    ended = true;
    notify();
  });
  return (async function* () {
    for (;;) {
      if (queue.length) yield queue.shift()!;
      else if (ended) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  })();
}

/** One frame: the channel byte, then the text. */
export function frame(channel: number, text: string): Buffer {
  return Buffer.concat([Buffer.from([channel]), Buffer.from(text, 'utf8')]);
}

/** The end of a session that went well: a Success Status, then the close. */
export function succeed(ws: WebSocket): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(frame(3, goJsonText({ metadata: {}, status: 'Success' })));
  ws.close(1000);
}

/** The end of a session whose simulated program threw: the API server's InternalError, never the JavaScript text. */
export function internalError(ws: WebSocket): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(frame(3, goJsonText({ metadata: {}, status: 'Failure', message: INTERNAL_ERROR_MESSAGE, reason: 'InternalError', code: 500 })));
  ws.close(1000);
}

/** Run `body`; anything it throws ends this session with an InternalError Status, the server stays up. */
export function guarded<A extends unknown[]>(ws: WebSocket, body: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    try {
      body(...args);
    } catch {
      internalError(ws);
    }
  };
}
