/**
 * Building the place a command runs in: a pod's container (its image, env latched at start, files,
 * network identity), a node (node IP, no cluster DNS), or the host outside the cluster.
 */
import type { ClusterState, ContainerRuntime, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import { nextResourceVersion } from '../api/objects.js';
import { resolvConf, hostsFile, podHostname } from '../network/dns.js';
import { latchedEnv, serviceEnvVars } from '../network/envvars.js';
import { HOST_IP, nodeIP } from '../network/client.js';
import type { HostPorts } from '../network/host-ports.js';
import { imageProfile, type ImageProfile } from './images.js';
import { CONTAINER_FS_BYTES, Vfs, type ShellFs } from './fs.js';
import { RootedFs } from './rooted-fs.js';
import { containerMounts, mountedFiles } from '../controllers/kubelet-volumes.js';
import type { System } from './types.js';

const DEBIAN = ['sh', 'bash', 'dash', 'seq', 'test', '[', 'cat', 'ls', 'echo', 'env', 'printenv', 'touch', 'rm', 'mkdir', 'hostname', 'sleep', 'true', 'false', 'sort', 'grep', 'head', 'tail', 'wc', 'getent', 'id', 'whoami', 'uname', 'date'];

/** A Debian userland with extra programs (kind's node image, the host). */
function debianProfile(extra: string[]): ImageProfile {
  return { family: 'debian', programs: new Set([...DEBIAN, ...extra]), nslookup: 'bind9', ping: 'iputils' };
}

const DIRS = ['/', '/bin/', '/dev/', '/etc/', '/home/', '/proc/', '/root/', '/sys/', '/tmp/', '/usr/', '/usr/bin/', '/usr/local/', '/var/', '/var/log/', '/run/'];

function passwd(image: ImageProfile): string {
  if (image.family === 'busybox') {
    return 'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nbin:x:2:2:bin:/bin:/bin/false\nsys:x:3:3:sys:/dev:/bin/false\nsync:x:4:100:sync:/bin:/bin/sync\nmail:x:8:8:mail:/var/spool/mail:/bin/false\nwww-data:x:33:33:www-data:/var/www:/bin/false\noperator:x:37:37:Operator:/var:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n';
  }
  return 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\nsys:x:3:3:sys:/dev:/usr/sbin/nologin\nsync:x:4:65534:sync:/bin:/bin/sync\ngames:x:5:60:games:/usr/games:/usr/sbin/nologin\nman:x:6:12:man:/var/cache/man:/usr/sbin/nologin\nlp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin\nmail:x:8:8:mail:/var/mail:/usr/sbin/nologin\nnews:x:9:9:news:/var/spool/news:/usr/sbin/nologin\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n';
}

function baseFiles(image: ImageProfile, extra: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = {};
  for (const d of DIRS) base[d] = '';
  base['/etc/passwd'] = passwd(image);
  base['/dev/null'] = '';
  base['/etc/group'] = image.family === 'busybox' ? 'root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nnogroup:x:65534:\n' : 'root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nnogroup:x:65534:\n';
  base['/etc/os-release'] =
    image.family === 'busybox'
      ? 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n'
      : 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n';
  for (const p of image.programs) base[`/bin/${p}`] = '';
  return { ...base, ...extra };
}

function containerSpec(pod: KubeObject, container: string): { image?: string; env?: { name: string; value?: string }[] } | undefined {
  const spec = (pod.spec ?? {}) as { containers?: any[]; initContainers?: any[]; ephemeralContainers?: any[] };
  return [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].find((c) => c.name === container);
}

/** The runtime record of a container, created on first write when the kubelet has not made one. */
function runtimeOf(state: ClusterState, pod: KubeObject, container: string): ContainerRuntime {
  const byPod = (state.runtime[pod.metadata.uid!] ??= {});
  return (byPod[container] ??= { files: {}, env: {}, logs: [] });
}

/** The environment a container sees: latched at start by the kubelet; derived the same way when absent. */
function containerVars(state: ClusterState, pod: KubeObject, container: string, image: ImageProfile): Record<string, string> {
  const latched = latchedEnv(state, state.runtime[pod.metadata.uid!]?.[container]);
  void image;
  const vars: Record<string, string> = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOSTNAME: podHostname(pod) };
  if (latched && Object.keys(latched).length) Object.assign(vars, latched);
  else {
    for (const e of containerSpec(pod, container)?.env ?? []) vars[e.name] = e.value ?? '';
    Object.assign(vars, serviceEnvVars(state, pod));
  }
  vars.HOME ??= '/root';
  return vars;
}

/** The text tools a walkthrough's host (and its simulated editor) has, besides kubectl and kube-sim. */
export const HOST_TOOLS = [
  'sh', 'bash', 'cat', 'echo', 'printf', 'grep', 'sed', 'awk', 'jq', 'sort', 'uniq', 'head', 'tail', 'wc', 'cut', 'tr', 'base64',
  'tee', 'paste', 'xargs', 'env', 'printenv', 'true', 'false', 'test', '[', 'seq', 'ls', 'mkdir', 'rm', 'touch', 'basename', 'dirname',
];

/** Programs a System without a cluster reaches (state, clock and network) fail with this. */
function noCluster(): never {
  throw new Error('this simulated system has no cluster');
}

