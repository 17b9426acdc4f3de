/**
 * `create deployment NAME --image=IMAGE... [--replicas=N] [--port=P] [-- COMMAND ARGS...]`: builds the
 * object exactly as kubectl 1.32 does (labels and selector `app=NAME`, container names from the image
 * names), so `--dry-run=client -o yaml` prints what kubectl prints; otherwise it is created through the
 * API server and the controllers roll it out in the same command.
 */
import type { Command } from 'commander';
import { goInt } from '../argv.js';
import type { Generator } from './create-generators.js';
import type { KubeObject } from '../../api/types.js';
import { ApiError, CliError } from '../../api/errors.js';
import { KINDS } from '../../api/registry.js';
import { createObject } from '../../api/server.js';
import { renderObjects } from '../../printers/output.js';
import { NAME_ALPHABET, Rng } from '../../env.js';
import type { ClusterState } from '../../api/types.js';
import { flagsOf, nameAndCommand } from './generators-batch.js';

interface DeploymentFlags { image?: string[]; replicas?: string; port?: string; dryRun?: string; output?: string }

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',')];

/**
 * Container name from an image: last path segment without tag or digest. A name with `_` or `.` gets them
 * as `-` and, as kubectl's sanitizeAndUniquify does, a random 5-character suffix (`suffix()`).
 */
export function containerNameOf(image: string, suffix?: () => string): string {
  let name = image.split('/').pop() ?? image;
  if (name.includes(':')) name = name.split(':')[0]!;
  if (name.includes('@')) name = name.split('@')[0]!;
  if (!/[_.]/.test(name)) return name;
  const clean = name.replace(/[_.]/g, '-');
  return suffix ? `${clean}-${suffix()}` : clean;
}

/**
 * The random suffixes kubectl draws on the client for container names: from a stream of their own, so they
 * never move the names the API server generates.
 */
export function clientSuffixes(state: ClusterState, namespace: string): () => string {
  const rng = new Rng(state, `kubectl-client:${namespace}`);
  return () => rng.string(5, NAME_ALPHABET);
}

/** The Deployment `kubectl create deployment` sends (before any server defaulting). */
export function buildDeployment(name: string, images: string[], replicas: number, port: number, command: string[], namespace?: string, suffix?: () => string): KubeObject {
  const labels = { app: name };
  const used = new Set<string>();
  const containers = images.map((image, i) => {
    let cname = containerNameOf(image, suffix);
    // kubectl uniquifies clashing names with a random suffix; a stable index keeps this deterministic.
    if (used.has(cname)) cname = `${cname}-${i}`;
    used.add(cname);
    return { image, name: cname, resources: {} } as Record<string, unknown>;
  });
  if (command.length && containers[0]) containers[0].command = command;
  if (port >= 0 && containers[0]) containers[0].ports = [{ containerPort: port }];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { creationTimestamp: null as never, labels: { ...labels }, name, ...(namespace ? { namespace } : {}) },
    spec: {
      replicas,
      selector: { matchLabels: { ...labels } },
      strategy: {},
      template: { metadata: { creationTimestamp: null, labels: { ...labels } }, spec: { containers } },
    },
    status: {},
  };
}

const deploymentGenerator: Generator = (create, h) => {
  create
    .command('deployment')
    .alias('deploy')
    .description('Create a deployment with the specified name')
    .argument('[args...]')
    .option('--image <image>', 'Image names to run. A deployment can have multiple images set for multi-container pod.', collect)
    .option('-r, --replicas <n>', 'Number of replicas to create. Default is 1.')
    .option('--port <port>', 'The containerPort that this deployment exposes.')
    .option('--dry-run <mode>', 'none, client or server')
    .option('-o, --output <format>', 'Output format')
    .option('--save-config', 'Accepted for compatibility')
    .option('--validate <mode>', 'Accepted for compatibility')
    .action(h.action<DeploymentFlags>((ctx, args, opts, cmd: Command) => {
      // `create` itself declares -o and --dry-run, and commander hands parent flags to the parent.
      opts = flagsOf(cmd, opts);
      // Words after `--` are the container command; before it exactly one NAME.
      const { name, command } = nameAndCommand(cmd, args, 'deployment');
      if (!opts.image?.length) throw new CliError('required flag(s) "image" not set');
      // pflag refused a malformed --replicas or --port already (argv.ts).
      const replicas = opts.replicas === undefined ? 1 : goInt(opts.replicas);
      const port = opts.port === undefined ? -1 : goInt(opts.port);
      const build = (state: ClusterState) =>
        buildDeployment(name, opts.image!, replicas, port, command, ctx.namespaceExplicit ? ctx.namespace : undefined, clientSuffixes(state, ctx.namespace));
      const dryRun = opts.dryRun && opts.dryRun !== 'none' ? opts.dryRun : undefined;
      if (dryRun === 'client') {
        // A read state is never saved, so the client stream's draw stays a dry run's.
        const obj = build(ctx.read().state);
        ctx.out(opts.output ? renderObjects(opts.output, [obj], true, { cwd: ctx.io.cwd, files: ctx.files }) : `deployment.apps/${name} created (dry run)\n`);
        return 0;
      }
      /** The object as kubectl sends it (no creationTimestamp, status or empty strategy). */
      const toSend = (obj: KubeObject): KubeObject => {
        const send = structuredClone(obj);
        delete (send.metadata as { creationTimestamp?: unknown }).creationTimestamp;
        delete send.status;
        send.metadata.namespace = ctx.namespace;
        const spec = send.spec as { strategy?: unknown; template: { metadata: { creationTimestamp?: unknown } } };
        delete spec.strategy;
        delete spec.template.metadata.creationTimestamp;
        return send;
      };
      let created: KubeObject;
      const run = (state: Parameters<Parameters<typeof ctx.mutate>[0]>[0], env: Parameters<Parameters<typeof ctx.mutate>[0]>[1]) => {
        const send = toSend(build(state));
        try {
          return createObject(state, env, KINDS.Deployment, send, { dryRun: !!dryRun, fieldManager: 'kubectl-create' });
        } catch (e) {
          if (e instanceof ApiError) throw new CliError(`failed to create deployment: ${e.message}`);
          throw e;
        }
      };
      if (dryRun) {
        const { state, env } = ctx.read();
        created = run(state, env);
      } else created = ctx.mutate(run).result;
      ctx.out(opts.output ? renderObjects(opts.output, [created], true, { cwd: ctx.io.cwd, files: ctx.files }) : `deployment.apps/${name} created${dryRun ? ' (server dry run)' : ''}\n`);
      return 0;
    }));
};

export const workloadsGenerators: Generator[] = [deploymentGenerator];
