/**
 * Scenario transcripts of the workload and policy kinds (StatefulSet, Job, CronJob, PriorityClass,
 * ResourceQuota, LimitRange, NetworkPolicy, RBAC, HorizontalPodAutoscaler, PodDisruptionBudget and drain's
 * evictions, volumes and env in containers, ServiceAccount tokens): each .md here runs in a fresh isolated cluster on the virtual
 * clock and must print exactly its console blocks (full output of get, -o wide,
 * -o yaml, describe and the errors). They are regression snapshots: bless with `kube-sim test --update
 * test/kinds/X.md` and read the diff.
 */
import { describe, expect, test } from 'vitest';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describeFailure, runTranscript } from '../../src/transcript/runner.js';

const root = join(import.meta.dirname, '..', '..');
const dir = import.meta.dirname;
const files = readdirSync(dir).filter((f) => f.endsWith('.md')).sort();

describe('kind transcripts', () => {
  test('all nine are there', () => {
    expect(files).toEqual(['batch.md', 'crd.md', 'disruption-budgets.md', 'evictions.md', 'hpa.md', 'network-policy.md', 'priority-classes.md', 'quota-limits.md', 'rbac.md', 'service-account-tokens.md', 'statefulset.md', 'volumes-env.md']);
  });

  test.each(files)('%s', async (name) => {
    const file = join(dir, name);
    const r = await runTranscript(file);
    expect(r.error ?? '').toBe('');
    expect(r.failures.map((f) => describeFailure(relative(root, file), f)).join('\n\n')).toBe('');
  });
});
