/** Lease (coordination.k8s.io/v1): NAME HOLDER AGE; kubectl has no describer for it, so describe is the generic one. */
import type { KindInfo } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import { ageOf } from './common.js';

interface LeaseSpec { holderIdentity?: string; leaseDurationSeconds?: number; leaseTransitions?: number }

const spec = (o: KubeObject) => (o.spec ?? {}) as LeaseSpec;

/** ValidateLeaseSpec: durations and transitions must not be negative (duration strictly positive). */
function validate(o: KubeObject): FieldError[] {
  const s = spec(o);
  const errors: FieldError[] = [];
  if (s.leaseDurationSeconds !== undefined && s.leaseDurationSeconds <= 0) errors.push({ field: 'spec.leaseDurationSeconds', type: 'Invalid', value: s.leaseDurationSeconds, detail: 'must be greater than 0' });
  if (s.leaseTransitions !== undefined && s.leaseTransitions < 0) errors.push({ field: 'spec.leaseTransitions', type: 'Invalid', value: s.leaseTransitions, detail: 'must be greater than or equal to 0' });
  return errors;
}

export const leaseKind = {
  kind: 'Lease',
  resource: 'leases',
  singular: 'lease',
  shortNames: [],
  group: 'coordination.k8s.io',
  version: 'v1',
  namespaced: true,
  table: {
    columns: [{ name: 'NAME' }, { name: 'HOLDER' }, { name: 'AGE' }],
    row: (o, ctx) => [o.metadata.name, spec(o).holderIdentity ?? '', ageOf(o, ctx)],
  },
  validate,
} satisfies KindInfo;
