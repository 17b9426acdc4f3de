/**
 * `kube-sim curl [curl options] URL`: curl from the host outside the cluster (kind's docker network,
 * 172.18.0.1). It reaches node IPs (NodePorts), load-balancer and external IPs and the ingress address;
 * cluster IPs and pod IPs exist only inside the cluster, so connections to them time out.
 * `--trace` prints each hop on stderr.
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { ExitCode } from '../../api/errors.js';
import { hostSystem, runOn } from '../../shell/index.js';
import { hostShellFs } from '../../shell/host-fs.js';
import { handTraces } from '../../ui/inbox.js';

/** Everything after the `curl` word, untouched (curl's flags are its own, not kube-sim's). */
function curlArgs(cmd: Command, parsed: string[]): string[] {
  let root: Command = cmd;
  while (root.parent) root = root.parent;
  const raw = ((root as unknown as { rawArgs?: string[] }).rawArgs ?? []) as string[];
  const at = raw.indexOf('curl');
  if (at < 0) return parsed;
  const rest = raw.slice(at + 1);
  return rest[0] === '--' ? rest.slice(1) : rest;
}

export function register(program: Command, h: Harness): void {
  program
    .command('curl')
    .description('kube-sim: curl from outside the cluster (host network): node ports, load balancers, ingress')
    .usage('[curl options] URL')
    .argument('[args...]')
    .allowUnknownOption(true)
    .helpOption(false)
    .action(
      h.action((ctx, args, _opts, cmd) => {
        const argv = curlArgs(cmd, args);
        // Files curl names (--cacert, -o) are the host's, as for any kubectl flag (a walkthrough's are confined).
        const files = hostShellFs(ctx.files);
        // The request runs without holding the lock (store/optimistic.ts).
        const { result } = ctx.mutateOptimistic((state, env) => runOn(hostSystem(state, env, ctx.io.hostPorts, files), ['curl', ...argv], { tty: true, cwd: ctx.io.cwd }));
        handTraces(ctx.store.location, result.traces);
        ctx.out(result.stdout);
        ctx.err(result.stderr);
        if (result.exitCode !== 0) throw new ExitCode(result.exitCode);
        return 0;
      }),
    );
}
