/**
 * POST .../serviceaccounts/NAME/token: an authentication.k8s.io/v1 TokenRequest (JSON, or protobuf as
 * kubectl 1.32's `create token` sends it), answered 201 with the TokenRequest and its token as
 * api/token-request.ts issues it, the same token `kube-sim create token` prints for the same state.
 */
import type { CommandContext } from '../cli/context.js';
import type { Route } from './reads.js';
import { ApiError } from '../api/errors.js';
import { createToken, type TokenRequestBody } from '../api/token-request.js';
import { status, statusOf, type StatusBody } from './status.js';

/** The answer to a token request whose body was parsed (JSON or protobuf) into `body`. */
export function answerTokenRequest(ctx: CommandContext, r: Route, method: string, body: unknown): { code: number; body: Record<string, unknown> | StatusBody } {
  if (method !== 'POST') return { code: 405, body: status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource') };
  try {
    // In authenticationv1.TokenRequest's field order, as the API server writes it.
    const answer = ctx.mutate((state, env) => createToken(state, env, r.namespace ?? 'default', r.name!, (body ?? {}) as TokenRequestBody)).result;
    return { code: 201, body: answer };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const st = statusOf(e);
    return { code: st.code, body: st };
  }
}
