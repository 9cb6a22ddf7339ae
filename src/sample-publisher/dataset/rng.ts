/**
 * Seeded, order-independent randomness: every draw is keyed by a string
 * (e.g. `rev|er-2021Q1|Piastrelle di Sassuolo|2020Q3`), so adding or reordering
 * draws elsewhere never changes an existing value. That keeps the generated files
 * stable under code changes that do not touch a given key.
 */

/** FNV-1a 32-bit hash of a string. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for modelling noise. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform draw in [0, 1) determined by `seed` and `key` only. */
export function uniform(seed: string, key: string): number {
  return mulberry32(hash32(`${seed}|${key}`))();
}

/** A standard normal draw (Box–Muller) determined by `seed` and `key` only. */
export function normal(seed: string, key: string): number {
  const r = mulberry32(hash32(`${seed}|${key}`));
  const u1 = Math.max(r(), 1e-12);
  const u2 = r();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
