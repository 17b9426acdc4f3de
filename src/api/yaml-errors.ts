/**
 * Fallback wording for documents the `yaml` package refuses although the go-yaml checker
 * (goyaml-check.ts, which decides first) found nothing: its error codes translated into go-yaml's
 * sentences, with go-yaml's line conventions.
 * go-yaml numbers lines from 1 for scanner errors but reports parser errors ("did not find expected
 * key") with the 0-based line of the offending token, i.e. one less than the line it is on. Line numbers
 * count from the start of the document (kubectl splits the stream at `---` first).
 * The expected outputs in test/schema/yaml-errors.test.ts were taken from the real kubectl 1.32.
 */

interface YamlLibError {
  code: string;
  message: string;
  pos: [number, number];
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') n++;
  return n;
}

/** Number of lines of the document (every line ends in `\n`), so end-of-stream errors name the line after the last. */
function endLine(text: string): number {
  return text.split('\n').length;
}

/** go-yaml's sentence for an error of the `yaml` package, with go-yaml's line number. */
export function goYamlError(err: YamlLibError, text: string): string {
  const line = lineOf(text, err.pos[0]);
  const msg = err.message;
  const lines = text.split('\n');
  switch (err.code) {
    case 'MISSING_CHAR':
      if (/Implicit map keys/.test(msg)) return `line ${nextContentLine(lines, line) ?? endLine(text)}: could not find expected ':'`;
      return `line ${endLine(text)}: found unexpected end of stream`;
    case 'BAD_DQ_ESCAPE':
      return `line ${line}: found unknown escape character`;
    case 'TAB_AS_INDENT':
      return `line ${line}: found character that cannot start any token`;
    case 'BAD_INDENT':
      if (/^Flow (sequence|map)/.test(msg)) {
        const open = openingFlowLine(lines, line);
        const next = nextContentLine(lines, open);
        const reported = next !== undefined ? next - 1 : lines.length - 1;
        if (/,\s*(#.*)?$/.test(lines[(next ?? lines.length) - 2] ?? '')) return `line ${reported}: did not find expected node content`;
        return `line ${reported}: did not find expected ',' or '${msg.startsWith('Flow map') ? '}' : ']'}'`;
      }
      return indentError(text, line, err);
    case 'MULTILINE_IMPLICIT_KEY':
    case 'BLOCK_AS_IMPLICIT_KEY':
      return implicitKeyError(lines, line) ?? indentError(text, line, err);
    case 'UNEXPECTED_TOKEN':
    case 'BAD_SCALAR_START':
      return indentError(text, line, err);
    default:
      return `line ${line}: ${msg.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '')}`;
  }
}

/** The unresolved-alias sentence of go-yaml. */
export function goYamlAliasError(msg: string): string | undefined {
  const m = /Unresolved alias[^:]*: (.*)$/.exec(msg);
  return m ? `unknown anchor '${m[1]}' referenced` : undefined;
}

const MAPPING_COLON = /^(?:- +)*(?:"[^"]*"|'[^']*'|[^\s#'"][^#]*?):(?:\s|$)/;

function hasMappingColon(line: string): boolean {
  return MAPPING_COLON.test(line.trim());
}

function nextContentLine(lines: string[], after: number): number | undefined {
  for (let i = after; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t !== '' && !t.startsWith('#')) return i + 1;
  }
  return undefined;
}

/** The line whose `[` or `{` is never closed. */
function openingFlowLine(lines: string[], from: number): number {
  for (let i = Math.min(from, lines.length) - 1; i >= 0; i--) {
    const l = lines[i]!.replace(/"[^"]*"|'[^']*'/g, '');
    if ((l.match(/[[{]/g)?.length ?? 0) > (l.match(/[\]}]/g)?.length ?? 0)) return i + 1;
  }
  return from;
}

/**
 * A plain scalar that runs into the next line. If that line has a `key:`, go-yaml meets its ':' inside
 * the scalar ("mapping values are not allowed in this context", on the line of the ':'); a key without
 * ':' among siblings is "could not find expected ':'" at the next token.
 */
function implicitKeyError(lines: string[], line: number): string | undefined {
  const indentOf = (s: string) => /^ */.exec(s)![0].length;
  const cur = lines[line - 1] ?? '';
  let prev = '';
  for (let i = line - 2; i >= 0; i--) {
    const t = lines[i]!;
    if (t.trim() !== '' && !t.trim().startsWith('#')) {
      prev = t;
      break;
    }
  }
  // A sequence entry where the mapping around it expects its next key.
  const mappingSibling = prev !== '' && indentOf(prev) === indentOf(cur) && hasMappingColon(prev) && !prev.trimEnd().endsWith(':') && !prev.trim().startsWith('-');
  if (/^- |^-$/.test(cur.trim()) && mappingSibling) return `line ${Math.max(1, line - 1)}: did not find expected key`;
  if (!hasMappingColon(cur)) {
    const sibling = prev !== '' && indentOf(prev) === indentOf(cur) && hasMappingColon(prev) && !prev.trimEnd().endsWith(':');
    if (sibling) return `line ${nextContentLine(lines, line) ?? lines.length}: could not find expected ':'`;
  }
  for (let i = line; i < lines.length; i++) {
    const t = lines[i]!;
    if (t.trim() === '' || t.trim().startsWith('#')) continue;
    if (hasMappingColon(t)) return `line ${i + 1}: mapping values are not allowed in this context`;
  }
  return undefined;
}
/**
 * Indentation mistakes. go-yaml reports a key or entry that does not line up as "did not find expected
 * key" (or "'-' indicator") on the line before it, and a `key: value` that continues a scalar as
 * "mapping values are not allowed in this context" on its own line.
 */
function indentError(text: string, line: number, err: YamlLibError): string {
  const lines = text.split('\n');
  const cur = lines[line - 1] ?? '';
  const prev = previousContentLine(lines, line - 1);
  const indentOf = (s: string) => /^ */.exec(s)![0].length;
  const curIndent = indentOf(cur);
  const body = cur.trim();
  // A `key:` deeper than the line before, which ended in a scalar: the scalar runs on and meets a ':'.
  if (prev && curIndent > indentOf(prev.text) && !prev.text.trimEnd().endsWith(':') && /^[^\s#-][^:]*:(\s|$)/.test(body)) {
    return `line ${line}: mapping values are not allowed in this context`;
  }
  if (prev && /^-( |$)/.test(body) && !prev.text.trim().startsWith('-') && curIndent <= indentOf(prev.text) && !prev.text.trimEnd().endsWith(':')) {
    return `line ${line - 1}: did not find expected key`;
  }
  if (prev && !/^-( |$)/.test(body) && prev.text.trim().startsWith('- ') && curIndent === indentOf(prev.text) && /^[^\s#-][^:]*:(\s|$)/.test(body)) {
    return `line ${line - 1}: did not find expected '-' indicator`;
  }
  // A plain scalar continued by a line that is not a key: go-yaml looks for the ':' of a simple key.
  if (err.code === 'MULTILINE_IMPLICIT_KEY' && !/:(\s|$)/.test(body)) return `line ${line + 1}: could not find expected ':'`;
  if (/:(\s|$)/.test(cur.replace(/"[^"]*"|'[^']*'/g, '""')) && err.code === 'BLOCK_AS_IMPLICIT_KEY') return `line ${line}: mapping values are not allowed in this context`;
  return `line ${Math.max(1, line - 1)}: did not find expected key`;
}

function previousContentLine(lines: string[], before: number): { text: string; index: number } | undefined {
  for (let i = before - 1; i >= 0; i--) {
    const t = lines[i]!;
    if (t.trim() !== '' && !t.trim().startsWith('#')) return { text: t, index: i };
  }
  return undefined;
}
