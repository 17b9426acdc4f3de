/**
 * `kube-sim proxy` alone is kubectl's API proxy (./api-proxy.ts).
 * `kube-sim proxy rules [--node NODE]`: the rules a node's kube-proxy holds (iptables-save in iptables
 * mode, ipvsadm -Ln in IPVS mode, the userspace portals otherwise), computed from Services and Endpoints.
 * `kube-sim proxy mode [iptables|ipvs|userspace] [--scheduler rr|lc|dh|sh|sed|nq]` shows or changes
 * the cluster's kube-proxy mode (the chapter's three proxy models) the way a user changes it on a real
 * cluster: it edits `mode` in the kube-system/kube-proxy ConfigMap and restarts the kube-proxy pods.
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { runApiProxy, type ApiProxyFlags } from './api-proxy.js';
import { CliError, notFound } from '../../api/errors.js';
import { getObject, listObjects } from '../../api/objects.js';
import { proxyRules } from '../../network/proxy.js';
import { kubeProxyConfigMap, withProxyMode, KUBE_PROXY_CONFIG_KEY } from '../../network/kube-proxy-config.js';
import { replaceObject, deleteObject } from '../../api/server.js';
import { KINDS } from '../../api/registry.js';

const MODES = ['iptables', 'ipvs', 'userspace'] as const;
const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'mh'];

export function register(program: Command, h: Harness): void {
  const proxy = program
    .command('proxy')
    .description("Creates a proxy server between localhost and the Kubernetes API server (kubectl proxy); kube-sim: 'proxy rules' and 'proxy mode' show and set kube-proxy's rules")
    .usage('[--port=PORT] [--address=ADDR] [--api-prefix=PREFIX] | rules [--node NODE] | mode [iptables|ipvs|userspace] [--scheduler NAME]')
    .option('-p, --port <port>', 'The port on which to run the proxy. Set to 0 to pick a random port.')
    .option('--address <address>', 'The IP address on which to serve on.')
    .option('--api-prefix <prefix>', 'Prefix to serve the proxied API under.')
    .option('--accept-hosts <regexps>', 'Regular expression for hosts that the proxy should accept.')
    .option('--accept-paths <regexps>', 'Regular expression for paths that the proxy should accept.')
    .option('--reject-paths <regexps>', 'Regular expression for paths that the proxy should reject. Paths specified here will be rejected even accepted by --accept-paths.')
    .option('--reject-methods <regexps>', 'Regular expression for HTTP methods that the proxy should reject (example --reject-methods=\'POST,PUT,PATCH\').')
    .option('--disable-filter', 'If true, disable request filtering in the proxy. This is dangerous, and can leave you vulnerable to XSRF attacks, when used with an accessible port.')
    .action(h.action<ApiProxyFlags>((ctx, _args, opts) => runApiProxy(ctx, opts)));
  proxy
    .command('rules')
    .exitOverride()
    .configureOutput(program.configureOutput())
    .description("print the node's kube-proxy rules (iptables-save, or ipvsadm -Ln in IPVS mode)")
    .option('--node <node>', 'node whose rules to show (default: the control-plane node)')
    .action(
      h.action<{ node?: string }>((ctx, _args, opts) => {
        const { state, env } = ctx.read();
        const node = opts.node ?? listObjects(state, 'nodes')[0]?.metadata.name;
        if (opts.node && !getObject(state, 'nodes', undefined, opts.node)) throw notFound('nodes', opts.node);
        ctx.out(proxyRules(state, env, node));
      }),
    );
  proxy
    .command('mode')
    .exitOverride()
    .configureOutput(program.configureOutput())
    .description('show or set the kube-proxy mode (and the IPVS scheduler)')
    .argument('[mode]')
    .option('--scheduler <name>', `IPVS scheduler: ${SCHEDULERS.join(', ')}`)
    .action(
      h.action<{ scheduler?: string }>((ctx, args, opts) => {
        const [mode] = args;
        if (!mode && !opts.scheduler) {
          const s = ctx.read().state.settings;
          ctx.out(`${s.proxyMode}${s.proxyMode === 'ipvs' ? ` (scheduler ${s.ipvsScheduler || 'rr'})` : ''}\n`);
          return;
        }
        if (mode && !(MODES as readonly string[]).includes(mode)) throw new CliError(`invalid proxy mode "${mode}": use one of ${MODES.join(', ')}`);
        if (opts.scheduler && !SCHEDULERS.includes(opts.scheduler)) throw new CliError(`invalid IPVS scheduler "${opts.scheduler}": use one of ${SCHEDULERS.join(', ')}`);
        const { result } = ctx.mutate((state, env) => {
          const cm = kubeProxyConfigMap(state);
          if (!cm) {
            // A state made before kube-sim had kube-system's ConfigMap: the setting is all there is.
            if (mode) state.settings.proxyMode = mode as (typeof MODES)[number];
            if (opts.scheduler) state.settings.ipvsScheduler = opts.scheduler;
            delete state.memory['kube-proxy'];
            return { proxyMode: state.settings.proxyMode, ipvsScheduler: state.settings.ipvsScheduler };
          }
          // What a user does on a real cluster: edit the kube-proxy ConfigMap, then restart kube-proxy
          // (its DaemonSet recreates the pods, which read the new configuration when they start).
          const data = (cm.data ?? {}) as Record<string, string>;
          const updated = { ...cm, data: { ...data, [KUBE_PROXY_CONFIG_KEY]: withProxyMode(data[KUBE_PROXY_CONFIG_KEY] ?? '', mode, opts.scheduler) } };
          replaceObject(state, env, KINDS.ConfigMap, updated as typeof cm, { fieldManager: 'kubectl-edit' });
          for (const p of listObjects(state, 'pods', 'kube-system')) {
            if (p.metadata.labels?.['k8s-app'] === 'kube-proxy') deleteObject(state, env, KINDS.Pod, 'kube-system', p.metadata.name);
          }
          return { proxyMode: mode ?? state.settings.proxyMode, ipvsScheduler: opts.scheduler ?? state.settings.ipvsScheduler };
        });
        ctx.out(`kube-proxy mode: ${result.proxyMode}${result.proxyMode === 'ipvs' ? ` (scheduler ${result.ipvsScheduler || 'rr'})` : ''}\n`);
      }),
    );
}
