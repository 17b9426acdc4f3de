/**
 * kubectl drain's evictions (k8s.io/kubectl/pkg/drain, Helper.evictPods): each pod is evicted through
 * the eviction subresource; a 429 (a PodDisruptionBudget that allows no disruption now) is retried after
 * 5s, each try printing `evicting pod NS/NAME` again, until it succeeds or `--timeout` has passed
 * (`global timeout reached`). kubectl evicts the pods concurrently; here the pods due at one instant are
 * evicted in one write, before any controller acts (no replacement pod exists yet, as on a cluster where
 * the requests arrive together), and the retry's 5s are lived on the cluster clock (sleepOnClusterClock).
 */
import type { ClusterState, KubeObject } from '../../api/types.js';
import { listObjects } from '../../api/objects.js';
import type { CommandContext } from '../context.js';
import { ApiError } from '../../api/errors.js';
import { evictPod, isTooManyRequests } from '../../api/eviction.js';
import { sleepOnClusterClock } from '../watch.js';
import { clockMode } from '../../env.js';

/** How long kubectl waits before it tries a refused eviction again. */
const RETRY_MS = 5000;
/**
 * Without --timeout kubectl retries for ever; on the virtual clock a cluster where nothing but the clock
 * has moved (no budget's status) for this long will not move without another command, so the drain stops there, as a user
 * would with Ctrl-C (a slower readiness probe than this is the one case it cuts short).
 */
const STUCK_MS = 60_000;

/** Go's time.Duration String() (`1m0s`, `30s`, `1.5s`, `500ms`), as the timeout error prints it. */
export function goDurationText(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  return h ? `${h}h${m}m${sec}` : m ? `${m}m${sec}` : sec;
}

export interface EvictionRun {
  /** --timeout in ms; 0: no limit. */
  timeoutMs: number;
  /** --dry-run=server: the server answers, nothing changes, nobody waits. */
  serverDryRun: boolean;
}

/**
 * Evict `pods` as kubectl's drain does; returns the errors (empty when every pod is gone), or undefined
 * when the command was interrupted while it waited (or, on the virtual clock, stuck: STUCK_MS).
 */
export async function evictPods(ctx: CommandContext, pods: KubeObject[], run: EvictionRun): Promise<string[] | undefined> {
  const start = ctx.read().env.now().getTime();
  const deadline = run.timeoutMs > 0 ? start + run.timeoutMs : Infinity;
  let pending = pods.map((pod) => ({ pod, at: start }));
  const errors: string[] = [];
  const virtual = clockMode(ctx.io.env) === 'virtual';
  // What the answer to a refused eviction depends on: the budgets' statuses (node leases and the like move
  // the cluster's resourceVersion all the time).
  const budgetsMark = (state: ClusterState) => JSON.stringify(listObjects(state, 'poddisruptionbudgets').map((b) => b.status));
  let mark = budgetsMark(ctx.read().state);
  let quietFrom = start;
  for (;;) {
    const now = ctx.read().env.now().getTime();
    const due = pending.filter((p) => p.at <= now);
    const done = new Set<(typeof pending)[number]>();
    const evicted: KubeObject[] = [];
    const lines: ['out' | 'err', string][] = [];
    const failed: string[] = [];
    ctx.mutate((state, env) => {
      for (const p of due) {
        const { name, namespace = 'default' } = p.pod.metadata;
        lines.push(['out', `evicting pod ${namespace}/${name}${run.serverDryRun ? ' (server dry run)' : ''}\n`]);
        if (now >= deadline) {
          failed.push(`error when evicting pods/"${name}" -n "${namespace}": global timeout reached: ${goDurationText(run.timeoutMs)}`);
          done.add(p);
          continue;
        }
        try {
          evictPod(state, env, namespace, name, { dryRun: run.serverDryRun });
          done.add(p);
          if (!run.serverDryRun) evicted.push(p.pod);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          if (e.reason === 'NotFound') done.add(p);
          else if (isTooManyRequests(e)) {
            lines.push(['err', `error when evicting pods/"${name}" -n "${namespace}" (will retry after 5s): ${e.message}\n`]);
            p.at = now + RETRY_MS;
          } else {
            failed.push(`error when evicting pods/"${name}" -n "${namespace}": ${e.message}`);
            done.add(p);
          }
        }
      }
    });
    errors.push(...failed);
    for (const [stream, text] of lines) {
      if (stream === 'out') ctx.out(text);
      else ctx.err(text);
    }
    // waitForDelete's first look: kube-sim deletes at once, so each evicted pod is gone already.
    for (const pod of evicted) ctx.out(`pod/${pod.metadata.name} evicted\n`);
    pending = pending.filter((p) => !done.has(p));
    if (!pending.length) return errors;
    const after = budgetsMark(ctx.read().state);
    if (after !== mark || evicted.length) [mark, quietFrom] = [after, now];
    else if (virtual && deadline === Infinity && now - quietFrom >= STUCK_MS) return undefined;
    const next = Math.min(...pending.map((p) => p.at));
    if (!(await sleepOnClusterClock(ctx, next - now))) return undefined;
  }
}
