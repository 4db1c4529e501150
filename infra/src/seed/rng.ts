/**
 * Deterministic random numbers for the seed generator: sfc32 (Chris Doty-Humphrey's Small Fast
 * Counting generator, from PractRand), seeded through the cyrb128 string hash. The same seed and
 * salt give the same sequence on every machine; independent salts give independent streams, so
 * each record kind can be generated on its own without replaying the others.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Roughly normal (sum of three uniforms), mean and standard deviation as given. */
  normal(mean: number, sd: number): number;
}

/** cyrb128: four 32-bit hashes of a string (public domain, bryc). */
export function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** An sfc32 stream for `seed` and the salts naming its purpose (e.g. 'students'). */
export function createRng(seed: number | string, ...salt: (string | number)[]): Rng {
  let [a, b, c, d] = cyrb128([seed, ...salt].join('\u0000'));
  const nextUint32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs: sfc32 mixes its state over its first few rounds.
  for (let i = 0; i < 15; i++) nextUint32();
  const next = () => nextUint32() / 4294967296;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('cannot pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    normal: (mean, sd) => mean + sd * ((next() + next() + next() - 1.5) * 2),
  };
}

/** Picks items by weight in O(log n): build once, call with any stream. */
export function weightedPicker<T>(entries: readonly (readonly [T, number])[]): (rng: Rng) => T {
  if (entries.length === 0) throw new Error('a weighted picker needs at least one entry');
  const items = entries.map(([item]) => item);
  const cumulative: number[] = [];
  let total = 0;
  for (const [, weight] of entries) cumulative.push((total += weight));
  return (rng) => {
    const target = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}

/**
 * Splits `total` into `parts` non-negative integers summing to exactly `total`, each near
 * total/parts with a relative spread of `jitter`, and at least `min` each when the total allows.
 */
export function splitTotal(rng: Rng, total: number, parts: number, jitter: number, min = 0): number[] {
  if (parts <= 0) return [];
  const floor = total >= min * parts ? min : 0;
  const rest = total - floor * parts;
  const weights = Array.from({ length: parts }, () => Math.max(0.05, 1 + jitter * (rng.next() * 2 - 1)));
  return apportion(rest, weights).map((n) => n + floor);
}

/** Largest-remainder apportionment of `total` by `weights` (deterministic, ties to the first). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum <= 0 || weights.length === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const result = exact.map(Math.floor);
  let left = total - result.reduce((s, n) => s + n, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((p, q) => q[0] - p[0] || p[1] - q[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) result[order[k]![1]]! += 1;
  return result;
}
