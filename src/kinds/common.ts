/** Small helpers shared by the per-kind modules. */
import type { PrintContext } from "../api/kind.js";
import type { KubeObject } from "../api/types.js";
import { age } from '../printers/duration.js';

export type { KubeObject } from '../api/types.js';

/** AGE cell of an object. */
export function ageOf(obj: KubeObject, ctx: PrintContext): string {
  return age(obj.metadata.creationTimestamp, ctx.now);
}

/** `k=v,k2=v2` sorted by key, or `<none>`. */
export function labelsText(labels: Record<string, string> | undefined | null, none = '<none>'): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : none;
}

/** Typed accessor for a kind's spec/status without casting at every use. */
export function field<T>(obj: KubeObject, name: string): T | undefined {
  return obj[name] as T | undefined;
}
