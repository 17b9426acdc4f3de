/**
 * `kubectl debug --custom=FILE`: a partial container spec (JSON, else YAML) merged into the debug
 * container after the profile, by strategic merge, as kubectl 1.32's applyCustomProfile does. Its checks
 * and errors are kubectl's (Complete reads and parses the file; Validate refuses the fields it may not set).
 */
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { CommandContext } from '../context.js';
import type { KubeObject } from '../../api/types.js';
import { CliError } from '../../api/errors.js';
import { strategicMerge } from '../../api/merge.js';

/** A custom profile: the container fields it sets. */
export type CustomProfile = Record<string, unknown>;

/** Read and parse the file (Complete). */
export function readCustomProfile(ctx: CommandContext, file: string): CustomProfile {
  const path = resolve(ctx.io.cwd, file);
  if (!ctx.files.stat(path)?.isFile) throw new CliError(`must pass a container spec json file for custom profile: open ${file}: no such file or directory`);
  const text = ctx.files.read(path).toString('utf8');
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch {
    try {
      spec = parseYaml(text);
    } catch (e) {
      throw new CliError(`${file} does not contain a valid container spec: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  if (spec === null || spec === undefined) return {};
  if (typeof spec !== 'object' || Array.isArray(spec)) throw new CliError(`${file} does not contain a valid container spec: error unmarshaling JSON: json: cannot unmarshal ${Array.isArray(spec) ? 'array' : typeof spec} into Go value of type v1.Container`);
  return spec as CustomProfile;
}

/** Validate's refusal of the fields a custom profile may not change. */
export function checkCustomProfile(custom: CustomProfile): void {
  const set = (k: string) => custom[k] !== undefined && custom[k] !== '' && !(Array.isArray(custom[k]) && (custom[k] as unknown[]).length === 0);
  if (['name', 'command', 'image', 'lifecycle', 'volumeDevices'].some(set)) throw new CliError('name, command, image, lifecycle and volume devices are not modifiable via custom profile');
}

/** Merge the profile into container `name` of the debugging pod (its ephemeral containers for an ephemeral one). */
export function applyCustomProfile(custom: CustomProfile, pod: KubeObject, name: string, ephemeral: boolean): void {
  const spec = pod.spec as Record<string, Record<string, unknown>[] | undefined>;
  const list = (ephemeral ? spec.ephemeralContainers : spec.containers) ?? [];
  const i = list.findIndex((c) => c.name === name);
  if (i < 0) throw new CliError(`unable to find the ${name} ${ephemeral ? 'ephemeral ' : ''}container in the pod ${pod.metadata.name}`);
  list[i] = strategicMerge(list[i], { ...custom, name }) as Record<string, unknown>;
}
