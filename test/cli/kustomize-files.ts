/** Writing a kustomization's files for the kustomize tests. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Write `files` (path → text) under `dir`; a `.dat` file's text stands for its bytes (latin1), so it can be invalid UTF-8. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), f.endsWith('.dat') ? Buffer.from(text, 'latin1') : text);
  }
}
