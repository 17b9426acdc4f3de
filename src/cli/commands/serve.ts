/** `kube-sim serve`: the Kubernetes API over the simulated cluster, for the real kubectl and client libraries. */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Harness } from '../harness.js';
import { CliError } from '../../api/errors.js';

interface ServeFlags {
  port: string;
  kubeconfig?: string;
  quiet?: boolean;
}

/** A kubeconfig pointing at the server (insecure-skip-tls-verify: client-node refuses plain http without it). */
export function kubeconfigText(port: number, namespace = 'default'): string {
  return `apiVersion: v1
kind: Config
clusters:
- cluster:
    server: http://127.0.0.1:${port}
    insecure-skip-tls-verify: true
  name: kube-sim
contexts:
- context:
    cluster: kube-sim
    namespace: ${namespace}
    user: kube-sim
  name: kube-sim
current-context: kube-sim
users:
- name: kube-sim
  user: {}
`;
}

export function register(program: Command, h: Harness): void {
  program
    .command('serve')
    .description('Serve the Kubernetes API for the simulated cluster on 127.0.0.1 (for the real kubectl >= 1.30 and client libraries)')
    .option('--port <n>', 'Port to listen on (0 picks a free one)', '8001')
    .option('--kubeconfig <file>', 'Write a kubeconfig for the server to this file instead of printing it')
    .option('--quiet', 'Do not log requests')
    .action(h.action<ServeFlags>(async (ctx, _args, opts, cmd) => {
      // `--kubeconfig` is also a global (ignored) flag for pasted kubectl commands, which may capture it.
      const kubeconfig = opts.kubeconfig ?? (cmd.optsWithGlobals() as { kubeconfig?: string }).kubeconfig;
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`invalid port "${opts.port}"`);
      const { startServer } = await import('../../serve/server.js');
      const { port: actual } = await startServer(ctx.io, ctx.globals, { port, log: opts.quiet ? undefined : (l) => ctx.err(l + '\n') });
      const cfg = kubeconfigText(actual, ctx.namespace);
      if (kubeconfig) {
        writeFileSync(resolve(ctx.io.cwd, kubeconfig), cfg);
        ctx.out(`Serving the simulated cluster on http://127.0.0.1:${actual}\nkubeconfig written to ${kubeconfig}: export KUBECONFIG=${resolve(ctx.io.cwd, kubeconfig)}\n`);
      } else {
        ctx.out(`# Serving the simulated cluster on http://127.0.0.1:${actual} (Ctrl-C to stop). Save this as a kubeconfig:\n${cfg}`);
      }
      // Runs until the process is stopped.
      await new Promise<never>(() => undefined);
    }));
}
