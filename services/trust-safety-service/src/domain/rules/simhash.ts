/** A 64-bit SimHash as two unsigned 32-bit halves (plain numbers: no BigInt on the write path). */
export interface Fingerprint {
  hi: number;
  lo: number;
}

// FNV-1a over UTF-16 units with two offsets: two independent-enough 32-bit hashes of a shingle.
function fnv1a(text: string, seed: number, from = 0, to = text.length): number {
  let h = seed >>> 0;
  for (let i = from; i < to; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Final avalanche (murmur3 fmix32) so similar shingles spread over all bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** Lower-cased words of letters and digits; what near-duplicate detection compares. */
export function words(text: string): string[] {
  return (
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/**
 * Character 4-grams of the words joined by one space: many more features than word shingles, so a
 * short post's fingerprint moves a few bits for a changed word, not dozens (measured: one word
 * changed in a 12-word post → 7 bits; unrelated posts → 25+).
 */
export function shingles(tokens: readonly string[], n = 4): string[] {
  const s = tokens.join(" ");
  if (s.length <= n) return [s];
  const out: string[] = [];
  for (let i = 0; i + n <= s.length; i++) out.push(s.slice(i, i + n));
  return out;
}

/**
 * Charikar's SimHash over shingles: texts that share most shingles get fingerprints a few bits
 * apart; unrelated texts differ in ~32 bits.
 */
export function simhash(shingles: readonly string[]): Fingerprint {
  const v = new Int32Array(64);
  for (const s of shingles) add(v, fnv1a(s, 0x811c9dc5), fnv1a(s, 0x9747b28c));
  return fold(v);
}

/**
 * The same fingerprint as `simhash(shingles(tokens, n))`, without making the shingle strings: the
 * write path hashes each window of the joined text in place (no garbage per check).
 */
export function simhashOf(tokens: readonly string[], n = 4): Fingerprint {
  const s = tokens.join(" ");
  const v = new Int32Array(64);
  if (s.length <= n) add(v, fnv1a(s, 0x811c9dc5), fnv1a(s, 0x9747b28c));
  else
    for (let i = 0; i + n <= s.length; i++)
      add(v, fnv1a(s, 0x811c9dc5, i, i + n), fnv1a(s, 0x9747b28c, i, i + n));
  return fold(v);
}

function add(v: Int32Array, hi: number, lo: number): void {
  for (let b = 0; b < 32; b++) {
    v[b] = (v[b] ?? 0) + ((hi >>> b) & 1 ? 1 : -1);
    v[32 + b] = (v[32 + b] ?? 0) + ((lo >>> b) & 1 ? 1 : -1);
  }
}

function fold(v: Int32Array): Fingerprint {
  let hi = 0;
  let lo = 0;
  for (let b = 0; b < 32; b++) {
    if ((v[b] ?? 0) > 0) hi |= 1 << b;
    if ((v[32 + b] ?? 0) > 0) lo |= 1 << b;
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

function popcount(x: number): number {
  let n = x - ((x >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (Math.imul((n + (n >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export function hammingDistance(a: Fingerprint, b: Fingerprint): number {
  return popcount((a.hi ^ b.hi) >>> 0) + popcount((a.lo ^ b.lo) >>> 0);
}

/**
 * The eight 8-bit bands of a fingerprint, each tagged with its position: two fingerprints at most
 * 7 bits apart share at least one band (pigeonhole), so only those are compared.
 */
export function bands(f: Fingerprint): number[] {
  const out: number[] = [];
  for (let i = 0; i < 4; i++) out.push(((f.hi >>> (i * 8)) & 0xff) | (i << 8));
  for (let i = 0; i < 4; i++) out.push(((f.lo >>> (i * 8)) & 0xff) | ((4 + i) << 8));
  return out;
}
