/**
 * `kube-sim cluster-info`: the control plane's address and every kube-system service labelled
 * kubernetes.io/cluster-service=true, reached through the API server proxy (kubectl's text; green and
 * yellow on a TTY). `cluster-info dump` prints the nodes and kube-system objects as JSON lists.
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import type { ClusterState, KubeObject } from '../../api/types.js';
import { listObjects } from '../../api/objects.js';
import { painterFor } from '../colour.js';
import { toJson, asList, withoutManagedFields } from '../../printers/output.js';

/** kind publishes the API server on a random localhost port; kube-sim derives a stable one from the seed. */
export function apiServerUrl(state: ClusterState): string {
  const port = 32768 + ((state.meta.seed * 2654435761) >>> 0) % 28232;
  return `https://127.0.0.1:${port}`;
}

/** The lines of cluster-info as [name, link] pairs. */
export function clusterServices(state: ClusterState): [string, string][] {
  const host = apiServerUrl(state);
  const out: [string, string][] = [['Kubernetes control plane', host]];
  for (const svc of listObjects(state, 'services', 'kube-system')) {
    if (svc.metadata.labels?.['kubernetes.io/cluster-service'] !== 'true') continue;
    const name = svc.metadata.labels?.['kubernetes.io/name'] || svc.metadata.name;
    const spec = svc.spec as { ports?: { name?: string; port: number }[] } | undefined;
    const lb = (svc.status as { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } | undefined)?.loadBalancer?.ingress ?? [];
    if (lb.length) {
      const ip = lb[0]!.ip || lb[0]!.hostname;
      for (const p of spec?.ports ?? []) out.push([name, `http://${ip}:${p.port}`]);
    } else {
      const port = spec?.ports?.[0];
      const portPart = port ? `:${port.name || port.port}` : '';
      out.push([name, `${host}/api/v1/namespaces/kube-system/services/${svc.metadata.name}${portPart}/proxy`]);
    }
  }
  return out;
}

export function register(program: Command, h: Harness): void {
  const info = program
    .command('cluster-info')
    .description('Display cluster information')
    .action(h.action(async (ctx) => {
      const { state } = ctx.read();
      const paint = await painterFor(ctx.io.stdout, ctx.io.env);
      for (const [name, link] of clusterServices(state)) {
        ctx.out(`${paint ? paint.green(name) : name} is running at ${paint ? paint.yellow(link) : link}\n`);
      }
      ctx.out("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
    }));
  info
    .command('dump')
    .description('Dump relevant information for debugging and diagnosis')
    .option('-A, --all-namespaces', 'If true, dump all namespaces')
    .action(h.action<{ allNamespaces?: boolean }>((ctx, _args, opts) => {
      const { state } = ctx.read();
      const ns = opts.allNamespaces ? undefined : 'kube-system';
      ctx.out(toJson(asList(withoutManagedFields(listObjects(state, 'nodes')))));
      for (const r of ['events', 'replicationcontrollers', 'services', 'daemonsets', 'deployments', 'replicasets', 'pods']) {
        ctx.out(toJson(asList(withoutManagedFields(listObjects(state, r, ns) as KubeObject[]))));
      }
    }));
}
