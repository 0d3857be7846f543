// Failed sign-ins are limited per account (against guessing one person's
// password) and per address (against trying many accounts from one place).
// Only failures count, so a busy office behind one address is not locked out
// by its own successful sign-ins. Counters live in memory: one server process.
import 'server-only';
import { RateLimiterMemory } from 'rate-limiter-flexible';

export const ACCOUNT_LIMIT = { failures: 5, minutes: 15 };
export const ADDRESS_LIMIT = { failures: 20, minutes: 15 };

export class SignInLimits {
  private readonly perAccount = new RateLimiterMemory({ points: ACCOUNT_LIMIT.failures, duration: ACCOUNT_LIMIT.minutes * 60 });
  private readonly perAddress = new RateLimiterMemory({ points: ADDRESS_LIMIT.failures, duration: ADDRESS_LIMIT.minutes * 60 });

  /** Milliseconds to wait before another attempt is allowed, or 0. */
  async waitFor(address: string, email: string): Promise<number> {
    const [account, place] = await Promise.all([this.perAccount.get(email), this.perAddress.get(address)]);
    const wait = (res: typeof account, limit: number) => (res && res.consumedPoints >= limit ? res.msBeforeNext : 0);
    return Math.max(wait(account, ACCOUNT_LIMIT.failures), wait(place, ADDRESS_LIMIT.failures));
  }

  async failed(address: string, email: string): Promise<void> {
    // consume() rejects once the limit is passed; the next waitFor() says so.
    await Promise.allSettled([this.perAccount.consume(email), this.perAddress.consume(address)]);
  }

  async succeeded(email: string): Promise<void> {
    await this.perAccount.delete(email);
  }
}

export function waitMessage(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return `Too many failed sign-in attempts. Wait ${minutes === 1 ? 'a minute' : `${minutes} minutes`} and try again.`;
}

const globalForLimits = globalThis as unknown as { factcheckSignInLimits?: SignInLimits };
export const signInLimits = () => (globalForLimits.factcheckSignInLimits ??= new SignInLimits());

/**
 * The address a request came from. Next.js appends the connecting address to
 * X-Forwarded-For, so the last entry is the one no client can forge; behind a
 * proxy it is the proxy's.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for');
  const last = forwarded
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .at(-1);
  return last ?? headers.get('x-real-ip') ?? 'unknown';
}
