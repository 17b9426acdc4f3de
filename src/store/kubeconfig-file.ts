/**
 * Where kube-sim keeps its kubeconfig (the contexts of `kube-sim config`, whose current namespace is every
 * command's default `-n`): a file beside the state file (`cluster.json` → `cluster.kubeconfig`), or memory
 * for an in-memory cluster (a walkthrough's), so each cluster has its own. Never `~/.kube/config` or
 * `$KUBECONFIG`: aliasing kube-sim as kubectl must not change the real kubectl's configuration.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { acquireLock } from './lock.js';

/** The kubeconfig text of one cluster. */
export interface KubeconfigFile {
  /** Where it lives, as kubectl names its file in messages (`deleted context x from PATH`). */
  readonly location: string;
  /** The text, or null while kube-sim's default (kind's) is in force. */
  read(): string | null;
  /** Change it under a lock: `change` gets the current text and returns the new one. */
  update(change: (text: string | null) => string): void;
}

/** `cluster.json` → `cluster.kubeconfig`; any other name gets `.kubeconfig` appended. */
export function kubeconfigPathFor(statePath: string): string {
  return statePath.endsWith('.json') ? statePath.slice(0, -'.json'.length) + '.kubeconfig' : `${statePath}.kubeconfig`;
}

/** The kubeconfig beside a state file: read without a lock, replaced atomically (temp file + rename). */
export class DiskKubeconfig implements KubeconfigFile {
  constructor(
    readonly location: string,
    private readonly warn: (msg: string) => void,
  ) {}

  read(): string | null {
    try {
      return readFileSync(this.location, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  update(change: (text: string | null) => string): void {
    mkdirSync(dirname(this.location), { recursive: true });
    const lock = acquireLock(this.location, this.warn);
    try {
      const next = change(this.read());
      const tmp = `${this.location}.${process.pid}.tmp`;
      writeFileSync(tmp, next, { mode: 0o600 });
      renameSync(tmp, this.location);
    } finally {
      lock.release();
    }
  }
}

/** The kubeconfig of an in-memory cluster. */
export class MemoryKubeconfig implements KubeconfigFile {
  readonly location = '<memory>/kubeconfig';
  private text: string | null = null;

  read(): string | null {
    return this.text;
  }

  update(change: (text: string | null) => string): void {
    this.text = change(this.text);
  }
}
