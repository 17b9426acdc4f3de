/**
 * The resource quota controller: each ResourceQuota's status (live) is its hard limits and what the
 * namespace uses of them now (pods that finished no longer count), recomputed after every change.
 */
import type { Controller } from './index.js';
import type { QuotaSpec, QuotaStatus } from '../kinds/resourcequota.js';
import { saveIfChanged } from '../api/objects.js';
import { formatQuantity } from '../printers/quantity.js';
import { namespaceUsage } from '../kinds/quota-usage.js';
import { sortedObjects } from './pod-index.js';

export const resourceQuotaController: Controller = {
  name: 'resourcequota-controller',
  reconcile(state) {
    let changed = false;
    for (const q of sortedObjects(state, 'resourcequotas')) {
      const hard = { ...(((q.spec ?? {}) as QuotaSpec).hard ?? {}) };
      const used = namespaceUsage(state, q, Object.keys(hard));
      const status: QuotaStatus = { hard, used: Object.fromEntries(Object.entries(used).map(([k, v]) => [k, formatQuantity(v)])) };
      if (JSON.stringify(status) === JSON.stringify(q.status ?? null)) continue;
      const before = JSON.stringify(q);
      q.status = status;
      if (saveIfChanged(state, 'resourcequotas', q, before)) changed = true;
    }
    return changed;
  },
};
