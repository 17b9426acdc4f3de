/**
 * `kube-sim rollout status|history|undo|restart|pause|resume` for Deployments (and status, history, undo
 * and restart for DaemonSets and StatefulSets, whose history is ControllerRevisions: rollout-revisions.ts),
 * with kubectl's texts.
 * `status` prints a line for every change of the object until the rollout is done, following other
 * processes and the wall clock (`--timeout`, Ctrl-C exits 1 as kubectl's interrupt handler does). On the
 * virtual clock time does not pass inside one command: it reports the rollout as it stands, done or the
 * waiting line followed by kubectl's timeout error (use `kube-sim advance` and ask again).
 */
import type { Command } from 'commander';
import { goInt } from '../argv.js';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { DeploymentSpec, DeploymentStatus } from '../../kinds/deployment.js';
import type { PodTemplate } from '../../kinds/pod-template.js';
import { CliError, notFound } from '../../api/errors.js';
import { getObject } from '../../api/objects.js';
import { replaceObject } from '../../api/server.js';
import { KINDS } from '../../api/registry.js';
import { dryRunMode, dryRunSuffix } from './service-write.js';
import { kindPrefix, qualifiedResource } from '../../api/kind.js';
import { parseResourceArgs } from '../resource-args.js';
import { tabwrite } from '../../printers/tabwriter.js';
import { templateKey } from '../../kinds/deployment.js';
import { describePodTemplate } from '../../kinds/pod-template.js';
import { DescribeWriter } from '../../printers/describe.js';
import { rfc3339, type Env } from '../../env.js';
import { daemonSet, daemonSetStatusText } from './rollout-daemonset.js';
import { revisionHistoryText, statefulSetStatusText, undoToRevision } from './rollout-revisions.js';
import { durationFlag, follow } from '../watch.js';

const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const REVISION = 'deployment.kubernetes.io/revision';
const SKIP_ON_ROLLBACK = new Set([
  'kubectl.kubernetes.io/last-applied-configuration', REVISION, 'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'deprecated.deployment.rollback.to',
]);

/** The managedFields manager of kubectl rollout's writes. */
const MANAGER = 'kubectl-rollout';

interface RolloutOptions { watch?: string | boolean; revision?: string; toRevision?: string; timeout?: string; dryRun?: string }

type RolloutKind = 'Deployment' | 'DaemonSet' | 'StatefulSet';

/** One `TYPE NAME` / `TYPE/NAME` target: a Deployment, or a DaemonSet / StatefulSet for the verbs kubectl supports on them. */
function target(ctx: CommandContext, args: string[], verb: string): { name: string; kind: RolloutKind } {
  const reqs = parseResourceArgs(args);
  if (!reqs.length || !reqs.some((r) => r.names.length)) {
    throw new CliError(`required resource not specified`, `rollout ${verb}`);
  }
  const r = reqs[0]!;
  if ((r.info.kind === 'DaemonSet' || r.info.kind === 'StatefulSet') && verb !== 'pause' && verb !== 'resume') return { name: r.names[0]!, kind: r.info.kind };
  if (r.info.kind !== 'Deployment') {
    // The object is fetched before its kind is checked: a missing one is NotFound.
    const name = r.names[0]!;
    if (!getObject(ctx.read().state, r.info.resource, r.info.namespaced ? ctx.namespace : undefined, name)) throw notFound(qualifiedResource(r.info), name);
    // schema.GroupKind's text: `ReplicaSet.apps`, `ReplicationController`; %q quotes it for history and undo.
    const gk = r.info.group ? `${r.info.kind}.${r.info.group}` : r.info.kind;
    if (verb === 'status') throw new CliError(`no status viewer has been implemented for ${gk}`);
    if (verb === 'history') throw new CliError(`no history viewer has been implemented for ${JSON.stringify(gk)}`);
    if (verb === 'undo') throw new CliError(`no rollbacker has been implemented for ${JSON.stringify(gk)}`);
    // rollout pause/resume/restart name the object: `daemonsets.apps "x" pausing is not supported`.
    throw new CliError(`${qualifiedResource(r.info)} ${JSON.stringify(name)} ${verb === 'restart' ? 'restarting' : verb === 'pause' ? 'pausing' : 'resuming'} is not supported`);
  }
  return { name: r.names[0]!, kind: 'Deployment' };
}

