/** fmt's %#U of a code point, as Go's lexers name a character they do not know: `U+0023 '#'` (the character only where it is printable). */
export function goRuneName(cp: number): string {
  const hex = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  return /[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u.test(String.fromCodePoint(cp)) ? `${hex} '${String.fromCodePoint(cp)}'` : hex;
}
