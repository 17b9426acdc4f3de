/**
 * pod-template-hash (reference §4.1): FNV-1a 32 over a stable serialisation of the template (plus the
 * collision count), written in decimal and each digit mapped through the name alphabet by byte value.
 */
import type { PodTemplate } from '../kinds/pod-template.js';
import { templateKey } from '../kinds/deployment.js';
import { NAME_ALPHABET } from '../env.js';

export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  const bytes = new TextEncoder().encode(text);
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each byte picks a character of the alphabet. */
export function safeEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += NAME_ALPHABET[s.charCodeAt(i) % NAME_ALPHABET.length];
  return out;
}

export function podTemplateHash(template: PodTemplate | undefined, collisionCount?: number): string {
  const text = templateKey(template) + (collisionCount ? `#${collisionCount}` : '');
  return safeEncode(String(fnv1a32(text)));
}
