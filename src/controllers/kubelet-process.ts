/**
 * What a container's main process does, decided from its effective command line (spec command/args over
 * the image's ENTRYPOINT/CMD, as the runtime combines them) and the image catalogue:
 * a server application, a sleep, something that waits forever, a one-shot command run through the
 * in-container shell, or a program the image does not have.
 */
import type { Container } from 'kubernetes-types/core/v1.js';
import type { AppId, ImageInfo } from '../network/images.js';
import { execArgv } from '../network/images.js';
import { parseQuantity } from '../printers/quantity.js';
import { sleepArgSeconds } from '../shell/timed.js';
import { expandVars } from './kubelet-env.js';

export type Process =
  /** A server application; `argv` is its command line (flags such as `--http-port` choose its ports). */
  | { kind: 'server'; app: AppId; argv: string[] }
  | { kind: 'sleep'; seconds: number }
  /** Runs until stopped; `logs` are what it prints when it starts. */
  | { kind: 'forever'; logs?: string[] }
  /** Exits at once with no output (a shell without stdin). */
  | { kind: 'exit'; code: number; output: string }
  /** Runs the command once, at start. */
  | { kind: 'once'; argv: string[] }
  /** A script that sleeps: it runs on the cluster clock, its work between sleeps done when it is due. */
  | { kind: 'timed'; argv: string[] }
  | { kind: 'missing'; program: string }
  /** Allocates more memory than the container's limit: the kernel's OOM killer ends it (exit 137, OOMKilled). */
  | { kind: 'oom'; logs: string[] }
  /**
   * `tail -f FILE` (`-F`: by name, waiting for it to appear): the file's last `lines` lines (or from line
   * `fromLine`), then what is appended to it, as the container's log.
   */
  | { kind: 'follow'; path: string; lines: number; fromLine?: number; retry: boolean };

/**
 * The command line the container ends up running: command (or ENTRYPOINT) followed by args (or CMD when
 * command is unset), through an entrypoint script that only chooses what to exec (curlimages/curl's).
 * `refs`: the variables the kubelet expands `$(VAR)` references of the spec's command and args with (the
 * container's service, envFrom and env variables; the image's ENTRYPOINT and CMD are never expanded).
 */
export function effectiveArgv(c: Container, image: ImageInfo, refs?: Record<string, string>): string[] {
  const spec = (words: string[]) => (refs ? words.map((w) => expandVars(w, refs)) : [...words]);
  const command = c.command?.length ? spec(c.command) : [...image.entrypoint];
  const args = c.args?.length ? spec(c.args) : c.command?.length ? [] : [...image.cmd];
  return execArgv(image, [...command, ...args]);
}

/** agnhost's subcommands that keep running: the servers (by application) and `pause`. */
const AGNHOST_SERVERS: Record<string, AppId> = { netexec: 'netexec', 'serve-hostname': 'serve-hostname', liveness: 'agnhost-liveness' };

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

/** The server binaries of each application, so `command: [nginx, -g, ...]` still runs nginx. */
const SERVER_BINARIES: Record<string, AppId> = {
  node: 'kubia',
  goweb: 'goweb',
  nginx: 'nginx',
  'catalina.sh': 'tomcat',
  coredns: 'coredns',
  'nginx-ingress-controller': 'ingress-nginx',
  'docker-entrypoint.sh': 'nginx',
  'dumb-init': 'ingress-nginx',
  serve_hostname: 'serve-hostname',
  'run.sh': 'echoserver',
  'hello-app': 'hello-app',
  'auto-reload-nginx.sh': 'nginx-https',
  stress: 'vish-stress',
};

/** Seconds of a `sleep` argument (`infinity`, `3600`, `1h`, `30s`), or Infinity. */
function sleepSeconds(arg: string | undefined): number {
  return (arg === undefined ? undefined : sleepArgSeconds([arg])) ?? Infinity;
}

/** Does a shell script that never sleeps loop for ever (`while true`)? */
function loopsForever(script: string): boolean {
  return /while\s+(true|:|\[\s*1\s*\])/.test(script);
}

