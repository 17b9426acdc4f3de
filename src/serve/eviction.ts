/**
 * POST .../pods/NAME/eviction: a policy/v1 (or v1beta1) Eviction, answered as the API server's
 * EvictionREST answers it (api/eviction.ts): 201 with a Success Status when the pod is gone, the budget's
 * 429 or the 500 of a pod two budgets select otherwise. kubectl drain posts these (it finds the
 * subresource in discovery: discovery.ts lists `pods/eviction`).
 */
import type { CommandContext } from '../cli/context.js';
import type { Route } from './reads.js';
import { ApiError } from '../api/errors.js';
import { evictPod } from '../api/eviction.js';
import { status, statusOf, type StatusBody } from './status.js';

const EVICTION_VERSIONS = ['policy/v1', 'policy/v1beta1'];

/** The answer to an eviction request whose body was parsed (JSON or protobuf) into `body`. */
export function answerEviction(ctx: CommandContext, r: Route, method: string, body: unknown, url: URL): { code: number; body: StatusBody } {
  if (method !== 'POST') return { code: 405, body: status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource') };
  const eviction = (body ?? {}) as { apiVersion?: string; kind?: string; metadata?: { name?: string }; deleteOptions?: { dryRun?: string[] } };
  if (eviction.kind !== 'Eviction' || !EVICTION_VERSIONS.includes(eviction.apiVersion ?? '')) {
    return { code: 400, body: status(400, 'BadRequest', `not a Eviction object: ${eviction.kind ? `*${(eviction.apiVersion ?? '').replace(/\/.*/, '')}.${eviction.kind}` : '<nil>'}`) };
  }
  // EvictionREST.Create: the name in the body must be the URL's.
  if (eviction.metadata?.name !== r.name) return { code: 400, body: status(400, 'BadRequest', 'name in URL does not match name in Eviction object') };
  const dryRun = url.searchParams.getAll('dryRun').includes('All') || (eviction.deleteOptions?.dryRun ?? []).includes('All');
  try {
    ctx.mutate((state, env) => evictPod(state, env, r.namespace ?? 'default', r.name!, { dryRun }));
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const st = statusOf(e);
    return { code: st.code, body: st };
  }
  return { code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
}
