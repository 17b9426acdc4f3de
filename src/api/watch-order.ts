/**
 * The order a watch delivers the changes it found in one look: the API server sends each write in
 * resourceVersion order (the cluster's write counter), and clients rely on it (a reflector resumes from
 * the last resourceVersion it saw). Both front doors' watches (`get -w` and `serve`) use it.
 */
import type { KubeObject } from './types.js';

/** Sort the events of one look in the order their objects were written (stable for equal versions). */
export function inWriteOrder<T extends { obj: KubeObject }>(events: T[]): T[] {
  return events.sort((a, b) => Number(a.obj.metadata.resourceVersion ?? 0) - Number(b.obj.metadata.resourceVersion ?? 0));
}
