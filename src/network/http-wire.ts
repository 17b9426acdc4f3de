/**
 * HTTP/1.1 on a real byte stream, for traffic that enters the simulated network from the host through
 * port-forward: the bytes a real client (curl, a browser) sends are parsed into the simulated network's
 * HttpRequest, and the simulated application's HttpResponse is written back as bytes. Keep-alive,
 * pipelining, HEAD, Content-Length and chunked bodies are handled; anything that is not HTTP gets the
 * 400 a real server gives before it closes the connection.
 */
import type { HttpRequest, HttpResponse } from './contracts.js';

/** Largest request head and body accepted (a real server refuses larger ones too). */
const MAX_HEAD = 64 * 1024;
const MAX_BODY = 8 * 1024 * 1024;

/** A request as read off the wire, before the network layer adds who sent it. */
export type WireRequest = Omit<HttpRequest, 'clientIP' | 'scheme'> & { keepAlive: boolean };

type Parsed =
  | { kind: 'request'; request: WireRequest; rest: Buffer }
  /** `expectsContinue`: the head is complete and the client waits for `100 Continue` before the body. */
  | { kind: 'incomplete'; expectsContinue?: boolean }
  | { kind: 'bad'; status: 400 | 413 | 431 };

function headerEnd(buf: Buffer): { at: number; length: number } | undefined {
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  if (crlf < 0 && lf < 0) return undefined;
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, length: 4 };
  return { at: lf, length: 2 };
}

/** A chunked body: the decoded bytes and where it ends, or undefined while incomplete. */
function chunkedBody(buf: Buffer): { body: Buffer; end: number } | 'bad' | undefined {
  const parts: Buffer[] = [];
  let pos = 0;
  let total = 0;
  for (;;) {
    const eol = buf.indexOf('\n', pos);
    if (eol < 0) return undefined;
    const size = parseInt(buf.subarray(pos, eol).toString('latin1').split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size) || size < 0) return 'bad';
    pos = eol + 1;
    if (size === 0) {
      // Trailers, then an empty line.
      for (;;) {
        const end = buf.indexOf('\n', pos);
        if (end < 0) return undefined;
        const line = buf.subarray(pos, end).toString('latin1').replace(/\r$/, '');
        pos = end + 1;
        if (line === '') return { body: Buffer.concat(parts), end: pos };
      }
    }
    total += size;
    if (total > MAX_BODY) return 'bad';
    if (buf.length < pos + size + 1) return undefined;
    parts.push(buf.subarray(pos, pos + size));
    pos += size;
    if (buf[pos] === 0x0d) pos++;
    if (buf[pos] !== 0x0a) return buf.length <= pos ? undefined : 'bad';
    pos++;
  }
}

/** Parse one request from the start of `buf`. */
export function parseRequest(buf: Buffer): Parsed {
  const end = headerEnd(buf);
  if (!end) return buf.length > MAX_HEAD ? { kind: 'bad', status: 431 } : { kind: 'incomplete' };
  const lines = buf.subarray(0, end.at).toString('latin1').split(/\r?\n/);
  const m = /^([A-Z]+) (\S+) HTTP\/(1\.[01])$/.exec(lines[0] ?? '');
  if (!m) return { kind: 'bad', status: 400 };
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return { kind: 'bad', status: 400 };
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  const get = (name: string) => Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  const connection = (get('connection') ?? '').toLowerCase();
  const keepAlive = m[3] === '1.1' ? connection !== 'close' : connection === 'keep-alive';
  let rest: Buffer = buf.subarray(end.at + end.length);
  let body: Buffer = Buffer.alloc(0);
  const expectsContinue = (get('expect') ?? '').toLowerCase() === '100-continue';
  if ((get('transfer-encoding') ?? '').toLowerCase().includes('chunked')) {
    const chunked = chunkedBody(rest);
    if (chunked === 'bad') return { kind: 'bad', status: 400 };
    if (!chunked) return { kind: 'incomplete', expectsContinue };
    body = chunked.body;
    rest = rest.subarray(chunked.end);
  } else {
    const length = get('content-length');
    if (length !== undefined) {
      if (!/^\d+$/.test(length)) return { kind: 'bad', status: 400 };
      const n = Number(length);
      if (n > MAX_BODY) return { kind: 'bad', status: 413 };
      if (rest.length < n) return { kind: 'incomplete', expectsContinue };
      body = rest.subarray(0, n);
      rest = rest.subarray(n);
    }
  }
  return { kind: 'request', request: { method: m[1]!, path: m[2]!, headers, body: body.length ? body.toString('utf8') : undefined, keepAlive }, rest };
}

