/**
 * The server side of SPDY/3.1 as Kubernetes streams use it (port-forward; kubectl's client is Go's
 * moby/spdystream): the client opens streams with SYN_STREAM and named headers, the server answers each
 * with SYN_REPLY, both sides send DATA frames and end their half with FIN; PING is echoed; flow control
 * frames are accepted and ignored, as spdystream does. Header blocks are zlib streams primed with the
 * protocol's dictionary, one stream per direction for the life of the connection: the client's is
 * inflated in order, ours is written as stored (uncompressed) deflate blocks, which any inflater reads.
 */
import { createInflate, constants as zlibConstants, type Inflate } from 'node:zlib';

/** Where the connection's bytes go (a socket, or a WebSocket carrying them as binary messages). */
export interface SpdyTransport {
  write(data: Buffer): void;
  close(): void;
}

const CONTROL = 0x80;
const VERSION = 3;
const SYN_STREAM = 1;
const SYN_REPLY = 2;
const RST_STREAM = 3;
const PING = 6;
const GOAWAY = 7;
const HEADERS = 8;
const FLAG_FIN = 0x01;
/** RST_STREAM status CANCEL. */
const CANCEL = 5;
/** No frame kube-sim needs is larger; a bigger one means a broken or hostile peer. */
const MAX_FRAME = 1 << 24;

/** The SPDY/3 header dictionary (draft 3, section 2.6.10.1): length-prefixed words, then a tail of text. */
const DICTIONARY = (() => {
  const words = [
    'options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset', 'accept-encoding', 'accept-language',
    'accept-ranges', 'age', 'allow', 'authorization', 'cache-control', 'connection', 'content-base', 'content-encoding',
    'content-language', 'content-length', 'content-location', 'content-md5', 'content-range', 'content-type', 'date', 'etag',
    'expect', 'expires', 'from', 'host', 'if-match', 'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since',
    'last-modified', 'location', 'max-forwards', 'pragma', 'proxy-authenticate', 'proxy-authorization', 'range', 'referer',
    'retry-after', 'server', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'vary', 'via', 'warning',
    'www-authenticate', 'method', 'get', 'status', '200 OK', 'version', 'HTTP/1.1', 'url', 'public', 'set-cookie', 'keep-alive',
    'origin',
  ];
  const tail =
    '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505' +
    '203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized403 Forbidden' +
    '404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable' +
    'Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT' +
    'chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,text/javascript,' +
    'publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.';
  return Buffer.concat([...words.map((w) => lengthPrefixed(w)), Buffer.from(tail, 'latin1')]);
})();

function lengthPrefixed(text: string): Buffer {
  const b = Buffer.alloc(4 + Buffer.byteLength(text));
  b.writeUInt32BE(Buffer.byteLength(text));
  b.write(text, 4);
  return b;
}

function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  for (const x of data) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Our direction's zlib stream: a header naming the dictionary once, then one stored block per header block. */
class StoredDeflater {
  private started = false;
  block(raw: Buffer): Buffer {
    const parts: Buffer[] = [];
    if (!this.started) {
      this.started = true;
      const head = Buffer.alloc(6);
      // CMF 0x78 (deflate, 32 KiB window), FLG 0xbb (FDICT; the check makes CMF*256+FLG a multiple of 31).
      head[0] = 0x78;
      head[1] = 0xbb;
      head.writeUInt32BE(adler32(DICTIONARY), 2);
      parts.push(head);
    }
    for (let i = 0; i === 0 || i < raw.length; i += 0xffff) {
      const piece = raw.subarray(i, i + 0xffff);
      const h = Buffer.alloc(5);
      h[0] = 0x00; // BFINAL 0, BTYPE 00 (stored), padded to the byte
      h.writeUInt16LE(piece.length, 1);
      h.writeUInt16LE(~piece.length & 0xffff, 3);
      parts.push(h, piece);
    }
    // An empty stored block ends each header block, as a sync flush does: inflaters (Go's) hand out a
    // block's data only once they have read the next block's header.
    parts.push(Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]));
    return Buffer.concat(parts);
  }
}

/** The peer's direction: one inflater fed every header block in order. */
class HeaderInflater {
  private readonly z: Inflate = createInflate({ dictionary: DICTIONARY });
  private out: Buffer[] = [];
  private failed = false;
  constructor() {
    this.z.on('data', (c: Buffer) => this.out.push(c));
    this.z.on('error', () => (this.failed = true));
  }
  inflate(block: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      if (this.failed) return reject(new Error('header block'));
      this.z.write(block);
      this.z.flush(zlibConstants.Z_SYNC_FLUSH, () => {
        const out = Buffer.concat(this.out);
        this.out = [];
        if (this.failed) reject(new Error('header block'));
        else resolve(out);
      });
    });
  }
  close(): void {
    this.z.close();
  }
}

/** A header block's name/value pairs (names are lower-case on the wire; several values are NUL-separated). */
function parseHeaderBlock(raw: Buffer): Record<string, string> {
  const headers: Record<string, string> = {};
  let pos = 0;
  const u32 = () => {
    if (pos + 4 > raw.length) throw new Error('header block');
    const v = raw.readUInt32BE(pos);
    pos += 4;
    return v;
  };
  const str = () => {
    const n = u32();
    if (pos + n > raw.length) throw new Error('header block');
    const s = raw.subarray(pos, pos + n).toString('utf8');
    pos += n;
    return s;
  };
  for (let n = u32(); n > 0; n--) {
    const name = str();
    headers[name] = str();
  }
  return headers;
}

