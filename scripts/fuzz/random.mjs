// Seeded randomness for the fuzzer: one stream per tree, so a seed always gives the same tree.

/** A random source (mulberry32) with the few draws the generator needs. */
export class Random {
  /** @param {number} seed */
  constructor(seed) {
    this.state = seed | 0;
  }

  /** A float in [0, 1). */
  next() {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi]. */
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p) {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }

  /** Up to n distinct elements, in a random order. */
  some(list, n) {
    const copy = [...list];
    const out = [];
    while (copy.length && out.length < n) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]);
    return out;
  }
}

/** The seed of tree `i` of a run seeded with `seed` (independent streams per tree). */
export function treeSeed(seed, i) {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(i + 1, 0xc2b2ae35)) | 0;
}
