/**
 * The `Status` objects serve answers failures with, on a normal response or written raw on a socket
 * that was about to be upgraded (exec, port-forward), so kubectl prints them as a real API server's.
 */
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError, CliError, fieldErrorText } from '../api/errors.js';
import { goJsonText } from '../util/go-json.js';
import { kindByKind } from '../api/registry.js';

/** HTTP code of each Status reason. */
export const REASON_CODES: Record<string, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  BadRequest: 400,
  Forbidden: 403,
  MethodNotAllowed: 405,
  InternalError: 500,
  UnsupportedMediaType: 415,
  NotAcceptable: 406,
  ServiceUnavailable: 503,
  TooManyRequests: 429,
};

/** A metav1.Status body (its `code` is also the HTTP status). */
export type StatusBody = Record<string, unknown> & { code: number };

/** A metav1.Status failure. */
export function status(code: number, reason: string, message: string, details?: unknown): StatusBody {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code };
}

/**
 * What an unexpected exception becomes: the API server's InternalError, without the JavaScript message
 * (a stack or "Cannot read properties of undefined" means nothing to a kubectl user).
 */
export const INTERNAL_ERROR_MESSAGE = 'Internal error occurred: kube-sim could not complete this request';

/** Any thrown value as the Status a real API server would answer (500 for anything unexpected). */
export function statusOf(e: unknown): StatusBody {
  if (e instanceof ApiError) {
    const code = REASON_CODES[e.reason] ?? 500;
    let details: unknown;
    let message = e.message;
    if (e.details) {
      // NewInvalid names the kind with its group (`Deployment.apps "x" is invalid`), which kubectl's typed
      // create commands print; its `The Deployment "x" is invalid` comes from the details' kind.
      const group = e.reason === 'Invalid' ? kindByKind(e.details.kind)?.group : undefined;
      const plain = `${e.details.kind} "`;
      if (group && message.startsWith(plain)) message = `${e.details.kind}.${group} "${message.slice(plain.length)}`;
      details = {
        name: e.details.name,
        ...(group ? { group } : {}),
        kind: e.details.kind,
        causes: e.details.causes.map((c) => ({ reason: `FieldValue${c.type}`, message: fieldErrorText(c).slice(c.field.length + 2), field: c.field })),
      };
    }
    if (e.extra?.causes) details = { causes: e.extra.causes };
    if (e.extra?.bare) return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: e.message, code };
    return status(code, e.reason, message, details);
  }
  if (e instanceof CliError) return status(400, 'BadRequest', e.message.replace(/^error: /, ''));
  return status(500, 'InternalError', INTERNAL_ERROR_MESSAGE);
}

/** Send a JSON body with its length. */
export function send(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = typeof body === 'string' ? body : goJsonText(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Turn any error into a Status response (or just end a response whose headers already went out). */
export function sendError(res: ServerResponse, e: unknown, pretty = false): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const st = statusOf(e);
  send(res, st.code, pretty ? goJsonText(st, 2) : st);
}

/** kube-apiserver's isPrettyPrint: `?pretty=true`, or a user agent of curl, Wget or kube-openapi. */
export function wantsPretty(url: URL, userAgent: string | undefined): boolean {
  return url.searchParams.get('pretty') === 'true' || /^(curl|Wget|kube-openapi)/.test(userAgent ?? '');
}

/** Answer a request that asked for an upgrade with a plain HTTP Status response, then close the socket. */
export function refuseUpgrade(socket: Duplex, code: number, reason: string, message: string): void {
  writeRefusal(socket, code, 'application/json', goJsonText(status(code, reason, message)));
}

/**
 * A kubelet's refusal passed through by the API server's proxy: the kubelet writes its error as plain
 * text, which kubectl prints as `unable to upgrade connection: TEXT`.
 */
export function refuseUpgradeText(socket: Duplex, code: number, text: string): void {
  writeRefusal(socket, code, 'text/plain; charset=utf-8', text);
}

function writeRefusal(socket: Duplex, code: number, contentType: string, body: string): void {
  if (socket.writable) {
    socket.end(`HTTP/1.1 ${code} ${STATUS_CODES[code] ?? 'Error'}\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  } else socket.destroy();
}
