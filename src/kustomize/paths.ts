/** kustomize's file loader rules: its words for a missing path, and its default restriction to the kustomization's root. */
import { dirname, isAbsolute, relative } from 'node:path';
import type { HostFiles } from '../util/host-files.js';
import { KustomizeError } from './errors.js';

/**
 * kustomize's loader words for a path that is not there: it resolves symlinks first, and that fails at
 * the first component that is missing.
 */
export function lstatFailure(files: HostFiles, abs: string): string {
  let missing = abs;
  for (let p = dirname(abs); p !== dirname(p) && !files.stat(p); p = dirname(p)) missing = p;
  return `evalsymlink failure on '${abs}' : lstat ${missing}: no such file or directory`;
}

/** A YAML problem as kustomize words it (go-yaml's text without kubectl's decoding prefix). */
export function yamlProblem(message: string): string {
  const i = message.lastIndexOf('error converting YAML to JSON: ');
  return i >= 0 ? message.slice(i + 'error converting YAML to JSON: '.length) : message;
}

/**
 * The files a kustomization in `root` may read under LoadRestrictionsRootOnly (kubectl's default): files
 * in or below its directory; another kustomization directory (a base in `../base`) is still reachable as
 * a resource, through the unrestricted HostFiles.
 */
export function rootedFiles(files: HostFiles, root: string): HostFiles {
  const check = (path: string) => {
    const rel = relative(root, path);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new KustomizeError(`security; file '${path}' is not in or below '${root}'`);
  };
  return {
    ...files,
    read(path) {
      check(path);
      return files.read(path);
    },
  };
}
