/**
 * `kube-sim addons list|enable|disable|configure NAME`, in minikube's words and layout. `ingress` installs
 * a simulated ingress-nginx; `metallb` gives LoadBalancer Services an EXTERNAL-IP from an address pool
 * (`--pool FIRST-LAST`, default 172.18.255.200-172.18.255.250 as on kind's docker network).
 * Importing this module also registers the bundled remote manifests (ingress-nginx deploy.yaml URLs).
 */
import type { Command } from 'commander';
import Table from 'cli-table3';
import type { Harness } from '../harness.js';
import { RawError } from '../../api/errors.js';
import { ADDONS, addonEnabled, findAddon, installAddon, poolOf, setPool, uninstallAddon, type AddonDef } from '../../addons/catalog.js';
import '../../addons/remote-manifests.js';

const PROFILE = 'kind';

function unknownAddon(name: string, verb: string): RawError {
  return new RawError(`\n❌  Exiting due to MK_ADDON_${verb.toUpperCase()}: run callbacks: ${name} is not a valid addon`);
}

function need(name: string | undefined, verb: string): AddonDef {
  if (!name) throw new RawError(`❌  Exiting due to MK_USAGE: usage: kube-sim addons ${verb} ADDON_NAME`);
  const a = findAddon(name);
  if (!a) throw unknownAddon(name, verb);
  return a;
}

/** minikube's table rules: `|` at every corner and crossing, `-` along the rules (tablewriter 0.0.5 with SetCenterSeparator("|")). */
const RULES = { top: '-', 'top-mid': '|', 'top-left': '|', 'top-right': '|', bottom: '-', 'bottom-mid': '|', 'bottom-left': '|', 'bottom-right': '|', left: '|', 'left-mid': '|', mid: '-', 'mid-mid': '|', right: '|', 'right-mid': '|', middle: '|' };

/**
 * `minikube addons list` as minikube v1.3x prints it (tablewriter 0.0.5): a rule, the upper-case header
 * centred, a rule, the rows left-aligned with no rule between them, a closing rule. Cell widths count
 * terminal columns (the ✅ is two).
 */
function table(rows: string[][]): string {
  const head = ['ADDON NAME', 'PROFILE', 'STATUS', 'MAINTAINER'];
  const t = new Table({ chars: RULES, style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 } });
  t.push(head.map((content) => ({ content, hAlign: 'center' as const })), ...rows);
  // cli-table3 rules off every row; minikube's only the header and the table.
  const lines = t.toString().split('\n');
  return lines.filter((l, i) => i <= 2 || i === lines.length - 1 || !l.startsWith('|-')).join('\n') + '\n';
}

export function register(program: Command, h: Harness): void {
  const addons = program.command('addons').description('Enable or disable add-ons (ingress, metallb), as minikube does');

  addons
    .command('list')
    .description('Lists all available add-ons and their status')
    .action(h.action((ctx) => {
      const { state } = ctx.read();
      const rows = ADDONS.map((a) => [a.name, PROFILE, addonEnabled(state, a.name) ? 'enabled ✅' : 'disabled', a.maintainer]);
      ctx.out(table(rows));
    }));

  addons
    .command('enable')
    .description('Enables the add-on')
    .argument('[name]')
    .option('--pool <range>', 'metallb: the address pool, FIRST-LAST or a CIDR (default 172.18.255.200-172.18.255.250)')
    .action(h.action<{ pool?: string }>((ctx, args, opts) => {
      const addon = need(args[0], 'enable');
      if (opts.pool !== undefined && addon.name !== 'metallb') throw new RawError(`❌  Exiting due to MK_USAGE: --pool only applies to the metallb addon`);
      ctx.mutate((state, env) => {
        if (opts.pool !== undefined) {
          const err = setPool(state, opts.pool);
          if (err) throw new RawError(`❌  Exiting due to MK_USAGE: ${err}`);
        }
        installAddon(state, env, addon);
        const entry = (state.settings.addons[addon.name] ??= { enabled: true });
        entry.enabled = true;
      });
      let out = addon.notice.map((l) => l + '\n').join('');
      out += addon.images.map((i) => `    ▪ Using image ${i}\n`).join('');
      if (addon.name === 'metallb') {
        const { state } = ctx.read();
        out += `    ▪ Using address pool ${poolOf(state)}\n`;
      }
      if (addon.verifies) out += `🔎  Verifying ${addon.name} addon...\n`;
      out += `🌟  The '${addon.name}' addon is enabled\n`;
      ctx.out(out);
    }));

  addons
    .command('disable')
    .description('Disables the add-on')
    .argument('[name]')
    .action(h.action((ctx, args) => {
      const addon = need(args[0], 'disable');
      ctx.mutate((state) => {
        uninstallAddon(state, addon);
        const entry = (state.settings.addons[addon.name] ??= { enabled: false });
        entry.enabled = false;
      });
      ctx.out(`🌑  "The '${addon.name}' addon is disabled"\n`);
    }));

  addons
    .command('configure')
    .description('Configures the add-on (metallb: --pool FIRST-LAST)')
    .argument('[name]')
    .option('--pool <range>', 'the MetalLB address pool, FIRST-LAST or a CIDR')
    .action(h.action<{ pool?: string }>((ctx, args, opts) => {
      const addon = need(args[0], 'configure');
      if (addon.name !== 'metallb') throw new RawError(`❌  Exiting due to MK_USAGE: ${addon.name} has no settings to configure`);
      if (opts.pool === undefined) throw new RawError(`❌  Exiting due to MK_USAGE: give the address pool with --pool FIRST-LAST (e.g. 172.18.255.200-172.18.255.250)`);
      ctx.mutate((state, env) => {
        const err = setPool(state, opts.pool!);
        if (err) throw new RawError(`❌  Exiting due to MK_USAGE: ${err}`);
        if (addonEnabled(state, 'metallb')) installAddon(state, env, addon);
      });
      ctx.out(`✅  metallb was successfully configured\n`);
    }));
}
