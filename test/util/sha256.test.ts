/**
 * src/util/sha256.ts stands in for node:crypto's SHA-256 on the start-up path: every digest must be
 * node:crypto's, for every message length around the block and padding boundaries, for text (UTF-8)
 * and bytes, in each encoding the callers ask for.
 */
import { createHash as cryptoHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHash, sha256 } from '../../src/util/sha256.js';

describe('sha256', () => {
  it('gives the FIPS 180-4 example digests', () => {
    expect(createHash('sha256').update('abc').digest('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(createHash('sha256').update('').digest('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(createHash('sha256').update('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq').digest('hex')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it("agrees with node:crypto for every length from 0 to 300 bytes and for text outside ASCII", () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 255);
    for (let n = 0; n <= 300; n++) {
      const data = bytes.subarray(0, n);
      expect(Buffer.from(sha256(data)).toString('hex'), `length ${n}`).toBe(cryptoHash('sha256').update(data).digest('hex'));
    }
    for (const text of ['docker.io/luksa/kubia:latest', 'héllo wörld ✓', '\u{1F600}'.repeat(40), 'x'.repeat(100_000)]) {
      expect(createHash('sha256').update(text).digest('hex')).toBe(cryptoHash('sha256').update(text).digest('hex'));
    }
  });

  it('digests as a Buffer or in an encoding, after one or several updates', () => {
    const ours = () => createHash('sha256').update('kube-').update(Buffer.from('proxy'));
    const theirs = () => cryptoHash('sha256').update('kube-').update(Buffer.from('proxy'));
    expect(ours().digest().equals(theirs().digest())).toBe(true);
    expect(ours().digest().readUInt32BE(0)).toBe(theirs().digest().readUInt32BE(0));
    for (const enc of ['hex', 'base64', 'base64url'] as const) expect(ours().digest(enc)).toBe(theirs().digest(enc));
  });
});
