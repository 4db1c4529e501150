import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface SignInThrottleOptions {
  /** Failed sign-ins one source may make per window (SIGNIN_SOURCE_MAX_FAILURES). */
  maxFailures: number;
  windowSeconds: number;
}

/**
 * Per-source throttling of sign-in attempts, in this instance's memory. Every attempt takes a
 * point before the password is checked (so concurrent attempts cannot slip past the count), and
 * a successful sign-in gives it back: only failures count, and a school behind one address can
 * still sign its pupils in. A source over the limit is answered 429 before any password work.
 */
export class SignInThrottle {
  private readonly limiter: RateLimiterMemory;

  constructor(options: SignInThrottleOptions) {
    this.limiter = new RateLimiterMemory({ points: options.maxFailures, duration: options.windowSeconds });
  }

  /** Takes a point for `source`; returns the seconds to wait when it has none left. */
  async take(source: string): Promise<number | undefined> {
    try {
      await this.limiter.consume(source, 1);
      return undefined;
    } catch (res) {
      if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      throw res;
    }
  }

  /** Gives the point back after a successful sign-in. */
  async giveBack(source: string): Promise<void> {
    await this.limiter.reward(source, 1);
  }
}
