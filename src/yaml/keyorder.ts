/**
 * go-yaml v2's mapping key order (kustomize output passes through it): letters sort after other
 * characters, runs of digits compare by numeric value, everything else by code point.
 */

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

function isLetter(c: string): boolean {
  const x = c.charCodeAt(0);
  if (x < 128) return (x >= 65 && x <= 90) || (x >= 97 && x <= 122);
  return LETTER.test(c);
}

function isDigit(c: string): boolean {
  const x = c.charCodeAt(0);
  if (x < 128) return x >= 48 && x <= 57;
  return DIGIT.test(c);
}

function isAsciiSimple(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const x = s.charCodeAt(i);
    if (x >= 128 || (x >= 48 && x <= 57)) return false;
  }
  return true;
}

/** Negative when key a sorts before key b in go-yaml v2 output. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  // Fast path: ASCII keys without digits compare by letter/non-letter class, then code unit.
  if (isAsciiSimple(a) && isAsciiSimple(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const ca = a.charCodeAt(i), cb = b.charCodeAt(i);
      if (ca === cb) continue;
      const la = (ca >= 65 && ca <= 90) || (ca >= 97 && ca <= 122);
      const lb = (cb >= 65 && cb <= 90) || (cb >= 97 && cb <= 122);
      if (la === lb) return ca - cb;
      return la ? 1 : -1;
    }
    return a.length - b.length;
  }
  return less(Array.from(a), Array.from(b)) ? -1 : less(Array.from(b), Array.from(a)) ? 1 : 0;
}

function less(ar: string[], br: string[]): boolean {
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]), bl = isLetter(br[i]);
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0n, bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') { an = 1n; bn = 1n; break; }
      }
    }
    let ai = i, bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai].codePointAt(0)! - 48);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi].codePointAt(0)! - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
  }
  return ar.length < br.length;
}

/** The keys of a mapping in output order. */
export function sortedKeys(map: object): string[] {
  return Object.keys(map).sort(compareKeys);
}
