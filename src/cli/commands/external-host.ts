/**
 * `kube-sim external-host add NAME --ip IP [--port PORT] [--response TEXT]`, `list`, `remove NAME`:
 * simulated hosts outside the cluster. By default the outside world is silent (connections to unknown
 * addresses time out, unknown names do not resolve); a defined host resolves by name from pods, nodes
 * and the host, answers ping, and answers HTTP on its port (any port when none is given) with its
 * response text. That makes ExternalName services and manual Endpoints (e.g. 11.11.11.11) work end to end.
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { CliError } from '../../api/errors.js';
import { renderTable } from '../../printers/tabwriter.js';

const IP_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function register(program: Command, h: Harness): void {
  const cmd = program
    .command('external-host')
    .description('kube-sim: define simulated hosts outside the cluster (ExternalName targets, manual endpoint IPs)')
    .usage('add NAME --ip IP [--port PORT] [--response TEXT] | list | remove NAME')
    .addHelpText(
      'after',
      `
The simulated cluster's outside world is silent by default: unknown names do not resolve and connections
to addresses outside the cluster time out (as an ExternalName target or a manual Endpoints IP such as
11.11.11.11 would on a cluster without Internet access). A defined host resolves by name (from pods,
nodes and the host), answers ping, and answers HTTP on its port with its response text.

Examples:
  kube-sim external-host add api.somecompany.com --ip 93.184.216.34
  kube-sim external-host add legacy-db --ip 11.11.11.11 --port 80 --response 'legacy answer'
  kube-sim exec POD -- curl -s http://external-service     # an ExternalName service
  kube-sim external-host remove legacy-db`,
    );
  const sub = (name: string) => cmd.command(name).exitOverride().configureOutput(program.configureOutput());
  sub('add')
    .description('define (or replace) an external host')
    .argument('<name>', 'DNS name of the host, e.g. api.somecompany.com')
    .requiredOption('--ip <ip>', 'its IPv4 address')
    .option('--port <port>', 'the only TCP port it answers on (default: every port)')
    .option('--response <text>', 'HTTP body it answers with (default: "Hello from NAME")')
    .action(
      h.action<{ ip: string; port?: string; response?: string }>((ctx, args, opts) => {
        const [name] = args as [string];
        const m = IP_RE.exec(opts.ip);
        if (!m || m.slice(1).some((o) => Number(o) > 255)) throw new CliError(`invalid IP address "${opts.ip}"`);
        const port = opts.port === undefined ? undefined : Number(opts.port);
        if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new CliError(`invalid port "${opts.port}"`);
        ctx.mutate((state) => {
          const hosts = (state.settings.externalHosts ??= []);
          const i = hosts.findIndex((x) => x.name === name.toLowerCase());
          const host = { name: name.toLowerCase(), ip: opts.ip, ...(port !== undefined ? { port } : {}), ...(opts.response !== undefined ? { response: opts.response } : {}) };
          if (i >= 0) hosts[i] = host;
          else hosts.push(host);
        });
        ctx.out(`external host ${name.toLowerCase()} (${opts.ip}) defined\n`);
      }),
    );
  sub('list')
    .description('list the simulated external hosts')
    .action(
      h.action((ctx) => {
        const hosts = ctx.read().state.settings.externalHosts ?? [];
        if (!hosts.length) {
          ctx.err('No external hosts defined.\n');
          return;
        }
        ctx.out(renderTable([['NAME', 'IP', 'PORT', 'RESPONSE'], ...hosts.map((x) => [x.name ?? '<none>', x.ip, x.port === undefined ? '*' : String(x.port), JSON.stringify(x.response ?? `Hello from ${x.name ?? x.ip}`)])]));
      }),
    );
  sub('remove')
    .description('remove an external host (by name or IP)')
    .argument('<name>')
    .action(
      h.action((ctx, args) => {
        const [name] = args as [string];
        ctx.mutate((state) => {
          const hosts = state.settings.externalHosts ?? [];
          const i = hosts.findIndex((x) => x.name === name.toLowerCase() || x.ip === name);
          if (i < 0) throw new CliError(`external host "${name}" not found`);
          hosts.splice(i, 1);
        });
        ctx.out(`external host ${name} removed\n`);
      }),
    );
}
