/**
 * The machine a walkthrough's lines run on: a simulated host whose shell (src/shell) has the text tools
 * tutorials pipe to, and whose `kubectl` and `kube-sim` run kube-sim's main() in-process against the
 * walkthrough's cluster. `curl` is `kube-sim curl` (the host network, outside the cluster) and `sleep`
 * moves the cluster's virtual clock (on the wall clock it really waits). Nothing here starts a host process.
 */
import { HOST_LIMITS } from '../shell/budget.js';
import { hostShellFs } from '../shell/host-fs.js';
import { HOST_TOOLS } from '../shell/system.js';
import { result, type Program, type ProgramCtx, type System } from '../shell/types.js';
import type { HostFiles } from '../util/host-files.js';
import type { ClusterState } from '../api/types.js';
import type { Env } from '../env.js';
import { HOST_IP, type NetCtx } from '../network/client.js';

/** Runs kube-sim in-process with `argv` (no program name) for a host program; `quiet` discards its output. */
export type KubeSimRunner = (argv: string[], ctx: ProgramCtx, quiet?: boolean) => Promise<{ exitCode: number; skipped: boolean }>;

/** `sleep` durations: `5`, `0.5`, `2s`, `1m`, `1h`, `1d` (summed, as GNU sleep does). */
function sleepMs(args: string[]): number | string {
  let total = 0;
  for (const a of args) {
    const m = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) return a;
    total += Number(m[1]) * { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as ''];
  }
  return total;
}

/** Wait on the wall clock, ending early when the program's (background) job is stopped. */
function wallSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    // A foreground line's signal is already aborted (it means "stop waiting for events"); a sleep still sleeps.
    const listen = signal && !signal.aborted;
    if (listen) signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      if (listen) signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** The host's own programs: kubectl and kube-sim in-process, curl from outside the cluster, sleep. */
export function hostPrograms(run: KubeSimRunner): Record<string, Program> {
  const kube: Program = async (args, ctx) => result('', '', (await run(args, ctx)).exitCode);
  return {
    kubectl: kube,
    'kube-sim': kube,
    curl: async (args, ctx) => result('', '', (await run(['curl', ...args], ctx)).exitCode),
    async sleep(args, ctx) {
      if (!args.length) return result('', "sleep: missing operand\nTry 'sleep --help' for more information.\n", 1);
      const ms = sleepMs(args);
      if (typeof ms === 'string') return result('', `sleep: invalid time interval '${ms}'\nTry 'sleep --help' for more information.\n`, 1);
      if (ctx.vars.KUBE_SIM_CLOCK === 'virtual') {
        // The cluster's clock moves, as `kube-sim advance` moves it; against a real cluster, time really passes.
        const r = await run(['advance', `${ms}ms`], ctx, true);
        if (!r.skipped) return result('', '', r.exitCode);
      }
      const budget = ctx.budget;
      await wallSleep(Math.min(ms, budget ? budget.remainingMs() : ms), ctx.signal);
      budget?.checkTime();
      return result();
    },
  };
}

/** Programs on the walkthrough host's PATH besides its own (kubectl, kube-sim, curl, sleep); make and openssl for pages' key steps. */
const HOST_PROGRAMS = [...HOST_TOOLS, 'date', 'id', 'whoami', 'uname', 'make', 'openssl', 'wget'];

export interface HostOptions {
  files: HostFiles;
  programs: Record<string, Program>;
  /** The cluster's state and clock, read when a program needs them (`date`). */
  cluster(): { state: ClusterState; env: Env };
  unsupported(reason: string): void;
}

/** The walkthrough's host System. */
export function walkthroughHost(o: HostOptions): System {
  return {
    get state() {
      return o.cluster().state;
    },
    get env() {
      return o.cluster().env;
    },
    get net(): NetCtx {
      const { state, env } = o.cluster();
      return { state, env, origin: { kind: 'host', ip: HOST_IP } };
    },
    fs: hostShellFs(o.files),
    image: { family: 'debian', programs: new Set(HOST_PROGRAMS), nslookup: 'bind9', ping: 'iputils' },
    hostname: 'host',
    vars: {},
    programs: o.programs,
    limits: HOST_LIMITS,
    tty: true,
    unsupported: o.unsupported,
  };
}
