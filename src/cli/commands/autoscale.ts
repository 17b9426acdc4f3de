/**
 * `kube-sim autoscale (-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu-percent=CPU]
 * [--name=NAME]`, as kubectl 1.32 (pkg/cmd/autoscale): for each deployment, replica set, stateful set or
 * replication controller named (any resource whose discovery lists a `scale` subresource), an
 * autoscaling/v1 HorizontalPodAutoscaler is created through the typed v1 client: `--min` only when
 * positive, `--cpu-percent` only when not negative (the server then defaults the CPU target to 80%).
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import type { KindInfo } from '../../api/kind.js';
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { Env } from '../../env.js';
import { CliError, notFound } from '../../api/errors.js';
import { apiVersionOf, kindPrefix, pluralOf, qualifiedResource, servesSubresource } from '../../api/kind.js';
import { KINDS } from '../../api/registry.js';
import { getObject } from '../../api/objects.js';
import { createObject, decodeManifest } from '../../api/server.js';
import { toRequestedVersion } from '../../api/versions.js';
import { hpaFromV1 } from '../../kinds/hpa-v1.js';
import { goInt } from '../argv.js';
import { hasFileFlags, readFileFlags } from '../file-flags.js';
import { parseResourceArgs } from '../resource-args.js';
import { renderObjects } from '../../printers/output.js';
import { goJsonText } from '../../util/go-json.js';
import { dryRunMode, dryRunSuffix } from './service-write.js';

interface AutoscaleOptions {
  min?: string;
  max?: string;
  cpuPercent?: string;
  name?: string;
  filename?: string[];
  kustomize?: string;
  output?: string;
  dryRun?: string | boolean;
  fieldManager?: string;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];
const NO_RESOURCES =
  "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/** The v1 object kubectl's createHorizontalPodAutoscaler builds, fields in Go struct order. */
function v1Autoscaler(info: KindInfo, refName: string, name: string, min: number, max: number, cpu: number): KubeObject {
  const spec: Record<string, unknown> = { scaleTargetRef: { kind: info.kind, name: refName, apiVersion: apiVersionOf(info) } };
  if (min > 0) spec.minReplicas = min;
  spec.maxReplicas = max;
  if (cpu >= 0) spec.targetCPUUtilizationPercentage = cpu;
  return {
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v1',
    metadata: { name, creationTimestamp: null },
    spec,
    status: { currentReplicas: 0, desiredReplicas: 0 },
  } as unknown as KubeObject;
}

/** ScaleForResource: the resource's discovery must list `<plural>/scale` (client-go's scale kind resolver). */
function checkScalable(info: KindInfo): void {
  if (servesSubresource(info, 'scale') || info.custom?.scale) return;
  const [group, version] = info.group ? [info.group, info.version] : ['', info.version];
  throw new CliError(`cannot autoscale a ${info.kind}: could not find scale subresource for ${group}/${version}, Resource=${pluralOf(info)} in discovery information`);
}

export function register(program: Command, h: Harness): void {
  program
    .command('autoscale')
    .description('Auto-scale a deployment, replica set, stateful set, or replication controller')
    .argument('[args...]')
    .option('--min <count>', "The lower limit for the number of pods that can be set by the autoscaler. If it's not specified or negative, the server will apply a default value.")
    .option('--max <count>', 'The upper limit for the number of pods that can be set by the autoscaler. Required.')
    .option('--cpu-percent <percent>', "The target average CPU utilization (represented as a percent of requested CPU) over all the pods. If it's not specified or negative, a default autoscaling policy will be used.")
    .option('--name <name>', 'The name for the newly created object. If not specified, the name of the input resource will be used.')
    .option('-f, --filename <file>', 'Filename, directory, or URL to files identifying the resource to autoscale.', collect)
    .option('-k, --kustomize <dir>', 'Process the kustomization directory')
    .option('-o, --output <format>', 'Output format')
    .option('--dry-run [mode]', 'none, client or server')
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.')
    .action(
      h.action<AutoscaleOptions>(async (ctx, args, opts) => {
        if (opts.max === undefined) throw new CliError('required flag(s) "max" not set');
        const mode = dryRunMode(opts.dryRun);
        const min = opts.min === undefined ? -1 : goInt(opts.min);
        const max = goInt(opts.max);
        const cpu = opts.cpuPercent === undefined ? -1 : goInt(opts.cpuPercent);
        if (max < 1) throw new CliError(`--max=MAXPODS is required and must be at least 1, max: ${max}`);
        if (max < min) throw new CliError(`--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`);

        // What to autoscale, as the builder visits it: (kind, name) in the order given.
        const targets: { info: KindInfo; name: string; namespace: string }[] = [];
        if (hasFileFlags(opts)) {
          const docs = await readFileFlags(ctx, opts);
          const { state } = ctx.read();
          for (const d of docs) {
            const { info, obj } = decodeManifest(state, d.doc, d.source, ctx.namespace, { validate: 'none' });
            targets.push({ info, name: obj.metadata.name, namespace: obj.metadata.namespace ?? ctx.namespace });
          }
        } else {
          const reqs = parseResourceArgs(args);
          if (!reqs.length) throw new CliError(NO_RESOURCES);
          for (const r of reqs) {
            if (!r.names.length) throw new CliError('resource(s) were provided, but no name was specified');
            for (const name of r.names) targets.push({ info: r.info, name, namespace: ctx.namespace });
          }
        }
        if (!targets.length) throw new CliError('no objects passed to autoscale');

        const info = KINDS.HorizontalPodAutoscaler;
        for (const t of targets) {
          const { state } = ctx.read();
          const live = getObject(state, t.info.resource, t.info.namespaced ? t.namespace : undefined, t.name);
          if (!live) throw notFound(qualifiedResource(t.info), t.name);
          checkScalable(t.info);
          const hpa = v1Autoscaler(t.info, t.name, opts.name || t.name, min, max, cpu);
          let shown = hpa;
          if (mode !== 'client') {
            // The typed autoscaling/v1 client's POST: converted to the stored v2 and answered in v1.
            const stored = hpaFromV1({ ...structuredClone(hpa), metadata: { name: hpa.metadata.name, namespace: ctx.namespace } });
            delete stored.status;
            const write = { fieldManager: opts.fieldManager || 'kubectl-autoscale', dryRun: mode === 'server' };
            const create = (s: ClusterState, env: Env) => createObject(s, env, info, stored, write);
            const snapshot = mode === 'server' ? ctx.read() : undefined;
            const created = snapshot ? create(snapshot.state, snapshot.env) : ctx.mutate(create).result;
            shown = toRequestedVersion(info, created, 'autoscaling/v1');
          }
          // A client dry run prints kubectl's own typed object: JSON keys in Go struct order.
          if (opts.output === 'json' && mode === 'client') ctx.out(goJsonText(shown, 4) + '\n');
          else if (opts.output) ctx.out(renderObjects(opts.output, [shown], true, { cwd: ctx.io.cwd, files: ctx.files, typed: mode === 'client' }));
          else ctx.out(`${kindPrefix(info)}/${hpa.metadata.name} ${mode === 'client' ? 'created' : 'autoscaled'}${dryRunSuffix(mode)}\n`);
        }
        return 0;
      }),
    );
}
