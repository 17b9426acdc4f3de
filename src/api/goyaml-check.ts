/**
 * A checker that follows go-yaml's (yaml.v2, libyaml's design) scanner and parser closely enough to
 * find the FIRST syntax error of a YAML document where go-yaml finds it, with go-yaml's wording and
 * line number. It builds no values (the `yaml` package does that for valid documents); it only walks
 * tokens and parser states: indentation stack, simple keys, block/flow collections, scalars.
 *
 * Line numbers as go-yaml prints them: scanner errors name the 1-based line of the position where the
 * problem was seen; parser errors name the 0-based line of the offending token (one less), and when
 * that is 0 the context's line is used, and when that is 0 too there is no `line N:` at all.
 */

interface Mark {
  index: number;
  line: number;
  column: number;
}

type TokenType =
  | 'STREAM-START' | 'STREAM-END' | 'DOCUMENT-START' | 'DOCUMENT-END' | 'BLOCK-SEQUENCE-START' | 'BLOCK-MAPPING-START'
  | 'BLOCK-END' | 'FLOW-SEQUENCE-START' | 'FLOW-SEQUENCE-END' | 'FLOW-MAPPING-START' | 'FLOW-MAPPING-END' | 'BLOCK-ENTRY'
  | 'FLOW-ENTRY' | 'KEY' | 'VALUE' | 'ALIAS' | 'ANCHOR' | 'TAG' | 'SCALAR' | 'DIRECTIVE';

interface Token {
  type: TokenType;
  start: Mark;
  /** Anchor or alias name. */
  value?: string;
}

interface SimpleKey {
  possible: boolean;
  required: boolean;
  tokenNumber: number;
  mark: Mark;
}

/** A go-yaml error: where and what, before formatting. */
class YamlSyntaxError extends Error {
  constructor(
    readonly scanner: boolean,
    readonly problemLine: number,
    readonly contextLine: number,
    problem: string,
  ) {
    super(problem);
  }
}

const BLANK = (c: string | undefined) => c === ' ' || c === '\t';
const BREAK = (c: string | undefined) => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const Z = (c: string | undefined) => c === undefined || c === '\0';
const BLANKZ = (c: string | undefined) => BLANK(c) || BREAK(c) || Z(c);
const ALPHA = (c: string | undefined) => c !== undefined && /[0-9A-Za-z_-]/.test(c);
const HEX = (c: string | undefined) => c !== undefined && /[0-9A-Fa-f]/.test(c);

class Scanner {
  private pos = 0;
  private mark: Mark = { index: 0, line: 0, column: 0 };
  private tokens: Token[] = [];
  private head = 0;
  private tokensParsed = 0;
  private flowLevel = 0;
  private indent = -1;
  private indents: number[] = [];
  private simpleKeyAllowed = false;
  private simpleKeys: SimpleKey[] = [];
  private streamStartProduced = false;
  private streamEndProduced = false;

  constructor(private readonly text: string) {}

  private ch(offset = 0): string | undefined {
    return this.text[this.pos + offset];
  }

  private skip(): void {
    const c = this.text[this.pos];
    this.pos++;
    this.mark.index++;
    if (c === '\n' || (c === '\r' && this.text[this.pos] !== '\n') || c === '\u0085' || c === '\u2028' || c === '\u2029') {
      this.mark.line++;
      this.mark.column = 0;
    } else this.mark.column++;
  }

  private skipLine(): void {
    if (this.ch() === '\r' && this.ch(1) === '\n') {
      this.skip();
    }
    this.skip();
  }

  private here(): Mark {
    return { ...this.mark };
  }

  private scannerError(context: Mark | undefined, problem: string): never {
    throw new YamlSyntaxError(true, this.mark.line, context?.line ?? 0, problem);
  }

  /** The next token without consuming it. */
  peek(): Token {
    this.fetchMoreTokens();
    return this.tokens[this.head]!;
  }

