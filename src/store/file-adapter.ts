/**
 * lowdb adapter for the state file: compact JSON, written to a per-process temp file then renamed, so a
 * crash at any point leaves the old or the new file, never a torn one (steno's shared `.tmp` name lets
 * concurrent writers tear each other's files: performance notes §5).
 */
import { readFileSync, writeFileSync, renameSync, mkdirSync, existsSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SyncAdapter } from 'lowdb';
import type { ClusterState } from '../api/types.js';
import { RawError } from '../api/errors.js';

export class StateFileAdapter implements SyncAdapter<ClusterState> {
  constructor(readonly path: string) {}

  read(): ClusterState | null {
    if (!existsSync(this.path)) return null;
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (e) {
      throw corrupt(this.path, (e as Error).message);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw corrupt(this.path, (e as Error).message);
    }
    const problem = shapeProblem(data);
    if (problem) throw corrupt(this.path, problem);
    return data as ClusterState;
  }

  write(data: ClusterState): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeFileSync(fd, JSON.stringify(data));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
  }
}

function corrupt(path: string, why: string): RawError {
  return new RawError(
    `error: the kube-sim state file "${path}" cannot be read: ${why}\n` +
      `It was left untouched. Run 'kube-sim reset --state ${path}' to start a fresh cluster there, or restore the file.`,
  );
}

/** A light structural check of a parsed state: enough to refuse a file edited into nonsense. */
export function shapeProblem(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'not a JSON object';
  const s = data as Partial<ClusterState>;
  if (s.format !== 1) return `unknown format ${JSON.stringify(s.format)} (expected 1)`;
  if (typeof s.meta !== 'object' || s.meta === null || typeof s.meta.rng !== 'number' || typeof s.meta.resourceVersion !== 'number')
    return 'missing or invalid "meta"';
  if (typeof s.settings !== 'object' || s.settings === null || typeof s.settings.kubernetesVersion !== 'string')
    return 'missing or invalid "settings"';
  if (typeof s.objects !== 'object' || s.objects === null || Array.isArray(s.objects)) return 'missing or invalid "objects"';
  for (const [resource, items] of Object.entries(s.objects)) {
    if (typeof items !== 'object' || items === null || Array.isArray(items)) return `objects.${resource} is not a map`;
    for (const [key, obj] of Object.entries(items)) {
      const o = obj as { metadata?: { name?: unknown }; kind?: unknown };
      if (typeof o !== 'object' || o === null || typeof o.kind !== 'string' || typeof o.metadata?.name !== 'string')
        return `objects.${resource}["${key}"] is not an API object`;
    }
  }
  if (typeof s.runtime !== 'object' || s.runtime === null) return 'missing or invalid "runtime"';
  if (typeof s.memory !== 'object' || s.memory === null) return 'missing or invalid "memory"';
  return undefined;
}