/** A system of text tools over a filesystem, outside any cluster (the simulated editor of a walkthrough). */
export function toolSystem(fs: ShellFs, vars: Record<string, string>): System {
  return {
    get state(): never {
      return noCluster();
    },
    get env(): never {
      return noCluster();
    },
    get net(): never {
      return noCluster();
    },
    fs,
    image: { family: 'debian', programs: new Set(HOST_TOOLS), nslookup: 'bind9', ping: 'iputils' },
    hostname: 'host',
    vars,
  };
}

/** A container of a pod. */
export function podSystem(state: ClusterState, env: Env, pod: KubeObject, container: string): System {
  const image = imageProfile(containerSpec(pod, container)?.image ?? '');
  // A pod in the node's network namespace (hostNetwork: a node debugging pod) has the node's hostname.
  const spec = (pod.spec ?? {}) as { hostNetwork?: boolean; nodeName?: string };
  const hostname = spec.hostNetwork && spec.nodeName ? spec.nodeName : podHostname(pod);
  const ip = (pod.status as { podIP?: string } | undefined)?.podIP ?? '';
  // The container's own files with its volumes mounted over them (configMap, secret, emptyDir, claims, ...).
  const files = mountedFiles(() => state.runtime[pod.metadata.uid!]?.[container]?.files, () => runtimeOf(state, pod, container).files, containerMounts(state, pod, container));
  const fs = new Vfs({
    base: baseFiles(image, { '/etc/hostname': `${hostname}\n`, '/etc/hosts': hostsFile(state, pod), '/etc/resolv.conf': resolvConf(state, pod) }),
    overlay: files.read,
    writable: files.write,
    onChange: () => void nextResourceVersion(state),
    limitBytes: CONTAINER_FS_BYTES,
  });
  return {
    state,
    env,
    net: { state, env, origin: { kind: 'pod', pod, ip, node: (pod.spec as { nodeName?: string } | undefined)?.nodeName } },
    fs,
    image,
    hostname,
    vars: containerVars(state, pod, container, image),
    pod,
    container,
    node: (pod.spec as { nodeName?: string } | undefined)?.nodeName,
  };
}

/** A node of the cluster (kind's node containers are Debian with curl, ping, iptables-save, ipvsadm). */
export function nodeSystem(state: ClusterState, env: Env, node: string): System {
  const image = debianProfile(['ping', 'iptables-save', 'iptables', 'ipvsadm', 'curl']);
  const ip = nodeIP(state, node) ?? '';
  const scratch: Record<string, string> = {};
  return {
    state,
    env,
    net: { state, env, origin: { kind: 'node', node, ip } },
    fs: new Vfs({
      base: baseFiles(image, { '/etc/hostname': `${node}\n`, '/etc/hosts': `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${ip}\t${node}\n`, '/etc/resolv.conf': 'nameserver 172.18.0.1\noptions ndots:0\n' }),
      overlay: () => scratch,
      writable: () => scratch,
      onChange: () => undefined,
      limitBytes: CONTAINER_FS_BYTES,
    }),
    image,
    hostname: node,
    vars: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOSTNAME: node, HOME: '/root' },
    node,
  };
}

/**
 * `chroot DIR` in a pod's container where DIR is its node's root (a hostPath volume of `/`, as `kubectl
 * debug node/NAME` mounts it at /host): the node's userland (nodeSystem's programs and identity) over
 * the files under DIR. Undefined when DIR is no node root (it has no programs to run).
 */
export function chrootSystem(sys: System, dir: string): System | undefined {
  const pod = sys.pod;
  const node = sys.node;
  if (!pod || !node || !sys.container) return undefined;
  const spec = (pod.spec ?? {}) as { volumes?: { name: string; hostPath?: { path: string } }[]; containers?: { name: string; volumeMounts?: { name: string; mountPath: string }[] }[]; ephemeralContainers?: { name: string; volumeMounts?: { name: string; mountPath: string }[] }[] };
  const roots = new Set((spec.volumes ?? []).filter((v) => v.hostPath?.path === '/').map((v) => v.name));
  const c = [...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])].find((x) => x.name === sys.container);
  if (!c?.volumeMounts?.some((m) => roots.has(m.name) && (m.mountPath.replace(/\/+$/, '') || '/') === dir)) return undefined;
  return { ...nodeSystem(sys.state, sys.env, node), fs: new RootedFs(sys.fs, dir), tty: sys.tty, limits: sys.limits, unsupported: sys.unsupported };
}

/**
 * The host outside the cluster (kube-sim curl); `hostPorts`: what it listens on itself (a walkthrough's
 * port-forwards); `fs`: the host's files as the CLI sees them, if any.
 */
export function hostSystem(state: ClusterState, env: Env, hostPorts?: HostPorts, fs?: ShellFs): System {
  const image = debianProfile(['curl', 'ping']);
  return {
    state,
    env,
    net: { state, env, origin: { kind: 'host', ip: HOST_IP }, hostPorts },
    fs: fs ?? new Vfs({ base: baseFiles(image, {}), overlay: () => undefined, writable: () => ({}), onChange: () => undefined }),
    image,
    hostname: 'host',
    vars: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/root' },
  };
}
