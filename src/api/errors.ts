/**
 * The small typed family of errors. Text is made in one place (src/cli/format-error.ts) so every
 * command prints kubectl's exact words and exit codes.
 */
import type { FieldError } from './types.js';

export type StatusReason = 'NotFound' | 'AlreadyExists' | 'Invalid' | 'BadRequest' | 'Conflict' | 'Forbidden' | 'InternalError' | 'MethodNotAllowed' | 'ServiceUnavailable' | 'UnsupportedMediaType' | 'TooManyRequests';

/** A metav1.StatusCause that is not a field's (the eviction subresource's `DisruptionBudget`). */
export interface StatusCause {
  reason: string;
  message: string;
}

/** An error the simulated API server returns (kubectl prints `Error from server (Reason): ...`). */
export class ApiError extends Error {
  constructor(
    readonly reason: StatusReason,
    message: string,
    /** For Invalid: the object's kind and name and the field causes. */
    readonly details?: { kind: string; name: string; causes: FieldError[] },
    /** Causes that name no field; `bare`: a Status the handler built itself, with a code but no reason (the eviction subresource's 500). */
    readonly extra?: { causes?: StatusCause[]; bare?: boolean },
  ) {
    super(message);
  }
}

/** A client-side kubectl error, printed as `error: <message>`. */
export class CliError extends Error {
  constructor(
    message: string,
    /** Printed after the message as `See 'kubectl <usage> -h' for help and examples`. */
    readonly usageOf?: string,
  ) {
    super(message);
  }
}

/** An error after which kubectl has already written `stdout` (a template's partial output and its debugging block). */
export class ErrorAfterOutput extends CliError {
  constructor(
    readonly stdout: string,
    message: string,
  ) {
    super(message);
  }
}

/** Text that is printed to stderr verbatim (no `error: ` prefix), then exit 1. */
export class RawError extends Error {}

/** Ends a command with a specific exit code after its output was already written (exec's remote code). */
export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** `services "foo" not found` and its siblings. `resource` is the plural with group, e.g. `deployments.apps`. */
export function notFound(resource: string, name: string): ApiError {
  return new ApiError('NotFound', `${resource} "${name}" not found`);
}

export function alreadyExists(resource: string, name: string): ApiError {
  return new ApiError('AlreadyExists', `${resource} "${name}" already exists`);
}

/** An Invalid error with field causes (kubectl rebuilds the message from them). */
export function invalid(kind: string, name: string, causes: FieldError[]): ApiError {
  return new ApiError('Invalid', `${kind} "${name}" is invalid: ${causesText(causes)}`, { kind, name, causes });
}

/** The server's own message for Invalid: one cause bare, several bracketed and joined with ", ". */
export function causesText(causes: FieldError[]): string {
  const texts = [...new Set(causes.map(fieldErrorText))];
  return texts.length === 1 ? texts[0]! : `[${texts.join(', ')}]`;
}

/** apimachinery field.Error.Error(): `<field>: <type text>[: <value>][: <detail>]`. */
export function fieldErrorText(e: FieldError): string {
  const value = e.valueText ?? goValue(e.value);
  switch (e.type) {
    case 'Required':
      return `${e.field}: Required value${e.detail ? `: ${e.detail}` : ''}`;
    case 'Forbidden':
      return `${e.field}: Forbidden${e.detail ? `: ${e.detail}` : ''}`;
    case 'Duplicate':
      return `${e.field}: Duplicate value: ${value}`;
    case 'NotFound':
      return `${e.field}: Not found: ${value}`;
    case 'Unsupported':
      return `${e.field}: Unsupported value: ${value}${e.supported ? `: supported values: ${e.supported.map((s) => `"${s}"`).join(', ')}` : ''}`;
    case 'TooLong':
      return `${e.field}: Too long: ${e.detail ?? ''}`;
    case 'TooMany':
      return `${e.field}: Too many: ${e.detail ?? ''}`;
    case 'Invalid':
    default:
      return `${e.field}: Invalid value: ${value}${e.detail ? `: ${e.detail}` : ''}`;
  }
}

/** Render a value as Go's %#v-ish output apimachinery uses: strings quoted, numbers and bools bare. */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return `[]string{${v.map((x) => JSON.stringify(x)).join(', ')}}`;
  if (typeof v === 'object' && Object.values(v as object).every((x) => typeof x === 'string')) {
    const entries = Object.entries(v as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[string]string{${entries.map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`).join(', ')}}`;
  }
  return JSON.stringify(v);
}