/** Classify the process a container runs (`refs`: see effectiveArgv). */
export function classify(c: Container, image: ImageInfo, refs?: Record<string, string>): Process {
  const argv = effectiveArgv(c, image, refs);
  if (argv.length === 0) return image.app ? { kind: 'server', app: image.app, argv } : { kind: 'exit', code: 0, output: '' };
  const prog = base(argv[0]!);
  const defaults = execArgv(image, [...image.entrypoint, ...image.cmd]);
  if (image.app && (argv.join('\u0000') === defaults.join('\u0000') || SERVER_BINARIES[prog] === image.app || argv.some((a) => SERVER_BINARIES[base(a)] === image.app && base(a) !== 'node'))) {
    return { kind: 'server', app: image.app, argv };
  }
  if (image.app === 'kubia' || image.app === 'kubia-unhealthy') {
    if (prog === 'node' && argv.includes('app.js')) return { kind: 'server', app: image.app, argv };
  }
  if (prog === 'agnhost' && image.programs.includes('agnhost')) {
    const sub = argv[1] ?? '';
    if (Object.hasOwn(AGNHOST_SERVERS, sub)) return { kind: 'server', app: AGNHOST_SERVERS[sub]!, argv };
    if (sub === 'pause') return { kind: 'forever', logs: ['Paused'] };
    return { kind: 'once', argv };
  }
  if (prog === 'stress' && image.programs.includes('stress')) return stressProcess(c, argv);
  if (image.daemons && argv.some((a) => image.daemons!.includes(base(a)))) return { kind: 'forever' };
  if (prog === 'sleep') {
    const s = sleepSeconds(argv[1]);
    return s === Infinity ? { kind: 'forever' } : { kind: 'sleep', seconds: s };
  }
  if (prog === 'tail') {
    const follow = tailFollow(argv.slice(1));
    if (follow) return follow;
  }
  if (prog === 'init') return { kind: 'forever' };
  if (SHELLS.has(prog)) {
    const ci = argv.indexOf('-c');
    if (ci < 0) return c.stdin ? { kind: 'forever' } : { kind: 'exit', code: 0, output: '' };
    const script = argv.slice(ci + 1).join(' ');
    // A script that is one `tail -f FILE` follows that file; any other use of tail -f keeps running.
    const lone = /^\s*(?:exec\s+)?tail\s+([^;&|<>$`'"()]*)$/.exec(script);
    const follow = lone ? tailFollow(lone[1]!.trim().split(/\s+/)) : undefined;
    if (follow) return follow;
    if (/tail\s+-[fF]\b/.test(script)) return { kind: 'forever' };
    const lonely = /^\s*sleep\s+(\S+)\s*$/.exec(script);
    if (lonely) {
      const seconds = sleepSeconds(lonely[1]);
      return seconds === Infinity ? { kind: 'forever' } : { kind: 'sleep', seconds };
    }
    if (/(^|[\s;&|({`])sleep\s/.test(script)) return { kind: 'timed', argv };
    if (loopsForever(script)) return { kind: 'forever' };
    return { kind: 'once', argv };
  }
  if (!image.programs.includes(prog)) {
    // An image outside the catalogue runs its own program: treat it as that image's server.
    if (image.app === 'generic') return { kind: 'server', app: 'generic', argv };
    return { kind: 'missing', program: argv[0]! };
  }
  return { kind: 'once', argv };
}

/**
 * stress 1.0.4 (`--vm N --vm-bytes B --vm-hang S`, `--cpu N`, `--io N`, `--hdd N`, `--timeout T`): it says what
 * it dispatches and keeps its workers busy until the timeout. VM workers that together allocate more than
 * the container's memory limit are killed by the OOM killer at once (the kubelet's cgroup kills the whole
 * container), as the memory task's second pod is.
 */
function stressProcess(c: Container, argv: string[]): Process {
  const value = (long: string, short?: string): string | undefined => {
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === long || a === short) return argv[i + 1];
      if (a.startsWith(`${long}=`)) return a.slice(long.length + 1);
    }
    return undefined;
  };
  const count = (long: string, short: string) => Number(value(long, short) ?? 0) || 0;
  const [cpu, io, vm, hdd] = [count('--cpu', '-c'), count('--io', '-i'), count('--vm', '-m'), count('--hdd', '-d')];
  const logs = [`stress: info: [1] dispatching hogs: ${cpu} cpu, ${io} io, ${vm} vm, ${hdd} hdd`];
  const limit = c.resources?.limits?.memory;
  const bytes = stressBytes(value('--vm-bytes') ?? '256M');
  if (vm > 0 && limit !== undefined && vm * bytes > Number(parseQuantity(limit).milli / 1000n)) return { kind: 'oom', logs };
  const timeout = value('--timeout', '-t');
  const seconds = timeout === undefined ? Infinity : sleepSeconds(timeout);
  return seconds === Infinity ? { kind: 'forever', logs } : { kind: 'sleep', seconds };
}

/** stress's byte sizes: a number with an optional B, K, M or G suffix (powers of 1024). */
function stressBytes(text: string): number {
  const m = /^(\d+)([bBkKmMgG]?)$/.exec(text);
  if (!m) return 0;
  return Number(m[1]) * ({ '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 } as Record<string, number>)[m[2]!.toLowerCase()]!;
}

/**
 * `tail` arguments that follow one file (`-f`, `-F`, `--follow`, with `-n N`, `-n +N`, `-nN`), or
 * undefined when they do not (no follow flag, several files, a flag kube-sim does not read).
 */
function tailFollow(args: string[]): Process | undefined {
  let follow = false;
  let retry = false;
  let lines = 10;
  let fromLine: number | undefined;
  const files: string[] = [];
  const count = (v: string | undefined): boolean => {
    const m = /^(\+)?(\d+)$/.exec(v ?? '');
    if (!m) return false;
    if (m[1]) fromLine = Number(m[2]);
    else lines = Number(m[2]);
    return true;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-f' || a === '--follow' || a === '--follow=descriptor') follow = true;
    else if (a === '-F' || a === '--follow=name') follow = retry = true;
    else if (a === '--retry') retry = true;
    else if (a === '-n' || a === '--lines') {
      if (!count(args[++i])) return undefined;
    } else if (a.startsWith('-n') || a.startsWith('--lines=')) {
      if (!count(a.startsWith('-n') ? a.slice(2) : a.slice(8))) return undefined;
    } else if (a.startsWith('-')) return undefined;
    else files.push(a);
  }
  return follow && files.length === 1 ? { kind: 'follow', path: files[0]!, lines, fromLine, retry } : undefined;
}