  next(): void {
    this.fetchMoreTokens();
    this.head++;
    this.tokensParsed++;
    if (this.tokens[this.head - 1]!.type === 'STREAM-END') this.streamEndProduced = true;
  }

  private fetchMoreTokens(): void {
    for (;;) {
      let need = false;
      if (this.head === this.tokens.length) need = true;
      else {
        this.staleSimpleKeys();
        for (const k of this.simpleKeys) {
          if (k.possible && k.tokenNumber === this.tokensParsed) {
            need = true;
            break;
          }
        }
      }
      if (!need) return;
      this.fetchNextToken();
    }
  }

  private append(type: TokenType, start: Mark): void {
    this.tokens.push({ type, start });
  }

  private insert(at: number, type: TokenType, start: Mark): void {
    this.tokens.splice(this.head + at, 0, { type, start });
  }

  private fetchNextToken(): void {
    if (this.streamEndProduced) return;
    if (!this.streamStartProduced) {
      this.indent = -1;
      this.simpleKeyAllowed = true;
      this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: this.here() });
      this.streamStartProduced = true;
      this.append('STREAM-START', this.here());
      return;
    }
    this.scanToNextToken();
    this.staleSimpleKeys();
    this.unrollIndent(this.mark.column);
    const c = this.ch();
    if (Z(c)) return this.fetchStreamEnd();
    if (this.mark.column === 0) {
      if (c === '%') return this.fetchDirective();
      if (c === '-' && this.ch(1) === '-' && this.ch(2) === '-' && BLANKZ(this.ch(3))) return this.fetchDocumentIndicator('DOCUMENT-START');
      if (c === '.' && this.ch(1) === '.' && this.ch(2) === '.' && BLANKZ(this.ch(3))) return this.fetchDocumentIndicator('DOCUMENT-END');
    }
    if (c === '[') return this.fetchFlowCollectionStart('FLOW-SEQUENCE-START');
    if (c === '{') return this.fetchFlowCollectionStart('FLOW-MAPPING-START');
    if (c === ']') return this.fetchFlowCollectionEnd('FLOW-SEQUENCE-END');
    if (c === '}') return this.fetchFlowCollectionEnd('FLOW-MAPPING-END');
    if (c === ',') return this.fetchFlowEntry();
    if (c === '-' && BLANKZ(this.ch(1))) return this.fetchBlockEntry();
    if (c === '?' && (this.flowLevel > 0 || BLANKZ(this.ch(1)))) return this.fetchKey();
    if (c === ':' && (this.flowLevel > 0 || BLANKZ(this.ch(1)))) return this.fetchValue();
    if (c === '*') return this.fetchAnchor('ALIAS');
    if (c === '&') return this.fetchAnchor('ANCHOR');
    if (c === '!') return this.fetchTag();
    if ((c === '|' || c === '>') && this.flowLevel === 0) return this.fetchBlockScalar();
    if (c === "'" || c === '"') return this.fetchFlowScalar(c === '"');
    const indicator = '-?:,[]{}#&*!|>\'"%@`'.includes(c!);
    if (
      !(BLANKZ(c) || indicator) ||
      (c === '-' && !BLANK(this.ch(1))) ||
      (this.flowLevel === 0 && (c === '?' || c === ':') && !BLANKZ(this.ch(1)))
    ) {
      return this.fetchPlainScalar();
    }
    this.scannerError(this.here(), 'found character that cannot start any token');
  }

  private staleSimpleKeys(): void {
    for (const k of this.simpleKeys) {
      if (k.possible && (k.mark.line < this.mark.line || k.mark.index + 1024 < this.mark.index)) {
        if (k.required) this.scannerError(k.mark, "could not find expected ':'");
        k.possible = false;
      }
    }
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.mark.column;
    if (this.simpleKeyAllowed) {
      const key: SimpleKey = { possible: true, required, tokenNumber: this.tokensParsed + (this.tokens.length - this.head), mark: this.here() };
      this.removeSimpleKey();
      this.simpleKeys[this.simpleKeys.length - 1] = key;
    }
  }

  private removeSimpleKey(): void {
    const k = this.simpleKeys[this.simpleKeys.length - 1]!;
    if (k.possible && k.required) this.scannerError(k.mark, "could not find expected ':'");
    k.possible = false;
  }

  private rollIndent(column: number, number: number, type: TokenType, mark: Mark): void {
    if (this.flowLevel > 0) return;
    if (this.indent < column) {
      this.indents.push(this.indent);
      this.indent = column;
      // go-yaml's limit on block nesting (as on flow nesting): '- - - ... a' 12,000 deep on one line
      // otherwise reached the yaml library's recursion and printed JavaScript's "Maximum call stack size exceeded".
      if (this.indents.length > 10000) this.scannerError(undefined, 'exceeded max depth of 10000');
      if (number === -1) this.append(type, mark);
      else this.insert(number - this.tokensParsed, type, mark);
    }
  }

  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      this.append('BLOCK-END', this.here());
      this.indent = this.indents.pop()!;
    }
  }

  private fetchStreamEnd(): void {
    if (this.mark.column !== 0) {
      this.mark.column = 0;
      this.mark.line++;
    }
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.append('STREAM-END', this.here());
  }

  private fetchDirective(): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const start = this.here();
    while (!BREAK(this.ch()) && !Z(this.ch())) this.skip();
    this.append('DIRECTIVE', start);
  }

  private fetchDocumentIndicator(type: TokenType): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const start = this.here();
    this.skip();
    this.skip();
    this.skip();
    this.append(type, start);
  }

  private fetchFlowCollectionStart(type: TokenType): void {
    this.saveSimpleKey();
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: this.here() });
    this.flowLevel++;
    if (this.flowLevel > 10000) this.scannerError(undefined, 'exceeded max depth of 10000');
    this.simpleKeyAllowed = true;
    const start = this.here();
    this.skip();
    this.append(type, start);
  }

  private fetchFlowCollectionEnd(type: TokenType): void {
    this.removeSimpleKey();
    if (this.flowLevel > 0) {
      this.flowLevel--;
      this.simpleKeys.pop();
    }
    this.simpleKeyAllowed = false;
    const start = this.here();
    this.skip();
    this.append(type, start);
  }

  private fetchFlowEntry(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = this.here();
    this.skip();
    this.append('FLOW-ENTRY', start);
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.scannerError(undefined, 'block sequence entries are not allowed in this context');
      this.rollIndent(this.mark.column, -1, 'BLOCK-SEQUENCE-START', this.here());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = this.here();
    this.skip();
    this.append('BLOCK-ENTRY', start);
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.scannerError(undefined, 'mapping keys are not allowed in this context');
      this.rollIndent(this.mark.column, -1, 'BLOCK-MAPPING-START', this.here());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = this.flowLevel === 0;
    const start = this.here();
    this.skip();
    this.append('KEY', start);
  }

  private fetchValue(): void {
    const k = this.simpleKeys[this.simpleKeys.length - 1]!;
    if (k.possible) {
      this.insert(k.tokenNumber - this.tokensParsed, 'KEY', k.mark);
      this.rollIndent(k.mark.column, k.tokenNumber, 'BLOCK-MAPPING-START', k.mark);
      k.possible = false;
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.scannerError(undefined, 'mapping values are not allowed in this context');
        this.rollIndent(this.mark.column, -1, 'BLOCK-MAPPING-START', this.here());
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    const start = this.here();
    this.skip();
    this.append('VALUE', start);
  }

  private fetchAnchor(type: 'ALIAS' | 'ANCHOR'): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    const start = this.here();
    this.skip();
    let n = 0;
    while (ALPHA(this.ch())) {
      this.skip();
      n++;
    }
    const c = this.ch();
    if (!n || !(BLANKZ(c) || '?:,]}%@`'.includes(c!))) {
      this.scannerError(start, 'did not find expected alphabetic or numeric character');
    }
    this.tokens.push({ type, start, value: this.text.slice(start.index + 1, this.mark.index) });
  }

  private fetchTag(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    const start = this.here();
    while (!BLANKZ(this.ch())) this.skip();
    this.append('TAG', start);
  }

  private fetchBlockScalar(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = this.here();
    this.skip();
    let increment = 0;
    const c = this.ch();
    if (c === '+' || c === '-') {
      this.skip();
      if (this.ch() !== undefined && /[0-9]/.test(this.ch()!)) {
        if (this.ch() === '0') this.scannerError(start, 'found an indentation indicator equal to 0');
        increment = Number(this.ch());
        this.skip();
      }
    } else if (c !== undefined && /[0-9]/.test(c)) {
      if (c === '0') this.scannerError(start, 'found an indentation indicator equal to 0');
      increment = Number(c);
      this.skip();
      if (this.ch() === '+' || this.ch() === '-') this.skip();
    }
    while (BLANK(this.ch())) this.skip();
    if (this.ch() === '#') while (!BREAK(this.ch()) && !Z(this.ch())) this.skip();
    if (!BREAK(this.ch()) && !Z(this.ch())) this.scannerError(start, 'did not find expected comment or line break');
    if (BREAK(this.ch())) this.skipLine();
    let indent = 0;
    if (increment) indent = this.indent >= 0 ? this.indent + increment : increment;
    indent = this.blockScalarBreaks(indent, start);
    while (this.mark.column === indent && !Z(this.ch())) {
      while (!BREAK(this.ch()) && !Z(this.ch())) this.skip();
      if (Z(this.ch())) break;
      this.skipLine();
      indent = this.blockScalarBreaks(indent, start);
    }
    this.append('SCALAR', start);
  }

  private blockScalarBreaks(indent: number, start: Mark): number {
    let maxIndent = 0;
    for (;;) {
      while ((indent === 0 || this.mark.column < indent) && this.ch() === ' ') this.skip();
      if (this.mark.column > maxIndent) maxIndent = this.mark.column;
      if ((indent === 0 || this.mark.column < indent) && this.ch() === '\t') {
        this.scannerError(start, 'found a tab character where an indentation space is expected');
      }
      if (!BREAK(this.ch())) break;
      this.skipLine();
    }
    if (indent === 0) {
      indent = maxIndent;
      if (indent < this.indent + 1) indent = this.indent + 1;
      if (indent < 1) indent = 1;
    }
    return indent;
  }

  private fetchFlowScalar(double: boolean): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    const start = this.here();
    this.skip();
    for (;;) {
      if (
        this.mark.column === 0 &&
        ((this.ch() === '-' && this.ch(1) === '-' && this.ch(2) === '-') || (this.ch() === '.' && this.ch(1) === '.' && this.ch(2) === '.')) &&
        BLANKZ(this.ch(3))
      ) {
        this.scannerError(start, 'found unexpected document indicator');
      }
      if (Z(this.ch())) this.scannerError(start, 'found unexpected end of stream');
      let ended = false;
      while (!BLANKZ(this.ch())) {
        const c = this.ch();
        if (!double && c === "'" && this.ch(1) === "'") {
          this.skip();
          this.skip();
        } else if (c === (double ? '"' : "'")) {
          ended = true;
          break;
        } else if (double && c === '\\' && BREAK(this.ch(1))) {
          this.skip();
          this.skipLine();
          break;
        } else if (double && c === '\\') {
          const e = this.ch(1);
          const len = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
          if (!len && !'0abt\tnvfre /"\\N_LP'.includes(e ?? '#')) this.scannerError(start, 'found unknown escape character');
          this.skip();
          this.skip();
          for (let k = 0; k < len; k++) {
            if (!HEX(this.ch())) this.scannerError(start, 'did not find expected hexdecimal number');
            this.skip();
          }
        } else this.skip();
      }
      if (ended || this.ch() === (double ? '"' : "'")) break;
      while (BLANK(this.ch()) || BREAK(this.ch())) {
        if (BLANK(this.ch())) this.skip();
        else this.skipLine();
      }
    }
    this.skip();
    this.append('SCALAR', start);
  }

  private fetchPlainScalar(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    const start = this.here();
    const indent = this.indent + 1;
    let leadingBlanks = false;
    for (;;) {
      if (
        this.mark.column === 0 &&
        ((this.ch() === '-' && this.ch(1) === '-' && this.ch(2) === '-') || (this.ch() === '.' && this.ch(1) === '.' && this.ch(2) === '.')) &&
        BLANKZ(this.ch(3))
      ) {
        break;
      }
      if (this.ch() === '#') break;
      while (!BLANKZ(this.ch())) {
        const c = this.ch();
        if ((c === ':' && BLANKZ(this.ch(1))) || (this.flowLevel > 0 && ',?[]{}'.includes(c!))) break;
        // Text after a line break joins the scalar: the break no longer allows a simple key.
        leadingBlanks = false;
        this.skip();
      }
      if (!(BLANK(this.ch()) || BREAK(this.ch()))) break;
      while (BLANK(this.ch()) || BREAK(this.ch())) {
        if (BLANK(this.ch())) {
          if (leadingBlanks && this.mark.column < indent && this.ch() === '\t') {
            this.scannerError(start, 'found a tab character that violates indentation');
          }
          this.skip();
        } else {
          this.skipLine();
          leadingBlanks = true;
        }
      }
      if (this.flowLevel === 0 && this.mark.column < indent) break;
    }
    this.append('SCALAR', start);
    if (leadingBlanks) this.simpleKeyAllowed = true;
  }

  private scanToNextToken(): void {
    for (;;) {
      if (this.mark.index === 0 && this.ch() === '\ufeff') this.skip();
      while (this.ch() === ' ' || ((this.flowLevel > 0 || !this.simpleKeyAllowed) && this.ch() === '\t')) this.skip();
      if (this.ch() === '#') while (!BREAK(this.ch()) && !Z(this.ch())) this.skip();
      if (BREAK(this.ch())) {
        this.skipLine();
        if (this.flowLevel === 0) this.simpleKeyAllowed = true;
      } else break;
    }
  }
}

