/**
 * A patch's bytes on both sides of the wire. kubectl turns the text of `-p`/`--patch-file` into JSON with
 * apimachinery's yaml.ToJSON, which leaves text that starts with `{` as it is (so a malformed JSON patch
 * reaches the server), and the API server decodes the body with Go's JSON decoder, whose words its
 * BadRequest carries (`unexpected end of JSON input`; a merge patch's `error decoding patch: ...`).
 */
import { parse as parseYaml } from 'yaml';
import { ApiError } from './errors.js';
import { goYamlSyntaxError } from './goyaml-check.js';
import { goUnmarshalError } from './json-stream.js';
import type { PatchType } from './patch.js';

/** What kubectl sends for a patch text: `{ body }`, or kubectl's own `unable to parse` error. */
export function kubectlPatchBody(text: string): { body: string } | { error: string } {
  if (/^\s*\{/.test(text)) return { body: text };
  const problem = goYamlSyntaxError(text);
  if (problem) return { error: `unable to parse ${JSON.stringify(text)}: yaml: ${problem}` };
  try {
    return { body: JSON.stringify(parseYaml(text) ?? null) };
  } catch (e) {
    // go-yaml took it, the yaml package did not: still a YAML problem, in the package's first line.
    return { error: `unable to parse ${JSON.stringify(text)}: yaml: ${(e as Error).message.split('\n')[0]}` };
  }
}

/** The patch as the API server decodes a request body of this patch type; a BadRequest as it words it. */
export function decodePatchBody(body: string, type: PatchType): unknown {
  const problem = goUnmarshalError(body);
  if (problem) throw new ApiError('BadRequest', type === 'merge' ? `error decoding patch: ${problem}` : problem);
  return JSON.parse(body);
}
