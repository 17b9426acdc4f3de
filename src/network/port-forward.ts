/**
 * The kubelet's side of port-forward (containerd's CRI `PortForward`): each forwarded connection is
 * dialled to localhost:PORT inside the pod's network namespace, so the application sees a client on
 * 127.0.0.1, exactly as `exec POD -- curl localhost:PORT` does through the same connect path. When
 * nothing listens there, or the pod's sandbox is gone, the kubelet's error text is what kubectl prints.
 */
import { createHash } from 'node:crypto';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import { getObject } from '../api/objects.js';
import { connect } from './client.js';
import { podListens } from './apps.js';
import type { Answer, WireRequest } from './http-wire.js';

/** The pod a forwarding session was opened to (the kubelet keeps the sandbox it resolved, not the name). */
export interface ForwardTarget {
  namespace: string;
  name: string;
  uid: string;
  hostNetwork: boolean;
}

/** The session's target for a pod object. */
export function forwardTarget(pod: KubeObject): ForwardTarget {
  return {
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name,
    uid: pod.metadata.uid ?? '',
    hostNetwork: (pod.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork === true,
  };
}

const digest = (what: string, uid: string) => createHash('sha256').update(`${what}/${uid}`).digest('hex');

/** containerd's 64-hex pod sandbox id (derived from the pod's uid: computed on read, never stored). */
export function sandboxID(t: ForwardTarget): string {
  return digest('sandbox', t.uid);
}

/** The sandbox's network namespace as containerd names it (`host` for hostNetwork pods). */
function netnsPath(t: ForwardTarget): string {
  if (t.hostNetwork) return 'host';
  const h = digest('netns', t.uid);
  return `/var/run/netns/cni-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The running pod of a session, or undefined once it is gone (deleted, or replaced by a pod of the same name). */
function livePod(state: ClusterState, t: ForwardTarget): KubeObject | undefined {
  const pod = getObject(state, 'pods', t.namespace, t.name);
  return pod && pod.metadata.uid === t.uid ? pod : undefined;
}

/**
 * Why the kubelet cannot forward a new connection to `port`, as the text it writes on the error stream
 * (kubectl prints it as `an error occurred forwarding L -> R: <text>`); undefined when it can.
 */
export function forwardRefusal(state: ClusterState, t: ForwardTarget, port: number): string | undefined {
  const id = sandboxID(t);
  const head = `error forwarding port ${port} to pod ${id}, uid : `;
  const pod = livePod(state, t);
  if (!pod) return `${head}failed to find sandbox "${id}" in store: not found`;
  if (podListens(state, pod, port)) return undefined;
  // containerd dials tcp4 then tcp6 localhost; kind's node resolves localhost to 127.0.0.1 only.
  return (
    `${head}failed to execute portforward in network namespace "${netnsPath(t)}": failed to connect to localhost:${port} inside namespace "${id}", ` +
    `IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6: address localhost: no suitable address found `
  );
}

/**
 * One request on a forwarded connection, answered by the application in the pod (it logs the request
 * like any other: the caller saves the state). `closed` when the pod or its listener went away.
 */
export function forwardRequest(state: ClusterState, env: Env, t: ForwardTarget, port: number, req: WireRequest): Answer {
  const pod = livePod(state, t);
  if (!pod) return 'closed';
  const ip = (pod.status as { podIP?: string } | undefined)?.podIP ?? '';
  const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  const { keepAlive: _keepAlive, ...request } = req;
  const r = connect({ state, env, origin: { kind: 'pod', pod, ip, node } }, '127.0.0.1', port, { ...request, scheme: 'http' });
  return r.ok ? r.response : 'closed';
}