/** The DaemonSet or StatefulSet named, or kubectl's NotFound. */
function revisionOwner(ctx: CommandContext, state: ClusterState, kind: 'DaemonSet' | 'StatefulSet', name: string): KubeObject {
  if (kind === 'DaemonSet') return daemonSet(state, ctx.namespace, name);
  const o = getObject(state, 'statefulsets', ctx.namespace, name);
  if (!o) throw notFound('statefulsets.apps', name);
  return o;
}

function deployment(ctx: CommandContext, state: Parameters<Parameters<CommandContext['mutate']>[0]>[0], name: string): KubeObject {
  const d = getObject(state, 'deployments', ctx.namespace, name);
  if (!d) throw notFound('deployments.apps', name);
  return d;
}

/** ReplicaSets controlled by the deployment, with their revision numbers. */
function revisions(state: Parameters<Parameters<CommandContext['mutate']>[0]>[0], d: KubeObject): { rev: number; rs: KubeObject }[] {
  const out: { rev: number; rs: KubeObject }[] = [];
  for (const rs of Object.values(state.objects.replicasets ?? {})) {
    if (rs.metadata.namespace !== d.metadata.namespace) continue;
    if (!rs.metadata.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid)) continue;
    const rev = Number(rs.metadata.annotations?.[REVISION]);
    if (Number.isInteger(rev) && rev >= 0) out.push({ rev, rs });
  }
  return out.sort((a, b) => a.rev - b.rev);
}

/** kubectl's DeploymentStatusViewer: the status line and whether the rollout is done. */
export function deploymentStatusText(d: KubeObject): { text: string; done: boolean } {
  const spec = (d.spec ?? {}) as DeploymentSpec;
  const st = (d.status ?? {}) as DeploymentStatus;
  const name = JSON.stringify(d.metadata.name);
  if ((d.metadata.generation ?? 0) <= (st.observedGeneration ?? 0)) {
    const prog = st.conditions?.find((c) => c.type === 'Progressing');
    if (prog?.reason === 'ProgressDeadlineExceeded') throw new CliError(`deployment ${name} exceeded its progress deadline`);
    const desired = spec.replicas ?? 1;
    const updated = st.updatedReplicas ?? 0;
    if (updated < desired) return { text: `Waiting for deployment ${name} rollout to finish: ${updated} out of ${desired} new replicas have been updated...\n`, done: false };
    if ((st.replicas ?? 0) > updated) return { text: `Waiting for deployment ${name} rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`, done: false };
    if ((st.availableReplicas ?? 0) < updated) return { text: `Waiting for deployment ${name} rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`, done: false };
    return { text: `deployment ${name} successfully rolled out\n`, done: true };
  }
  return { text: 'Waiting for deployment spec update to be observed...\n', done: false };
}

