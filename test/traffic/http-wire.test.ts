/** HTTP/1.1 on a byte stream, as port-forward speaks it with a real client: parsing, framing, keep-alive. */
import { describe, expect, test } from 'vitest';
import { HttpConnection, responseBytes, type WireRequest } from '../../src/network/http-wire.js';
import type { HttpResponse } from '../../src/network/contracts.js';

const OK: HttpResponse = { status: 200, statusText: 'OK', headers: [['Content-Type', 'text/plain']], body: 'hi\n' };

/** Feed `chunks` to a connection whose application echoes the method, path and body. */
function exchange(chunks: string[], end = false): { out: string; ended: boolean; seen: WireRequest[] } {
  let out = '';
  let ended = false;
  const seen: WireRequest[] = [];
  const conn = new HttpConnection(
    { write: (b) => (out += b.toString('latin1')), end: () => (ended = true) },
    (req) => {
      seen.push(req);
      return { ...OK, body: `${req.method} ${req.path} ${req.body ?? ''}\n` };
    },
  );
  for (const c of chunks) conn.data(Buffer.from(c, 'latin1'));
  if (end) conn.end();
  return { out, ended, seen };
}

const answer = (body: string) => `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`;

describe('HTTP over a forwarded connection', () => {
  test('requests split across chunks, pipelined, with Content-Length and chunked bodies; keep-alive until close', () => {
    const r = exchange(['GET / HT', 'TP/1.1\r\nHost: x\r\n\r\nPOST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc', 'PUT /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\nxy\r\n1\r\nz\r\n0\r\n\r\n']);
    expect(r.out).toBe(answer('GET / \n') + answer('POST /a abc\n') + answer('PUT /b xyz\n'));
    expect(r.ended).toBe(true);
    expect(r.seen.map((q) => q.keepAlive)).toEqual([true, true, false]);
  });

  test('HTTP/1.0 closes after one answer; the client ending its side ends the connection', () => {
    expect(exchange(['GET /x HTTP/1.0\r\n\r\n'])).toMatchObject({ out: answer('GET /x \n'), ended: true });
    expect(exchange(['GET /x HTTP/1.1\r\n\r\n'], true)).toMatchObject({ out: answer('GET /x \n'), ended: true });
    expect(exchange(['GET /x HTTP/1.1\r\n\r\n'])).toMatchObject({ ended: false });
  });

  test('Expect: 100-continue gets its interim answer once, then the response', () => {
    const r = exchange(['POST /up HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n', 'da', 'ta']);
    expect(r.out).toBe('HTTP/1.1 100 Continue\r\n\r\n' + answer('POST /up data\n'));
  });

  test.each([
    ['not HTTP at all\r\n\r\n', 400, 'Bad Request'],
    ['GET / HTTP/1.1\r\nno colon here\r\n\r\n', 400, 'Bad Request'],
    ['POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n', 413, 'Request Entity Too Large'],
    [`GET / HTTP/1.1\r\nX: ${'a'.repeat(70 * 1024)}`, 431, 'Request Header Fields Too Large'],
  ])('%j is refused with %i and the connection closes', (input, status, text) => {
    expect(exchange([input])).toMatchObject({ out: `HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${status} ${text}`, ended: true });
  });

  test('responses: the application\'s headers, a chunked body framed, no body for HEAD, the length always the bytes\' count', () => {
    const chunked: HttpResponse = { status: 200, statusText: 'OK', headers: [['Transfer-Encoding', 'chunked']], body: "You've hit x\n" };
    expect(responseBytes(chunked, 'GET').toString()).toBe("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nd\r\nYou've hit x\n\r\n0\r\n\r\n");
    expect(responseBytes(chunked, 'HEAD').toString()).toBe('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
    const wrongLength: HttpResponse = { status: 404, statusText: '', headers: [['Content-Length', '3'], ['Date', 'D']], body: 'Statut – 404' };
    expect(responseBytes(wrongLength, 'GET').toString()).toBe('HTTP/1.1 404 \r\nDate: D\r\nContent-Length: 14\r\n\r\nStatut – 404');
  });
});
