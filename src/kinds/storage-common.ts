/** Helpers shared by the PersistentVolume, PersistentVolumeClaim and StorageClass kinds (storage util of kubectl/apiserver). */
import type { FieldError, KubeObject } from '../api/types.js';
import { formatQuantity, parseQuantity } from '../printers/quantity.js';

/** The beta annotation that still wins over spec.storageClassName (storageutil.GetPersistentVolume[Claim]Class). */
export const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';
/** StorageClass annotation marking the default class. */
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
/** What every access mode is called in `get` tables, in the order they are printed. */
const MODE_ABBREVIATIONS: [string, string][] = [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']];
export const ACCESS_MODES = MODE_ABBREVIATIONS.map(([m]) => m);

/** GetAccessModesAsString: `RWO,ROX`, in that fixed order, duplicates dropped. */
export function accessModesText(modes: string[] | undefined): string {
  const have = new Set(modes ?? []);
  return MODE_ABBREVIATIONS.filter(([m]) => have.has(m)).map(([, a]) => a).join(',');
}

/** The storage class of a PV or PVC: the beta annotation, else spec.storageClassName, else ''. */
export function storageClassOf(o: KubeObject): string {
  const beta = o.metadata.annotations?.[BETA_STORAGE_CLASS];
  if (beta !== undefined) return beta;
  return ((o.spec ?? {}) as { storageClassName?: string }).storageClassName ?? '';
}

/** Quantity.String() of a resource list's `storage` entry ('0' when absent, as Go's zero Quantity). */
export function storageText(list: Record<string, string> | undefined): string {
  return formatQuantity(parseQuantity(list?.storage));
}

/** Whether a StorageClass carries the default-class annotation set to "true" (IsDefaultAnnotation). */
export function isDefaultClass(sc: KubeObject): boolean {
  const a = sc.metadata.annotations ?? {};
  return a[DEFAULT_CLASS_ANNOTATION] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
}

/** `kubectl describe`'s `%v` of a string slice: `[a b]`. */
export function goStringSlice(items: string[] | undefined): string {
  return `[${(items ?? []).join(' ')}]`;
}

/** Access mode checks shared by PV and PVC validation: at least one, each supported, ReadWriteOncePod alone. */
export function accessModeErrors(modes: string[] | undefined, field: string, requiredDetail: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!modes?.length) errors.push({ field, type: 'Required', detail: requiredDetail });
  for (const m of modes ?? []) {
    if (!ACCESS_MODES.includes(m)) errors.push({ field, type: 'Unsupported', value: m, supported: ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'] });
  }
  if (modes?.includes('ReadWriteOncePod') && modes.length > 1) errors.push({ field, type: 'Forbidden', detail: 'may not use ReadWriteOncePod with other access modes' });
  return errors;
}

const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/** A `storage` quantity: well formed and positive, as ValidateResourceQuantityValue / ValidatePositiveQuantityValue. */
export function storageQuantityErrors(value: unknown, field: string): FieldError[] {
  const text = String(value);
  if (!QUANTITY.test(text)) return [{ field, type: 'Invalid', value: text, detail: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'" }];
  if (parseQuantity(text).milli <= 0n) return [{ field, type: 'Invalid', value: text, detail: 'must be greater than zero' }];
  return [];
}