export function register(program: Command, h: Harness): void {
  const rollout = program.command('rollout').description('Manage the rollout of one or many resources');

  rollout
    .command('status')
    .description('Show the status of the rollout')
    .argument('[args...]')
    .option('-w, --watch [bool]', 'Watch the status of the rollout until it\'s done')
    .option('--timeout <duration>', 'The length of time to wait before ending watch')
    .option('--revision <n>', 'Pin to a specific revision for showing its status')
    .action(h.action<RolloutOptions>(async (ctx, args, opts) => {
      const { name, kind } = target(ctx, args, 'status');
      const timeoutMs = opts.timeout !== undefined ? durationFlag(opts.timeout, '--timeout', 'rollout status') : 0;
      const watch = !(opts.watch === 'false' || opts.watch === false);
      let last: string | undefined;
      // kubectl prints the status for every change of the object, until the rollout is done.
      const end = await follow(
        ctx,
        ({ state }) => {
          const resource = kind === 'DaemonSet' ? 'daemonsets' : kind === 'StatefulSet' ? 'statefulsets' : 'deployments';
          const d = getObject(state, resource, ctx.namespace, name);
          if (!d) {
            if (last === undefined) throw notFound(`${resource}.apps`, name);
            throw new CliError('object has been deleted');
          }
          const seen = JSON.stringify({ ...d, metadata: { ...d.metadata, resourceVersion: undefined } });
          if (seen === last) return false;
          last = seen;
          const { text, done } = kind === 'DaemonSet' ? daemonSetStatusText(d) : kind === 'StatefulSet' ? statefulSetStatusText(d) : deploymentStatusText(d);
          ctx.out(text);
          return done || !watch;
        },
        { timeoutMs: timeoutMs > 0 ? timeoutMs : undefined },
      );
      if (end === 'done') return 0;
      // kubectl's interrupt handler exits 1, silently.
      if (end === 'interrupted') return 1;
      throw new CliError('timed out waiting for the condition');
    }));

  rollout
    .command('history')
    .description('View rollout history')
    .argument('[args...]')
    .option('--revision <n>', 'See the details, including podTemplate of the revision specified')
    .action(h.action<RolloutOptions>((ctx, args, opts) => {
      const { name, kind } = target(ctx, args, 'history');
      const { state } = ctx.read();
      if (kind !== 'Deployment') {
        ctx.out(revisionHistoryText(state, KINDS[kind], revisionOwner(ctx, state, kind, name), opts.revision ? goInt(opts.revision) : 0, describeTemplateText));
        return 0;
      }
      const d = deployment(ctx, state, name);
      const revs = revisions(state, d);
      const prefix = `deployment.apps/${name}`;
      if (!revs.length) {
        ctx.out(`${prefix} \nNo rollout history found.\n`);
        return 0;
      }
      const want = opts.revision ? goInt(opts.revision) : 0;
      if (want > 0) {
        const hit = revs.find((r) => r.rev === want);
        if (!hit) throw new CliError('unable to find the specified revision');
        ctx.out(`${prefix} with revision #${want}\n${templateText(hit.rs)}\n`);
        return 0;
      }
      const table = tabwrite(['REVISION\tCHANGE-CAUSE', ...revs.map((r) => `${r.rev}\t${r.rs.metadata.annotations?.[CHANGE_CAUSE] || '<none>'}`)].join('\n') + '\n', { minWidth: 0, padding: 2 });
      ctx.out(`${prefix} \n${table}\n`);
      return 0;
    }));

  rollout
    .command('undo')
    .description('Undo a previous rollout')
    .argument('[args...]')
    .option('--to-revision <n>', 'The revision to rollback to. Default to 0 (last revision).')
    .option('--dry-run <mode>', 'none, client or server')
    .action(h.action<RolloutOptions>((ctx, args, opts) => {
      const { name, kind } = target(ctx, args, 'undo');
      const to = opts.toRevision ? goInt(opts.toRevision) : 0;
      if (to < 0) throw new CliError(`unable to find specified revision ${to} in history`);
      const mode = dryRunMode(opts.dryRun);
      // A client dry run sends nothing; a server one is admitted and validated, and stores nothing.
      const write = mode === 'client' ? undefined : { dryRun: mode === 'server', fieldManager: MANAGER };
      const undo = (state: ClusterState, env: Env) => {
        if (kind !== 'Deployment') return undoToRevision(state, env, KINDS[kind], revisionOwner(ctx, state, kind, name), to, write);
        const d = deployment(ctx, state, name);
        const spec = (d.spec ?? {}) as DeploymentSpec;
        const revs = revisions(state, d);
        let rs: KubeObject | undefined;
        if (to > 0) {
          rs = revs.find((r) => r.rev === to)?.rs;
          if (!rs) throw new CliError(`unable to find specified revision ${to} in history`);
        } else {
          if (revs.length < 2) throw new CliError(`no rollout history found for deployment ${JSON.stringify(name)}`);
          rs = revs[revs.length - 2]!.rs;
        }
        // kubectl's DeploymentRollbacker looks the revision up before it refuses a paused deployment
        // (polymorphichelpers/rollback.go), so a paused one with a single revision says there is no history.
        if (spec.paused) throw new CliError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
        const rsTemplate = structuredClone((rs.spec as { template?: PodTemplate }).template ?? {}) as PodTemplate;
        const rev = Number(rs.metadata.annotations?.[REVISION]);
        if (templateKey(rsTemplate) === templateKey(spec.template)) return `skipped rollback (current template already matches revision ${rev})`;
        if (rsTemplate.metadata?.labels) delete rsTemplate.metadata.labels['pod-template-hash'];
        const copy = structuredClone(d);
        (copy.spec as DeploymentSpec).template = rsTemplate;
        const ann: Record<string, string> = {};
        for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (SKIP_ON_ROLLBACK.has(k)) ann[k] = v;
        for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!SKIP_ON_ROLLBACK.has(k)) ann[k] = v;
        copy.metadata.annotations = ann;
        if (write) replaceObject(state, env, KINDS.Deployment, copy, write);
        return 'rolled back';
      };
      let result: string;
      if (mode === 'none') result = ctx.mutate(undo).result;
      else {
        const { state, env } = ctx.read();
        result = undo(state, env);
      }
      ctx.out(`${kindPrefix(KINDS[kind])}/${name} ${result}${result === 'rolled back' ? dryRunSuffix(mode) : ''}\n`);
      return 0;
    }));

  const simple = (verb: 'restart' | 'pause' | 'resume', change: (d: KubeObject, now: string) => string) =>
    rollout
      .command(verb)
      .description(`${verb} a resource`)
      .argument('[args...]')
      .action(h.action((ctx, args) => {
        const { name, kind } = target(ctx, args, verb);
        const { result } = ctx.mutate((state, env) => {
          const d = kind === 'Deployment' ? deployment(ctx, state, name) : revisionOwner(ctx, state, kind, name);
          const copy = structuredClone(d);
          const word = change(copy, rfc3339(env.now()));
          replaceObject(state, env, KINDS[kind], copy, { fieldManager: MANAGER });
          return word;
        });
        ctx.out(`${kindPrefix(KINDS[kind])}/${name} ${result}\n`);
        return 0;
      }));
  simple('restart', (d, now) => {
    const spec = d.spec as DeploymentSpec;
    if (spec.paused) throw new CliError(`deployments.apps ${JSON.stringify(d.metadata.name)} can't restart paused deployment (run rollout resume first)`);
    const md = ((spec.template ??= {}).metadata ??= {});
    md.annotations = { ...(md.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': now };
    return 'restarted';
  });
  simple('pause', (d) => {
    const spec = d.spec as DeploymentSpec;
    if (spec.paused) throw new CliError(`deployments.apps ${JSON.stringify(d.metadata.name)} is already paused`);
    spec.paused = true;
    return 'paused';
  });
  simple('resume', (d) => {
    const spec = d.spec as DeploymentSpec;
    if (!spec.paused) throw new CliError(`deployments.apps ${JSON.stringify(d.metadata.name)} is not paused`);
    delete spec.paused;
    return 'resumed';
  });
}

/** `rollout history --revision=N`: the revision's pod template as DescribePodTemplate writes it, unaligned. */
function templateText(rs: KubeObject): string {
  const t = structuredClone((rs.spec as { template?: PodTemplate }).template ?? {}) as PodTemplate;
  // kubectl shows the revision's change-cause among the template annotations.
  const cause = rs.metadata.annotations?.[CHANGE_CAUSE];
  if (cause) (t.metadata ??= {}).annotations = { ...(t.metadata.annotations ?? {}), [CHANGE_CAUSE]: cause };
  return describeTemplateText(t);
}

/** DescribePodTemplate's text of a template, unaligned (rollout history prints it so). */
function describeTemplateText(t: PodTemplate): string {
  const w = new DescribeWriter();
  describePodTemplate(w, t);
  return w.rawText();
}
