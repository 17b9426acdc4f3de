/**
 * The openssl steps tutorials paste: `openssl req -x509 -nodes -days N -newkey rsa:2048 -keyout KEY -out CRT
 * -subj "/CN=.../O=..."` (or `openssl genrsa -out KEY 2048` then `openssl req -new -x509 -key KEY ...`, as
 * Kubernetes in Action does) makes a real self-signed certificate (DER built here, signed with node:crypto, so
 * `kubectl create secret tls` and curl's `--cacert` accept it), valid from the cluster's clock; `openssl
 * x509 -noout -subject|-enddate|-text` reads one back. The key comes from a fixed pool (openssl-keys.ts),
 * since a simulated program has no randomness of its own; OpenSSL's progress dots are derived the same way.
 */
import { createHash, createPrivateKey, createPublicKey, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { resolvePath } from '../fs.js';
import { result, type ExecResult, type Program, type ProgramCtx } from '../types.js';
import { RSA_KEY_POOL } from './openssl-keys.js';

// ---------------------------------------------------------------------------------------------------
// DER

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const ctx0 = (body: Buffer) => tlv(0xa0, body);
const ctx3 = (body: Buffer) => tlv(0xa3, body);
const octets = (b: Buffer) => tlv(0x04, b);
const bits = (b: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const NULL = Buffer.from([0x05, 0x00]);

function integer(b: Buffer): Buffer {
  let v = b;
  while (v.length > 1 && v[0] === 0 && v[1]! < 0x80) v = v.subarray(1);
  if (v[0]! >= 0x80) v = Buffer.concat([Buffer.from([0]), v]);
  return tlv(0x02, v);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const out = [40 * a + b];
  for (const n of rest) {
    const enc: number[] = [n & 0x7f];
    for (let v = n >>> 7; v > 0; v >>>= 7) enc.unshift(0x80 | (v & 0x7f));
    out.push(...enc);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime before 2050, GeneralizedTime after, as RFC 5280 wants. */
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

/** Subject attributes openssl knows by short name: OID and the string type `-subj` values get. */
const ATTRIBUTES: Record<string, { oid: string; tag: number }> = {
  C: { oid: '2.5.4.6', tag: 0x13 },
  ST: { oid: '2.5.4.8', tag: 0x0c },
  L: { oid: '2.5.4.7', tag: 0x0c },
  O: { oid: '2.5.4.10', tag: 0x0c },
  OU: { oid: '2.5.4.11', tag: 0x0c },
  CN: { oid: '2.5.4.3', tag: 0x0c },
  emailAddress: { oid: '1.2.840.113549.1.9.1', tag: 0x16 },
};

/** `/CN=my-nginx/O=my-nginx` as [name, value] pairs, or an error text. */
function parseSubject(subj: string): [string, string][] | string {
  if (!subj.startsWith('/')) return `name is expected to be in the format /type0=value0/type1=value1/type2=... where characters may be escaped by \\. This name is not in that format: '${subj}'`;
  const out: [string, string][] = [];
  for (const part of subj.slice(1).split(/(?<!\\)\//)) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = eq > 0 ? part.slice(0, eq) : part;
    if (eq <= 0 || !ATTRIBUTES[name]) return `Subject Attribute ${name} has no known NID, skipped`;
    out.push([name, part.slice(eq + 1).replace(/\\(.)/g, '$1')]);
  }
  return out;
}

function nameDer(rdns: [string, string][]): Buffer {
  return seq(...rdns.map(([n, v]) => set(seq(oid(ATTRIBUTES[n]!.oid), tlv(ATTRIBUTES[n]!.tag, Buffer.from(v, 'utf8'))))));
}

function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** A self-signed X.509 v3 certificate as `openssl req -x509` makes it (SKI, AKI, basicConstraints CA). */
export function selfSignedCertificate(key: KeyObject, subject: [string, string][], notBefore: Date, days: number, serialSeed: string): string {
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const publicKeyBits = spkiKeyBits(spki);
  const ski = createHash('sha1').update(publicKeyBits).digest();
  const serial = createHash('sha256').update(serialSeed).digest().subarray(0, 20);
  serial[0] = serial[0]! & 0x7f;
  const algorithm = seq(oid('1.2.840.113549.1.1.11'), NULL);
  const name = nameDer(subject);
  const notAfter = new Date(notBefore.getTime() + days * 86_400_000);
  const extensions = seq(
    seq(oid('2.5.29.14'), octets(octets(ski))),
    seq(oid('2.5.29.35'), octets(seq(tlv(0x80, ski)))),
    seq(oid('2.5.29.19'), bool(true), octets(seq(bool(true)))),
  );
  const tbs = seq(ctx0(integer(Buffer.from([2]))), integer(serial), algorithm, name, seq(time(notBefore), time(notAfter)), name, spki, ctx3(extensions));
  const signature = sign('sha256', tbs, key);
  return pem('CERTIFICATE', seq(tbs, algorithm, bits(signature)));
}

/** The subjectPublicKey BIT STRING contents of a DER SubjectPublicKeyInfo (what the key identifier hashes). */
function spkiKeyBits(spki: Buffer): Buffer {
  // SEQUENCE { SEQUENCE algorithm, BIT STRING key }: skip the outer header and the algorithm.
  let i = 1;
  i += spki[i]! & 0x80 ? 1 + (spki[i]! & 0x7f) : 1;
  const algLenByte = spki[i + 1]!;
  const algHeader = algLenByte & 0x80 ? 2 + (algLenByte & 0x7f) : 2;
  const algLen = algLenByte & 0x80 ? spki.readUIntBE(i + 2, algLenByte & 0x7f) : algLenByte;
  i += algHeader + algLen;
  const lenByte = spki[i + 1]!;
  const header = lenByte & 0x80 ? 2 + (lenByte & 0x7f) : 2;
  return spki.subarray(i + header + 1);
}

// ---------------------------------------------------------------------------------------------------
// the program

function progressDots(seed: string): string {
  const h = createHash('sha256').update(seed).digest();
  const run = (k: number) => Array.from({ length: 3 + (h[k]! % 9) }, (_, j) => ['.', '.', '+', '.'][(h[(k + j) % 32]! + j) % 4]).join('');
  const plus = '+'.repeat(65) + '*';
  return `${run(0)}${plus}${run(4)}${plus}${run(8)}\n${run(12)}${plus}${run(16)}${plus}${run(20)}\n-----\n`;
}

function opt(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function write(ctx: ProgramCtx, path: string, text: string): string | undefined {
  const p = resolvePath(ctx.cwd, path);
  const dir = p.slice(0, p.lastIndexOf('/')) || '/';
  if (!ctx.sys.fs.isDir(dir)) return `${path}: No such file or directory`;
  ctx.sys.fs.write(p, text);
  return undefined;
}

function req(args: string[], ctx: ProgramCtx): ExecResult {
  const x509 = args.includes('-x509');
  const newkey = opt(args, '-newkey');
  const keyFile = opt(args, '-key');
  const keyout = opt(args, '-keyout');
  const out = opt(args, '-out');
  const subj = opt(args, '-subj');
  const days = Number(opt(args, '-days') ?? 30);
  const withValue = ['-newkey', '-key', '-keyout', '-out', '-subj', '-days'];
  const known = new Set(['-x509', '-nodes', '-noenc', '-sha256', '-new', '-batch', ...withValue]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-')) continue;
    if (!known.has(a)) {
      ctx.sys.unsupported?.(`openssl req ${a} is not simulated`);
      return result('', `req: Unknown option or message digest: ${a.slice(1)}\nreq: Use -help for summary.\n`, 1);
    }
    if (withValue.includes(a)) i++;
  }
  if (!x509 || (!newkey && !keyFile) || subj === undefined) {
    ctx.sys.unsupported?.('only self-signed certificates (`openssl req -x509 -newkey rsa:N|-key FILE -subj ...`) are simulated');
    return result('', 'openssl req: this simulated openssl makes self-signed certificates only (-x509 -newkey rsa:N -subj ...)\n', 1);
  }
  const subject = parseSubject(subj);
  if (typeof subject === 'string') return result('', `${subject}\n`, 1);
  const seed = `${subj}|${keyout}|${out}|${days}|${ctx.sys.env.now().toISOString()}`;
  let keyPem: string;
  let stderr = '';
  if (keyFile !== undefined) {
    // An existing key (openssl genrsa's): no new key, no progress.
    const text = ctx.sys.fs.read(resolvePath(ctx.cwd, keyFile));
    if (text === undefined) return result('', `Could not open file or uri for loading private key from ${keyFile}\n`, 1);
    keyPem = text;
  } else {
    const pool = RSA_KEY_POOL[Number(/^rsa:(\d+)$/.exec(newkey!)?.[1])];
    if (!pool) {
      ctx.sys.unsupported?.(`openssl req -newkey ${newkey} is not simulated (rsa:2048 and rsa:4096 are)`);
      return result('', `req: -newkey ${newkey}: this simulated openssl makes rsa:2048 and rsa:4096 keys\n`, 1);
    }
    keyPem = pick(pool, seed);
    stderr = progressDots(seed);
    // Without -keyout the key goes to privkey.pem, which openssl announces.
    if (!keyout) stderr = stderr.replace('-----\n', `writing new private key to 'privkey.pem'\n-----\n`);
    const problem = write(ctx, keyout ?? 'privkey.pem', keyPem);
    if (problem) return result('', `${stderr}${problem}\n`, 1);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    return result('', `Could not read private key from ${keyFile}\n`, 1);
  }
  const cert = selfSignedCertificate(key, subject, new Date(Math.floor(ctx.sys.env.now().getTime() / 1000) * 1000), days, seed);
  let stdout = '';
  if (out) {
    const problem = write(ctx, out, cert);
    if (problem) return result('', `${stderr}${problem}\n`, 1);
  } else stdout = cert;
  return result(stdout, stderr, 0);
}

/** A key of the pool, chosen by a hash of the request. */
function pick(pool: string[], seed: string): string {
  return pool[createHash('sha256').update(seed).digest().readUInt32BE(0) % pool.length]!;
}

/** `openssl genrsa -out FILE [BITS]`: a key of the pool, written as OpenSSL 3 does (PKCS#8, no output). */
function genrsa(args: string[], ctx: ProgramCtx): ExecResult {
  const out = opt(args, '-out');
  const bits = Number(args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '-out')[0] ?? 2048);
  const pool = RSA_KEY_POOL[bits];
  if (!pool) {
    ctx.sys.unsupported?.(`openssl genrsa ${bits} is not simulated (2048 and 4096 are)`);
    return result('', `genrsa: this simulated openssl makes 2048- and 4096-bit keys\n`, 1);
  }
  const keyPem = pick(pool, `genrsa|${out}|${bits}|${ctx.sys.env.now().toISOString()}`);
  if (out === undefined) return result(keyPem);
  const problem = write(ctx, out, keyPem);
  return problem ? result('', `${problem}\n`, 1) : result();
}

function x509(args: string[], ctx: ProgramCtx): ExecResult {
  const input = opt(args, '-in');
  const text = input === undefined ? ctx.stdin : ctx.sys.fs.read(resolvePath(ctx.cwd, input));
  if (text === undefined) return result('', `Could not open file or uri for loading certificate from ${input}\n`, 1);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(text);
  } catch {
    return result('', 'Could not read certificate from <stdin>\nUnable to load certificate\n', 1);
  }
  const oneLine = (dn: string) => dn.split('\n').map((l) => l.replace('=', ' = ')).join(', ');
  let out = '';
  for (const a of args) {
    if (a === '-subject') out += `subject=${oneLine(cert.subject)}\n`;
    else if (a === '-issuer') out += `issuer=${oneLine(cert.issuer)}\n`;
    else if (a === '-enddate') out += `notAfter=${cert.validTo}\n`;
    else if (a === '-startdate') out += `notBefore=${cert.validFrom}\n`;
    else if (a === '-fingerprint') out += `SHA1 Fingerprint=${cert.fingerprint}\n`;
  }
  if (!args.includes('-noout')) out += text.slice(text.indexOf('-----BEGIN CERTIFICATE-----'));
  return result(out);
}

/** `openssl req` (self-signed certificates), `openssl genrsa` and `openssl x509` (reading one back). */
export const openssl: Program = (args, ctx) => {
  const [command, ...rest] = args;
  if (command === 'req') return req(rest, ctx);
  if (command === 'x509') return x509(rest, ctx);
  if (command === 'genrsa') return genrsa(rest, ctx);
  if (command === 'version') return result('OpenSSL 3.0.15 3 Sep 2024 (Library: OpenSSL 3.0.15 3 Sep 2024)\n');
  ctx.sys.unsupported?.(`openssl ${command ?? ''} is not simulated (req -x509 and x509 are)`);
  return result('', `Invalid command '${command ?? ''}'; type "help" for a list.\n`, 1);
};