type State =
  | 'STREAM_START' | 'IMPLICIT_DOCUMENT_START' | 'DOCUMENT_START' | 'DOCUMENT_CONTENT' | 'DOCUMENT_END' | 'BLOCK_NODE'
  | 'BLOCK_SEQUENCE_FIRST_ENTRY' | 'BLOCK_SEQUENCE_ENTRY' | 'INDENTLESS_SEQUENCE_ENTRY' | 'BLOCK_MAPPING_FIRST_KEY'
  | 'BLOCK_MAPPING_KEY' | 'BLOCK_MAPPING_VALUE' | 'FLOW_SEQUENCE_FIRST_ENTRY' | 'FLOW_SEQUENCE_ENTRY'
  | 'FLOW_SEQUENCE_ENTRY_MAPPING_KEY' | 'FLOW_SEQUENCE_ENTRY_MAPPING_VALUE' | 'FLOW_SEQUENCE_ENTRY_MAPPING_END'
  | 'FLOW_MAPPING_FIRST_KEY' | 'FLOW_MAPPING_KEY' | 'FLOW_MAPPING_VALUE' | 'FLOW_MAPPING_EMPTY_VALUE' | 'END';

/** libyaml's parser state machine, producing no events: it only finds errors. */
class Parser {
  private state: State = 'STREAM_START';
  private states: State[] = [];
  private marks: Mark[] = [];
  private documents = 0;
  private readonly anchors = new Set<string>();

