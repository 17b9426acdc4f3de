/** Commands about the simulated cluster itself: `reset`, `advance`, `version`. */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { CliError } from '../../api/errors.js';
import { freshCluster, DEFAULT_SEED } from '../../store/bootstrap.js';
import { clockMode, rfc3339 } from '../../env.js';
import { serverVersionInfo } from '../../api/server-version.js';
import { toYaml } from '../../printers/output.js';
import { advanceBy } from '../watch.js';
import { goJsonText } from '../../util/go-json.js';

/** Parse a Go-style duration: `30s`, `5m`, `1h30m`, `250ms`. */
export function parseDuration(text: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    const n = Number(m[1]);
    total += n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms']!;
    consumed += m[0].length;
  }
  if (!text || consumed !== text.length) throw new CliError(`invalid duration "${text}": use forms such as 30s, 5m, 1h30m`);
  return Math.round(total);
}

export function register(program: Command, h: Harness): void {
  program
    .command('reset')
    .description('Replace the state with a fresh kind-style cluster')
    .option('--nodes <n>', 'Number of nodes, control plane included', '3')
    .option('--seed <n>', 'Seed of the random generator (names, IPs, ports)', String(DEFAULT_SEED))
    .option('--kubernetes-version <v>', 'Version the simulated cluster runs, e.g. 1.32 or 1.17', '1.32')
    .action(h.action<{ nodes: string; seed: string; kubernetesVersion: string }>((ctx, _args, opts) => {
      const nodes = Number(opts.nodes);
      const seed = Number(opts.seed);
      if (!Number.isInteger(nodes) || nodes < 1 || nodes > 50) throw new CliError(`--nodes must be a whole number from 1 to 50, got "${opts.nodes}"`);
      if (!Number.isInteger(seed) || seed < 0) throw new CliError(`--seed must be a non-negative whole number, got "${opts.seed}"`);
      let state;
      try {
        state = freshCluster({ seed, nodes, kubernetesVersion: opts.kubernetesVersion, clock: clockMode(ctx.io.env), wallNow: ctx.io.now });
      } catch (e) {
        throw new CliError((e as Error).message);
      }
      ctx.replace(state);
      ctx.out(`Cluster reset: ${nodes} node${nodes === 1 ? '' : 's'}, Kubernetes ${state.settings.kubernetesVersion}, seed ${seed} (${ctx.store.location})\n`);
    }));

  program
    .command('advance')
    .description('Move the cluster clock forward (virtual clock), letting probes and controllers run')
    .argument('<duration>', 'e.g. 30s, 5m, 1h')
    .action(h.action((ctx, args) => {
      // Timed controllers (CronJob schedules, Job back-offs) act at their own instants on the way.
      const after = advanceBy(ctx, parseDuration(args[0]!));
      ctx.out(`Clock advanced by ${args[0]} to ${rfc3339(after.env.now())}\n`);
    }));

  program
    .command('version')
    .description('Print the client and server version information')
    .option('--client', 'If true, shows client version only')
    .option('-o, --output <format>', 'One of yaml or json')
    .action(h.action<{ client?: boolean; output?: string }>((ctx, _args, opts) => {
      const serverVersion = opts.client ? undefined : ctx.read().state.settings.kubernetesVersion;
      if (opts.output !== undefined && opts.output !== 'json' && opts.output !== 'yaml') throw new CliError(`--output must be 'yaml' or 'json'`);
      if (opts.output) {
        // Go's field order for json; yaml goes through JSON, so its keys come out sorted.
        const data: Record<string, unknown> = { clientVersion: CLIENT_VERSION, kustomizeVersion: KUSTOMIZE_VERSION };
        if (serverVersion) data.serverVersion = serverVersionInfo(serverVersion);
        ctx.out(opts.output === 'json' ? goJsonText(data, 2) + '\n' : toYaml(data));
        return;
      }
      ctx.out(`Client Version: ${CLIENT_VERSION.gitVersion}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`);
      if (serverVersion) ctx.out(`Server Version: ${serverVersion}\n`);
    }));
}

/** The kubectl build kube-sim stands in for (v1.32.4), as version.Info. */
const CLIENT_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:03:09Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};
const KUSTOMIZE_VERSION = 'v5.5.0';
