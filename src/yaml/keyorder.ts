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

const isAsciiDigit = (c: number) => c >= 48 && c <= 57;
const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Negative when key a sorts before key b in go-yaml v2 output. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  // Only the first difference decides. Between ASCII characters other than digits it is the
  // letter class, then the code unit; a digit (a number run) or a non-ASCII character takes the
  // full rule. Keys are compared very often (every mapping of the output is sorted).
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (; i < n; i++) {
    const ca = a.charCodeAt(i), cb = b.charCodeAt(i);
    if (ca === cb) continue;
    if (ca >= 128 || cb >= 128 || isAsciiDigit(ca) || isAsciiDigit(cb)) break;
    const la = isAsciiLetter(ca), lb = isAsciiLetter(cb);
    if (la === lb) return ca - cb;
    return la ? 1 : -1;
  }
  // One is a prefix of the other: the shorter comes first.
  if (i === n) return a.length - b.length;
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
