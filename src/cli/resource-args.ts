/**
 * kubectl's resource arguments: `svc`, `svc kubia other`, `svc,po`, `svc/kubia po/x`, `all`.
 * Resolves each type through the registry and keeps the order the user gave.
 */
import type { KindInfo } from '../api/kind.js';
import { lookupKind, allKinds, ALL_CATEGORY_ORDER, RESOURCE_VERSION_GROUP, typedResource } from '../api/registry.js';
import { ApiError, CliError } from '../api/errors.js';
import { cachedResource } from '../api/custom-kinds.js';

export interface ResourceRequest {
  info: KindInfo;
  /** The API group the user named (`ing.extensions`, `ingresses.networking.k8s.io`), if any. */
  group?: string;
  /** The version the user named with it (`deployment.v1.apps`), if any. */
  version?: string;
  /** The type as typed, for kubectl's error about it. */
  typed?: string;
  /** Named objects; empty means "all of this type". */
  names: string[];
}

/**
 * The kind a typed resource names, or kubectl's error. `named`: the command then GETs objects by name,
 * so a resource only kubectl's discovery cache still knows gets the GET's 404 rather than the list's.
 */
export function resolveType(typed: string, named = false): KindInfo {
  const info = lookupKind(typed);
  const cached = info ? undefined : cachedResource(typed);
  if (cached) {
    // kubectl's discovery cache still has the resource of a deleted CRD: the request is sent and refused
    // (both texts as the real kubectl 1.32 prints them through serve).
    if (named) throw new ApiError('NotFound', 'the server could not find the requested resource');
    throw new ApiError('NotFound', `Unable to list "${cached.group}/${cached.version}, Resource=${cached.plural}": the server could not find the requested resource`);
  }
  if (!info) throw new CliError(`the server doesn't have a resource type "${typedResource(typed)}"`);
  return info;
}

/**
 * Expand a comma list of types: `all` to the `all` category in kubectl's order (then custom resources
 * whose CRD lists the category), and a category a CRD declares (`kubectl get mycategory`) to its kinds.
 */
export function expandTypes(list: string, named = false): KindInfo[] {
  const out: KindInfo[] = [];
  const add = (k: KindInfo) => {
    if (!out.includes(k)) out.push(k);
  };
  for (const t of list.split(',').filter(Boolean)) {
    if (t.toLowerCase() === 'all') {
      for (const r of ALL_CATEGORY_ORDER) {
        const k = allKinds().find((x) => x.resource === r && x.categories?.includes('all'));
        if (k) add(k);
      }
      for (const k of allKinds()) if (k.custom && k.categories?.includes('all')) add(k);
    } else {
      const category = lookupKind(t) ? [] : allKinds().filter((k) => k.custom && k.categories?.includes(t.toLowerCase()));
      if (category.length) category.forEach(add);
      else add(resolveType(t, named));
    }
  }
  return out;
}

/**
 * Parse positional args into requests. `namedGets`: the command GETs named objects one by one (get,
 * delete, ...; describe lists them instead), which decides kubectl's error for a stale cached resource.
 */
export function parseResourceArgs(args: string[], namedGets = true): ResourceRequest[] {
  if (args.length === 0) return [];
  if (args.some((a) => a.includes('/'))) {
    const out: ResourceRequest[] = [];
    for (const a of args) {
      const i = a.indexOf('/');
      if (i < 0) throw new CliError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`);
      const typed = a.slice(0, i);
      const info = resolveType(typed, namedGets);
      const name = a.slice(i + 1);
      const existing = out.find((r) => r.info === info && r.group === groupOf(typed) && r.version === typedGroup(typed).version);
      if (existing) existing.names.push(name);
      else out.push({ info, names: [name], ...typedGroup(typed) });
    }
    return out;
  }
  const [types, ...names] = args;
  const typedList = types!.toLowerCase() === 'all' ? [] : types!.split(',').filter(Boolean);
  return expandTypes(types!, namedGets && names.length > 0).map((info, i) => ({ info, names: [...names], ...(typedList[i] !== undefined ? typedGroup(typedList[i]!) : {}) }));
}

/** The group part of a typed resource (`ing.extensions` -> `extensions`, `deployment.v1.apps` -> `apps`), if any. */
function groupOf(typed: string): string | undefined {
  const qualified = RESOURCE_VERSION_GROUP.exec(typed.toLowerCase());
  if (qualified) return qualified[3] || '';
  const dot = typed.indexOf('.');
  return dot < 0 ? undefined : typed.slice(dot + 1).toLowerCase();
}

function typedGroup(typed: string): { group?: string; version?: string; typed: string } {
  const group = groupOf(typed);
  const m = RESOURCE_VERSION_GROUP.exec(typed.toLowerCase());
  // kubectl's shortcut expander keeps a short name's group but not its version: `hpa.v1.autoscaling` reads
  // the preferred autoscaling/v2 (the real kubectl 1.32 through serve).
  const version = m && !lookupKind(m[1]!)?.shortNames.includes(m[1]!) ? m[2] : undefined;
  return group === undefined ? { typed } : version === undefined ? { group, typed } : { group, version, typed };
}
