/**
 * BusyBox `ps` in a container: the processes of the PID namespace the container sees. Alone, that is
 * its own main process (PID 1); an ephemeral container started with `--target` joins its target's
 * namespace (the target's main process is PID 1 there, as `kubectl debug --target` shows); a pod with
 * `shareProcessNamespace` shares one namespace whose PID 1 is the sandbox's `/pause`, then each running
 * container's main process. The processes are the containers' main processes only (a real namespace
 * also holds what `exec` started there); PIDs after 1 go up by 6, as containerd's first ones often do.
 */
import type { KubeObject } from '../../api/types.js';
import type { Container } from '../../kinds/pod-template.js';
import { result, type Program } from '../types.js';
import { mainProcessArgv } from '../attach.js';
import { imageInfo } from '../../network/images.js';
import { containerStatusNamed, everyContainer } from '../../kinds/pod-ephemeral.js';

type Spec = { containers?: Container[]; initContainers?: Container[]; ephemeralContainers?: (Container & { targetContainerName?: string })[]; shareProcessNamespace?: boolean };
/** Whether the container's main process is running now. */
const running = (pod: KubeObject, name: string) => !!containerStatusNamed(pod, name)?.state?.running;

/** One process: who runs it and its command line as /proc/PID/cmdline shows it. */
interface Proc {
  user: string;
  cmd: string;
}

/**
 * The processes of a container's main program: its command line, except that nginx retitles its master
 * process and forks a worker per CPU (`worker_processes auto`; kind's nodes have 2) run as nginx (uid 101,
 * which BusyBox shows as a number: its passwd has no such user).
 */
function processesOf(c: Container): Proc[] {
  const argv = mainProcessArgv(c);
  if (imageInfo(c.image ?? '').app === 'nginx' && argv.some((a) => a === 'nginx' || a.endsWith('/nginx'))) {
    const own = argv.slice(argv.findIndex((a) => a === 'nginx' || a.endsWith('/nginx')));
    const worker = { user: '101', cmd: 'nginx: worker process' };
    return [{ user: 'root', cmd: `nginx: master process ${own.join(' ')}` }, worker, worker];
  }
  return [{ user: 'root', cmd: argv.join(' ') }];
}

/** The processes in the namespace `container` sees, in PID order. */
function namespaceProcesses(pod: KubeObject, container: string): Proc[] {
  const spec = pod.spec as Spec;
  const all = everyContainer(pod) as Container[];
  const own = all.find((c) => c.name === container);
  if (spec.shareProcessNamespace) return [{ user: 'root', cmd: '/pause' }, ...all.filter((c) => running(pod, c.name)).flatMap(processesOf)];
  const target = spec.ephemeralContainers?.find((c) => c.name === container)?.targetContainerName;
  const targetSpec = target ? all.find((c) => c.name === target) : undefined;
  const procs = targetSpec && running(pod, targetSpec.name) ? processesOf(targetSpec) : [];
  if (own && running(pod, own.name)) procs.push(...processesOf(own));
  return procs;
}

/** BusyBox ps's default output: `PID USER TIME COMMAND`, one row per process (`%5u %-8.8s %2u:%02u %s`). */
export const ps: Program = (args, ctx) => {
  if (ctx.sys.image.family !== 'busybox') {
    // procps' ps (Debian images) prints another table; not simulated.
    ctx.sys.unsupported?.('ps of procps (Debian images) is not simulated (BusyBox ps is)');
    return result('', 'ps: this simulated program is not available\n', 126);
  }
  const pod = ctx.sys.pod;
  const procs = pod && ctx.sys.container ? namespaceProcesses(pod, ctx.sys.container) : [];
  const rows = [...procs, { user: 'root', cmd: ['ps', ...args].join(' ') }].map((p, i) => `${String(i === 0 ? 1 : 1 + 6 * i).padStart(5)} ${p.user.padEnd(8)}  0:00 ${p.cmd}\n`);
  return result(`PID   USER     TIME  COMMAND\n${rows.join('')}`);
};
