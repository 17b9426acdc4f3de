/**
 * src/store/object-json.ts: what a save writes for objects sharing one managedFields list must be
 * JSON.stringify's text byte for byte, whatever else the objects hold, and the objects are left as they were.
 */
import { describe, expect, it } from 'vitest';
import { ObjectJson } from '../../src/store/object-json.js';

const managed = [{ manager: 'kube-controller-manager', operation: 'Update', fieldsV1: { 'f:metadata': { 'f:ownerReferences': { 'k:{"uid":"u-1"}': { '.': {} } } } } }];

const pod = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'kubia' }, managedFields: managed, uid: `uid-${name}`, resourceVersion: '7' },
  spec: { containers: [{ name: 'kubia' }] },
  ...extra,
});

describe('ObjectJson', () => {
  it('writes JSON.stringify text for objects sharing, not sharing, or imitating the stand-in', () => {
    const values: unknown[] = [
      pod('a'),
      pod('b'),
      pod('c', { status: { note: '"managedFields":0' } }),
      pod('d', { data: { managedFields: 0 } }),
      { ...pod('e'), metadata: { ...pod('e').metadata, managedFields: [...managed] } },
      { metadata: { managedFields: managed }, toJSON: () => ({ other: true }) },
      { metadata: Object.defineProperty({ name: 'f' }, 'managedFields', { value: managed, enumerable: false }) },
      Object.freeze(pod('g')),
      { metadata: Object.freeze({ name: 'h', managedFields: managed }) },
      pod('i'),
      null,
      'text',
      { metadata: null },
    ];
    const json = new ObjectJson();
    for (const v of values) {
      const before = JSON.stringify(v);
      expect(json.text(v)).toBe(before);
      // Serialising leaves the object as it was.
      expect(JSON.stringify(v)).toBe(before);
    }
    expect((values[9] as ReturnType<typeof pod>).metadata.managedFields).toBe(managed);
  });
});
