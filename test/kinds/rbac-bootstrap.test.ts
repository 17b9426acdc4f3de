/**
 * kind's bootstrap RBAC objects in a fresh cluster: every object keeps a resourceVersion of its own, the
 * RBAC ones sit below the first other object's and above the two system PriorityClasses' (so adding them
 * moved no other object's), and they are the same objects on every reset.
 */
import { describe, expect, it } from 'vitest';
import { freshCluster } from '../../src/store/bootstrap.js';

const RBAC = ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings'];

describe('bootstrap RBAC objects', () => {
  const state = freshCluster({ clock: 'virtual' });
  const all = Object.entries(state.objects).flatMap(([resource, bucket]) => Object.values(bucket ?? {}).map((o) => ({ resource, o })));

  it('take resourceVersions below every other object, none shared', () => {
    const versions = all.map(({ o }) => Number(o.metadata.resourceVersion));
    expect(new Set(versions).size).toBe(versions.length);
    const rbac = all.filter(({ resource }) => RBAC.includes(resource)).map(({ o }) => Number(o.metadata.resourceVersion));
    // The system PriorityClasses come first of all (src/store/priority-bootstrap.ts).
    const classes = all.filter(({ resource }) => resource === 'priorityclasses').map(({ o }) => Number(o.metadata.resourceVersion));
    const others = all.filter(({ resource }) => !RBAC.includes(resource) && resource !== 'priorityclasses').map(({ o }) => Number(o.metadata.resourceVersion));
    expect(rbac.length).toBe(80);
    expect(Math.max(...rbac)).toBe(100);
    expect(classes.sort()).toEqual([1, 2]);
    expect(Math.min(...rbac)).toBeGreaterThan(2);
    expect(Math.min(...others)).toBe(101);
  });

  it('are the same on every reset, uids included', () => {
    const again = freshCluster({ clock: 'virtual' });
    for (const resource of RBAC) expect(again.objects[resource]).toEqual(state.objects[resource]);
  });

  it('give admin, edit and view their aggregated rules before anyone looks', () => {
    const rules = (name: string) => ((state.objects.clusterroles?.[name] as unknown as { rules: unknown[] | null }).rules ?? []).length;
    expect([rules('view'), rules('edit'), rules('admin')]).toEqual([10, 23, 25]);
  });
});