  constructor(private readonly s: Scanner) {}

  private parserError(problem: string, token: Token, context?: Mark): never {
    throw new YamlSyntaxError(false, token.start.line, context?.line ?? 0, problem);
  }

  /** Parse the first document (yaml.v2's Unmarshal reads one) and the token after it. */
  run(): void {
    for (let steps = 0; this.state !== 'END'; steps++) {
      if (this.documents > 1) return;
      this.step();
    }
  }

  private pop(): void {
    this.state = this.states.pop() ?? 'END';
  }

  private step(): void {
    const t = this.s.peek();
    switch (this.state) {
      case 'STREAM_START':
        this.s.next();
        this.state = 'IMPLICIT_DOCUMENT_START';
        return;
      case 'IMPLICIT_DOCUMENT_START':
      case 'DOCUMENT_START': {
        const implicit = this.state === 'IMPLICIT_DOCUMENT_START';
        let tok = t;
        if (!implicit) {
          while (tok.type === 'DOCUMENT-END') {
            this.s.next();
            tok = this.s.peek();
          }
        }
        if (implicit && tok.type !== 'DIRECTIVE' && tok.type !== 'DOCUMENT-START' && tok.type !== 'STREAM-END') {
          this.documents++;
          this.states.push('DOCUMENT_END');
          this.state = 'BLOCK_NODE';
          return;
        }
        if (tok.type !== 'STREAM-END') {
          while (tok.type === 'DIRECTIVE') {
            this.s.next();
            tok = this.s.peek();
          }
          if (tok.type !== 'DOCUMENT-START') this.parserError('did not find expected <document start>', tok);
          this.documents++;
          this.states.push('DOCUMENT_END');
          this.state = 'DOCUMENT_CONTENT';
          this.s.next();
          return;
        }
        this.state = 'END';
        this.s.next();
        return;
      }
      case 'DOCUMENT_CONTENT':
        if (['DIRECTIVE', 'DOCUMENT-START', 'DOCUMENT-END', 'STREAM-END'].includes(t.type)) {
          this.pop();
          return;
        }
        return this.parseNode(true, false);
      case 'DOCUMENT_END':
        // yaml.v2's Unmarshal reads one document: parsing stops at its end (after peeking the next token).
        if (t.type === 'DOCUMENT-END') this.s.next();
        this.state = 'END';
        return;
      case 'BLOCK_NODE':
        return this.parseNode(true, false);
      case 'BLOCK_SEQUENCE_FIRST_ENTRY':
        this.marks.push(t.start);
        this.s.next();
        this.state = 'BLOCK_SEQUENCE_ENTRY';
        return;
      case 'BLOCK_SEQUENCE_ENTRY': {
        if (t.type === 'BLOCK-ENTRY') {
          this.s.next();
          const n = this.s.peek();
          if (n.type !== 'BLOCK-ENTRY' && n.type !== 'BLOCK-END') {
            this.states.push('BLOCK_SEQUENCE_ENTRY');
            return this.parseNode(true, false);
          }
          this.state = 'BLOCK_SEQUENCE_ENTRY';
          return;
        }
        if (t.type === 'BLOCK-END') {
          this.pop();
          this.marks.pop();
          this.s.next();
          return;
        }
        return this.parserError("did not find expected '-' indicator", t, this.marks[this.marks.length - 1]);
      }
      case 'INDENTLESS_SEQUENCE_ENTRY': {
        if (t.type === 'BLOCK-ENTRY') {
          this.s.next();
          const n = this.s.peek();
          if (!['BLOCK-ENTRY', 'KEY', 'VALUE', 'BLOCK-END'].includes(n.type)) {
            this.states.push('INDENTLESS_SEQUENCE_ENTRY');
            return this.parseNode(true, false);
          }
          this.state = 'INDENTLESS_SEQUENCE_ENTRY';
          return;
        }
        this.pop();
        return;
      }
      case 'BLOCK_MAPPING_FIRST_KEY':
        this.marks.push(t.start);
        this.s.next();
        this.state = 'BLOCK_MAPPING_KEY';
        return;
      case 'BLOCK_MAPPING_KEY': {
        if (t.type === 'KEY') {
          this.s.next();
          const n = this.s.peek();
          if (!['KEY', 'VALUE', 'BLOCK-END'].includes(n.type)) {
            this.states.push('BLOCK_MAPPING_VALUE');
            return this.parseNode(true, true);
          }
          this.state = 'BLOCK_MAPPING_VALUE';
          return;
        }
        if (t.type === 'BLOCK-END') {
          this.pop();
          this.marks.pop();
          this.s.next();
          return;
        }
        return this.parserError('did not find expected key', t, this.marks[this.marks.length - 1]);
      }
      case 'BLOCK_MAPPING_VALUE': {
        if (t.type === 'VALUE') {
          this.s.next();
          const n = this.s.peek();
          if (!['KEY', 'VALUE', 'BLOCK-END'].includes(n.type)) {
            this.states.push('BLOCK_MAPPING_KEY');
            return this.parseNode(true, true);
          }
        }
        this.state = 'BLOCK_MAPPING_KEY';
        return;
      }
      case 'FLOW_SEQUENCE_FIRST_ENTRY':
      case 'FLOW_SEQUENCE_ENTRY': {
        const first = this.state === 'FLOW_SEQUENCE_FIRST_ENTRY';
        if (first) {
          this.marks.push(t.start);
          this.s.next();
        }
        let tok = this.s.peek();
        if (tok.type !== 'FLOW-SEQUENCE-END') {
          if (!first) {
            if (tok.type === 'FLOW-ENTRY') {
              this.s.next();
              tok = this.s.peek();
            } else this.parserError("did not find expected ',' or ']'", tok, this.marks[this.marks.length - 1]);
          }
          if (tok.type === 'KEY') {
            this.state = 'FLOW_SEQUENCE_ENTRY_MAPPING_KEY';
            this.s.next();
            return;
          }
          if (tok.type !== 'FLOW-SEQUENCE-END') {
            this.states.push('FLOW_SEQUENCE_ENTRY');
            return this.parseNode(false, false);
          }
        }
        this.pop();
        this.marks.pop();
        this.s.next();
        return;
      }
      case 'FLOW_SEQUENCE_ENTRY_MAPPING_KEY':
        if (!['VALUE', 'FLOW-ENTRY', 'FLOW-SEQUENCE-END'].includes(t.type)) {
          this.states.push('FLOW_SEQUENCE_ENTRY_MAPPING_VALUE');
          return this.parseNode(false, false);
        }
        this.state = 'FLOW_SEQUENCE_ENTRY_MAPPING_VALUE';
        return;
      case 'FLOW_SEQUENCE_ENTRY_MAPPING_VALUE':
        if (t.type === 'VALUE') {
          this.s.next();
          const n = this.s.peek();
          if (n.type !== 'FLOW-ENTRY' && n.type !== 'FLOW-SEQUENCE-END') {
            this.states.push('FLOW_SEQUENCE_ENTRY_MAPPING_END');
            return this.parseNode(false, false);
          }
        }
        this.state = 'FLOW_SEQUENCE_ENTRY_MAPPING_END';
        return;
      case 'FLOW_SEQUENCE_ENTRY_MAPPING_END':
        this.state = 'FLOW_SEQUENCE_ENTRY';
        return;
      case 'FLOW_MAPPING_FIRST_KEY':
      case 'FLOW_MAPPING_KEY': {
        const first = this.state === 'FLOW_MAPPING_FIRST_KEY';
        if (first) {
          this.marks.push(t.start);
          this.s.next();
        }
        let tok = this.s.peek();
        if (tok.type !== 'FLOW-MAPPING-END') {
          if (!first) {
            if (tok.type === 'FLOW-ENTRY') {
              this.s.next();
              tok = this.s.peek();
            } else this.parserError("did not find expected ',' or '}'", tok, this.marks[this.marks.length - 1]);
          }
          if (tok.type === 'KEY') {
            this.s.next();
            const n = this.s.peek();
            if (!['VALUE', 'FLOW-ENTRY', 'FLOW-MAPPING-END'].includes(n.type)) {
              this.states.push('FLOW_MAPPING_VALUE');
              return this.parseNode(false, false);
            }
            this.state = 'FLOW_MAPPING_VALUE';
            return;
          }
          if (tok.type !== 'FLOW-MAPPING-END') {
            this.states.push('FLOW_MAPPING_EMPTY_VALUE');
            return this.parseNode(false, false);
          }
        }
        this.pop();
        this.marks.pop();
        this.s.next();
        return;
      }
      case 'FLOW_MAPPING_VALUE':
        if (t.type === 'VALUE') {
          this.s.next();
          const n = this.s.peek();
          if (n.type !== 'FLOW-ENTRY' && n.type !== 'FLOW-MAPPING-END') {
            this.states.push('FLOW_MAPPING_KEY');
            return this.parseNode(false, false);
          }
        }
        this.state = 'FLOW_MAPPING_KEY';
        return;
      case 'FLOW_MAPPING_EMPTY_VALUE':
        this.state = 'FLOW_MAPPING_KEY';
        return;
      case 'END':
        return;
    }
  }