/** The response's bytes: the application's status line and headers, its body framed as they declare. */
export function responseBytes(res: HttpResponse, method: string): Buffer {
  const body = Buffer.from(res.body, 'utf8');
  const headers = res.headers.filter(([k]) => k.toLowerCase() !== 'content-length');
  const chunked = headers.some(([k, v]) => k.toLowerCase() === 'transfer-encoding' && v.toLowerCase().includes('chunked'));
  // The catalogue's header lists are what curl shows; the length is always the body's real byte count.
  if (!chunked) headers.push(['Content-Length', String(body.length)]);
  const head = Buffer.from(`HTTP/1.1 ${res.status} ${res.statusText}\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`, 'latin1');
  if (method === 'HEAD' || res.status === 204 || res.status === 304) return head;
  if (!chunked) return Buffer.concat([head, body]);
  const chunk = body.length ? Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n')]) : Buffer.alloc(0);
  return Buffer.concat([head, chunk, Buffer.from('0\r\n\r\n')]);
}

const BAD_TEXT: Record<number, string> = { 400: 'Bad Request', 413: 'Request Entity Too Large', 431: 'Request Header Fields Too Large' };

/** What the application makes of one request: its response, or `closed` when nothing listens any more. */
export type Answer = HttpResponse | 'closed';

/** Where a connection's bytes go back to the client. */
export interface ByteSink {
  write(data: Buffer): void;
  /** Close the sending side (the client sees the end of the stream). */
  end(): void;
}

/**
 * One client connection speaking HTTP to a simulated application: feed it the client's bytes with
 * `data`, tell it the client finished sending with `end`. Requests are answered in order as each one
 * is complete; the connection ends after a response when either side asked for close.
 */
export class HttpConnection {
  private buffered: Buffer = Buffer.alloc(0);
  private done = false;
  /** `100 Continue` was sent for the request being read (curl waits for it before a large body). */
  private continued = false;
  constructor(
    private readonly sink: ByteSink,
    private readonly answer: (req: WireRequest) => Answer,
  ) {}

  data(chunk: Buffer): void {
    if (this.done) return;
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    while (!this.done) {
      const parsed = parseRequest(this.buffered);
      if (parsed.kind === 'incomplete') {
        if (parsed.expectsContinue && !this.continued) {
          this.continued = true;
          this.sink.write(Buffer.from('HTTP/1.1 100 Continue\r\n\r\n'));
        }
        return;
      }
      if (parsed.kind === 'bad') {
        this.sink.write(Buffer.from(`HTTP/1.1 ${parsed.status} ${BAD_TEXT[parsed.status]}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${parsed.status} ${BAD_TEXT[parsed.status]}`));
        return this.close();
      }
      this.buffered = parsed.rest;
      this.continued = false;
      const res = this.answer(parsed.request);
      if (res === 'closed') return this.close();
      this.sink.write(responseBytes(res, parsed.request.method));
      const closes = res.headers.some(([k, v]) => k.toLowerCase() === 'connection' && v.toLowerCase() === 'close');
      if (!parsed.request.keepAlive || closes) return this.close();
    }
  }

  /** The client will send nothing more: once its complete requests are answered, the connection ends. */
  end(): void {
    this.close();
  }

  private close(): void {
    if (this.done) return;
    this.done = true;
    this.buffered = Buffer.alloc(0);
    this.sink.end();
  }
}