function controlFrame(type: number, flags: number, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8000 | VERSION, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt32BE(((flags & 0xff) << 24) | body.length, 4);
  return Buffer.concat([head, body]);
}

function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(streamId & 0x7fffffff, 0);
  head.writeUInt32BE(((flags & 0xff) << 24) | data.length, 4);
  return Buffer.concat([head, data]);
}

/** One stream the client opened. */
export class SpdyStream {
  private finSent = false;
  /** The client ended its half. */
  remoteDone = false;
  /** The client's bytes on this stream. */
  onData: (data: Buffer) => void = () => undefined;
  /** The client ended its half (FIN) or reset the stream. */
  onEnd: () => void = () => undefined;
  constructor(
    private readonly conn: SpdyConnection,
    readonly id: number,
    readonly headers: Record<string, string>,
  ) {}

  write(data: Buffer): void {
    if (this.finSent) return;
    for (let i = 0; i < data.length; i += 0xffff) this.conn.send(dataFrame(this.id, 0, data.subarray(i, i + 0xffff)));
  }

  /** End our half of the stream. */
  end(): void {
    if (this.finSent) return;
    this.finSent = true;
    this.conn.send(dataFrame(this.id, FLAG_FIN, Buffer.alloc(0)));
    if (this.remoteDone) this.conn.forget(this.id);
  }

  /** Both halves are closed. */
  get finished(): boolean {
    return this.finSent && this.remoteDone;
  }

  /** Refuse or abandon the stream. */
  reset(): void {
    this.finSent = true;
    const body = Buffer.alloc(8);
    body.writeUInt32BE(this.id & 0x7fffffff, 0);
    body.writeUInt32BE(CANCEL, 4);
    this.conn.send(controlFrame(RST_STREAM, 0, body));
  }
}

/**
 * A server-side SPDY connection over a transport. `accept` is asked about each new stream: true answers
 * it with SYN_REPLY, false resets it. Frames are handled strictly in arrival order.
 */
export class SpdyConnection {
  private pending: Buffer = Buffer.alloc(0);
  private readonly streams = new Map<number, SpdyStream>();
  private readonly inflater = new HeaderInflater();
  private readonly deflater = new StoredDeflater();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  /** Called once when the connection ends, from either side. */
  onClose: () => void = () => undefined;

  constructor(
    private readonly transport: SpdyTransport,
    private readonly accept: (stream: SpdyStream) => boolean,
  ) {}

  /** Bytes from the client. */
  receive(chunk: Buffer): void {
    if (this.closed) return;
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const length = this.pending.readUInt32BE(4) & 0xffffff;
      if (length > MAX_FRAME) return this.close();
      if (this.pending.length < 8 + length) return;
      const frame = this.pending.subarray(0, 8 + length);
      this.pending = this.pending.subarray(8 + length);
      this.queue = this.queue.then(() => this.handle(frame)).catch(() => this.close());
    }
  }

  send(frame: Buffer): void {
    if (!this.closed) this.transport.write(frame);
  }

  /** A stream whose two halves are closed is dropped. */
  forget(id: number): void {
    this.streams.delete(id);
  }

  /** End the connection (GOAWAY, then close the transport). */
  close(): void {
    if (this.closed) return;
    const body = Buffer.alloc(8);
    this.transport.write(controlFrame(GOAWAY, 0, body));
    this.ended();
    this.transport.close();
  }

  /** The transport went away. */
  ended(): void {
    if (this.closed) return;
    this.closed = true;
    this.inflater.close();
    for (const s of this.streams.values()) s.onEnd();
    this.streams.clear();
    this.onClose();
  }

  private remoteEnd(stream: SpdyStream): void {
    if (stream.remoteDone) return;
    stream.remoteDone = true;
    if (stream.finished) this.forget(stream.id);
    stream.onEnd();
  }

  private async handle(frame: Buffer): Promise<void> {
    if (this.closed) return;
    const flags = frame[4]!;
    const body = frame.subarray(8);
    if (!(frame[0]! & CONTROL)) {
      const stream = this.streams.get(frame.readUInt32BE(0) & 0x7fffffff);
      if (!stream) return;
      if (body.length) stream.onData(body);
      if (flags & FLAG_FIN) this.remoteEnd(stream);
      return;
    }
    const type = frame.readUInt16BE(2);
    if (type === SYN_STREAM) {
      const id = body.readUInt32BE(0) & 0x7fffffff;
      const headers = parseHeaderBlock(await this.inflater.inflate(body.subarray(10)));
      const stream = new SpdyStream(this, id, headers);
      if (!this.accept(stream)) return stream.reset();
      this.streams.set(id, stream);
      const reply = Buffer.concat([Buffer.from([0, 0, 0, 0]), this.deflater.block(Buffer.alloc(4))]);
      reply.writeUInt32BE(id, 0);
      this.send(controlFrame(SYN_REPLY, 0, reply));
      if (flags & FLAG_FIN) this.remoteEnd(stream);
    } else if (type === HEADERS) {
      // Nothing to do with them, but the shared inflater must see every block.
      await this.inflater.inflate(body.subarray(4));
    } else if (type === RST_STREAM) {
      const id = body.readUInt32BE(0) & 0x7fffffff;
      const stream = this.streams.get(id);
      this.streams.delete(id);
      stream?.onEnd();
    } else if (type === PING) {
      this.send(frame);
    } else if (type === GOAWAY) {
      this.ended();
      this.transport.close();
    }
    // SETTINGS, WINDOW_UPDATE and unknown types: accepted and ignored.
  }
}
