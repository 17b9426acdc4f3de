/**
 * exec over WebSocket (v5/v4.channel.k8s.io, what kubectl >= 1.30 and client-node speak; framing in
 * channel.ts) into the same simulated shell the CLI's exec uses.
 */
import type { WebSocket } from 'ws';
import type { CommandContext } from '../cli/context.js';
import type { KubeObject } from '../api/types.js';
import { getObject } from '../api/objects.js';
import { runInContainer } from '../shell/index.js';
import { converse, isInteractiveShell, podConversation } from '../shell/interactive.js';
import { ttyLines } from '../shell/tty.js';
import { frame, guarded, internalError, podContainerNames, stdinText } from './channel.js';
import { goJsonText } from '../util/go-json.js';

/** How long the second of two output streams waits behind the first (kubectl writes them concurrently). */
const STREAM_GAP_MS = 25;

function finish(ws: WebSocket, code: number, startError?: string): void {
  if (ws.readyState !== ws.OPEN) return;
  const st = startError
    ? { metadata: {}, status: 'Failure', message: `Internal error occurred: error executing command in container: ${startError}`, reason: 'InternalError', code: 500 }
    : code === 0
      ? { metadata: {}, status: 'Success' }
      : { metadata: {}, status: 'Failure', message: `command terminated with non-zero exit code: error executing command [...], exit code ${code}`, reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(code) }] } };
  ws.send(frame(3, goJsonText(st)));
  ws.close(1000);
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
    ws.send(frame(3, goJsonText({ metadata: {}, status: 'Failure', message: `pods "${podName}" not found`, reason: 'NotFound', code: 404 })));
    ws.close(1000);
    return;
  }
  const containers = ((pod.spec as { containers?: { name: string; image?: string }[] }).containers ?? []);
  const container = url.searchParams.get('container') ?? containers[0]?.name ?? '';
  if (!podContainerNames(pod).includes(container)) {
    ws.send(frame(3, goJsonText({ metadata: {}, status: 'Failure', message: `container ${container} is not valid for pod ${podName}`, reason: 'BadRequest', code: 400 })));
    ws.close(1000);
    return;
  }
  const run = (argv: string[], stdin?: string) =>
    ctx.mutate((s, env) => {
      const p = getObject(s, 'pods', namespace, podName) as KubeObject;
      return runInContainer(s, env, p, container, argv, { stdin });
    }).result;

  if (tty && isInteractiveShell(command)) {
    // The same shell session as the CLI's `exec -it`: the container's line editor on the stdin channel.
    const conv = podConversation((change) => ctx.mutate(change).result, namespace, podName, container, command, true);
    if ('missing' in conv) {
      finish(ws, 1, conv.missing);
      return;
    }
    // A terminal's output: the pty turns each newline into CRLF (kubectl's own terminal is raw).
    const out = (s: string) => {
      if (s && ws.readyState === ws.OPEN) ws.send(frame(1, s.replace(/\r?\n/g, '\r\n')));
    };
    converse(conv, ttyLines(stdinText(ws), out), out, out, true).then(
      (code) => finish(ws, code),
      () => internalError(ws),
    );
    return;
  }
  if (tty) {
    const r = run(command);
    if (r.startError) {
      finish(ws, r.exitCode, r.startError);
      return;
    }
    ws.send(frame(1, (r.stdout + r.stderr).replace(/\r?\n/g, '\r\n')));
    finish(ws, r.exitCode);
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
    if (!r.stdout || !r.stderr) {
      if (r.stderr) ws.send(frame(2, r.stderr));
      finish(ws, r.exitCode);
      return;
    }
    // kubectl copies each stream to its own output on its own goroutine: stderr leaves a moment after
    // stdout, so a terminal (or a transcript reading both pipes) gets them in the order they were written.
    setTimeout(() => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(frame(2, r.stderr));
      finish(ws, r.exitCode);
    }, STREAM_GAP_MS);
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
