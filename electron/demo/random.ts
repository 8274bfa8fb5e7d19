/** A small seedable PRNG (sfc32): the same seed gives the same store, byte for byte. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** Uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  float(): number {
    return this.next() / 4294967296;
  }

  int(min: number, max: number): number {
    return min + (this.next() % (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.next() % items.length] as T;
  }

  /** Picks with a power-law skew: low indexes are chosen far more often (best sellers, regulars). */
  skewed<T>(items: readonly T[]): T {
    const f = this.float();
    return items[Math.floor(f * f * items.length)] as T;
  }

  uuid(): string {
    const h = (n: number) => n.toString(16).padStart(8, '0');
    const w1 = h(this.next());
    const w2 = h(this.next());
    const w3 = h(this.next());
    const w4 = h(this.next());
    const variant = ((parseInt(w3[0] as string, 16) & 0x3) | 0x8).toString(16);
    return `${w1}-${w2.slice(0, 4)}-4${w2.slice(5, 8)}-${variant}${w3.slice(1, 4)}-${w3.slice(4)}${w4}`;
  }
}
