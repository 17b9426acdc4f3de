/**
 * attach over WebSocket (v5/v4.channel.k8s.io; framing in channel.ts): the stream kubectl's `attach` and
 * `run -i` open to a container's main process. A shell started with stdin (`run -i ... sh`) reads the
 * stdin channel as the CLI's `run -i` session does, and when it ends the main process exits (the pod's
 * phase follows, for kubectl's `terminated (Error)` line); any other process streams what it writes
 * from now on until it stops or the client goes (Ctrl-C), its stdin dropped as containerd drops it.
 */
import type { WebSocket } from 'ws';
import type { CommandContext } from '../cli/context.js';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Container } from '../kinds/pod-template.js';
import { getObject } from '../api/objects.js';
import { containerStatusNamed, everyContainer } from '../kinds/pod-ephemeral.js';
import { converse, podConversation } from '../shell/interactive.js';
import { ttyLines, type TtyInput } from '../shell/tty.js';
import { attachReachesShell, endAttachedProcess, mainProcessArgv, sessionEndsProcess } from '../shell/attach.js';
import { frame, guarded, internalError, stdinText, succeed } from './channel.js';

/** How often an attach to a process that only writes looks for its new output. */
const POLL_MS = 250;

/**
 * The container the request names (kubectl always names one; the API server's precheck vouched for it):
 * an app, init or ephemeral container (`kubectl debug -i` attaches to its ephemeral one).
 */
function requestedContainer(pod: KubeObject, url: URL): Container | undefined {
  const name = url.searchParams.get('container') ?? (pod.spec as { containers?: Container[] }).containers?.[0]?.name;
  return everyContainer(pod).find((c) => c.name === name) as Container | undefined;
}

function isRunning(pod: KubeObject, container: string): boolean {
  return !!containerStatusNamed(pod, container)?.state?.running;
}

/**
 * The kubelet's refusal, as plain text (kubectl: `unable to upgrade connection: ...`): it attaches only
 * to a running container (one still being created, or one that exited, is not found).
 */
export function attachKubeletCheck(state: ClusterState, namespace: string, podName: string, url: URL): string | undefined {
  const pod = getObject(state, 'pods', namespace, podName);
  const c = pod && requestedContainer(pod, url);
  if (!pod || !c || isRunning(pod, c.name)) return undefined;
  return `container not found (${JSON.stringify(c.name)})`;
}

/** One attach over an upgraded WebSocket: the process's output on channels 1/2, Success on channel 3 at the end. */
export function attachSession(ws: WebSocket, ctx: CommandContext, namespace: string, podName: string, url: URL): void {
  guarded(ws, session)(ws, ctx, namespace, podName, url);
}

function session(ws: WebSocket, ctx: CommandContext, namespace: string, podName: string, url: URL): void {
  const tty = url.searchParams.get('tty') === 'true';
  const pod = getObject(ctx.read().state, 'pods', namespace, podName);
  const c = pod && requestedContainer(pod, url);
  if (!pod || !c) return succeed(ws);
  // With a terminal the container's pty carries both streams and turns each newline into CRLF.
  const send = (channel: number) => (s: string) => {
    if (s && ws.readyState === ws.OPEN) ws.send(frame(tty ? 1 : channel, tty ? s.replace(/\r?\n/g, '\r\n') : s));
  };
  if (attachReachesShell(c, url.searchParams.get('stdin') === 'true')) {
    talkToShell(ws, ctx, pod, c, tty, send(1), send(2)).then(
      () => succeed(ws),
      () => internalError(ws),
    );
    return;
  }
  // Nothing reads stdin: drop it, as the runtime does for a container started without one.
  followOutput(ws, ctx, pod, c.name, send(1));
}

/**
 * The main process is a shell reading stdin: lines from the stdin channel (through the container's line
 * editor with a terminal). When the shell exits, or its stdin closes and the container takes stdin only
 * once (`run -i`'s stdinOnce), the main process ends with the shell's status.
 */
async function talkToShell(ws: WebSocket, ctx: CommandContext, pod: KubeObject, c: Container, tty: boolean, out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const namespace = pod.metadata.namespace!;
  const conv = podConversation((change) => ctx.mutate(change).result, namespace, pod.metadata.name, c.name, mainProcessArgv(c), tty);
  if ('missing' in conv) return;
  const text = stdinText(ws);
  const inputs = tty ? ttyLines(text, out) : linesOf(text);
  const code = await converse(conv, inputs, out, err, tty);
  if (!sessionEndsProcess(c, conv.shell.exited !== null)) return;
  ctx.mutate((state, env) => endAttachedProcess(state, env, pod, c.name, code));
}

/** Text chunks as the lines a shell reads without a terminal (a last line without its newline included). */
async function* linesOf(chunks: AsyncIterable<string>): AsyncGenerator<TtyInput> {
  let pending = '';
  for await (const chunk of chunks) {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const text of lines) yield { kind: 'line', text };
  }
  if (pending) yield { kind: 'line', text: pending };
}

/** Stream the process's new output until it stops running (Success) or the client closes the connection. */
function followOutput(ws: WebSocket, ctx: CommandContext, pod: KubeObject, container: string, out: (s: string) => void): void {
  const uid = pod.metadata.uid ?? '';
  const written = (state: ClusterState) => {
    const rt = state.runtime[uid]?.[container];
    return { lines: rt?.logs ?? [], total: rt?.logsWritten ?? rt?.logs.length ?? 0 };
  };
  let seen = written(ctx.read().state).total;
  const timer = setInterval(
    guarded(ws, () => {
      const { state } = ctx.read();
      const live = getObject(state, 'pods', pod.metadata.namespace!, pod.metadata.name);
      const { lines, total } = written(state);
      // Lines past the kept window are gone; print the new ones that are still kept.
      const fresh = Math.min(total - seen, lines.length);
      if (fresh > 0) out(lines.slice(lines.length - fresh).map((l) => `${l}\n`).join(''));
      seen = total;
      if (!live || live.metadata.uid !== uid || !isRunning(live, container)) {
        clearInterval(timer);
        succeed(ws);
      }
    }),
    POLL_MS,
  );
  ws.on('close', () => clearInterval(timer));
}