  private parseNode(block: boolean, indentlessSequence: boolean): void {
    let t = this.s.peek();
    const start = t.start;
    if (t.type === 'ALIAS') {
      // go-yaml resolves aliases as it parses: an unknown one fails before any later syntax error.
      if (!this.anchors.has(t.value!)) throw new YamlSyntaxError(false, 0, 0, `unknown anchor '${t.value}' referenced`);
      this.pop();
      this.s.next();
      return;
    }
    let props = false;
    if (t.type === 'ANCHOR' || t.type === 'TAG') {
      props = true;
      const first = t.type;
      if (t.type === 'ANCHOR') this.anchors.add(t.value!);
      this.s.next();
      t = this.s.peek();
      if (t.type === (first === 'ANCHOR' ? 'TAG' : 'ANCHOR')) {
        if (t.type === 'ANCHOR') this.anchors.add(t.value!);
        this.s.next();
        t = this.s.peek();
      }
    }
    if (indentlessSequence && t.type === 'BLOCK-ENTRY') {
      this.state = 'INDENTLESS_SEQUENCE_ENTRY';
      return;
    }
    if (t.type === 'SCALAR') {
      this.pop();
      this.s.next();
      return;
    }
    if (t.type === 'FLOW-SEQUENCE-START') {
      this.state = 'FLOW_SEQUENCE_FIRST_ENTRY';
      return;
    }
    if (t.type === 'FLOW-MAPPING-START') {
      this.state = 'FLOW_MAPPING_FIRST_KEY';
      return;
    }
    if (block && t.type === 'BLOCK-SEQUENCE-START') {
      this.state = 'BLOCK_SEQUENCE_FIRST_ENTRY';
      return;
    }
    if (block && t.type === 'BLOCK-MAPPING-START') {
      this.state = 'BLOCK_MAPPING_FIRST_KEY';
      return;
    }
    if (props) {
      this.pop();
      return;
    }
    this.parserError('did not find expected node content', t, start);
  }
}

/** go-yaml's error text for a document (`line 4: did not find expected key`), or undefined when it parses. */
export function goYamlSyntaxError(text: string): string | undefined {
  try {
    new Parser(new Scanner(text)).run();
    return undefined;
  } catch (e) {
    if (!(e instanceof YamlSyntaxError)) throw e;
    let line = 0;
    if (e.problemLine !== 0) line = e.problemLine + (e.scanner ? 1 : 0);
    else if (e.contextLine !== 0) line = e.contextLine;
    return `${line ? `line ${line}: ` : ''}${e.message}`;
  }
}
