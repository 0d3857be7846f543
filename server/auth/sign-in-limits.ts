// Failed sign-ins are limited per account (against guessing one person's
// password) and per address (against trying many accounts from one place).
// Only failures count, so a busy office behind one address is not locked out
// by its own successful sign-ins.
//
// - Per account (its normalised email): the first failures are free, then each
//   further failure makes the account wait, 1, 2, 4, 8 minutes… up to 15,
//   from any address. A successful sign-in to the account forgets them.
// - Per client address: so many failures in a 15-minute window, then that
//   address waits for the window's end. A success never resets an address's
//   count (an attacker signing in to their own account would otherwise wipe it),
//   and one address's count never touches another's.
//
// The counters are rows of the database (sign_in_failures), written in one
// transaction per failure, so several app servers on one database share them.
import 'server-only';
import { eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { signInFailures } from '@/db/schema';
import { withTx } from '../services/transaction';

export const ACCOUNT_LIMIT = { failures: 5, maxWaitMinutes: 15, forgetHours: 24 };
export const ADDRESS_LIMIT = { failures: 20, minutes: 15 };

const SECOND = 1000;
const MINUTE = 60 * SECOND;

const accountKey = (email: string) => `account:${email}`;
const addressKey = (address: string) => `address:${address}`;

/** Trimmed and lower-cased, as better-auth looks accounts up; what the limiter counts and better-auth is handed. */
export function normaliseEmail(value: unknown): string {
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

/** The wait after the `failures`-th failure of an account: none, then doubling from a minute, capped. */
export function accountBackoffMs(failures: number): number {
  const over = failures - ACCOUNT_LIMIT.failures;
  if (over < 0) return 0;
  return Math.min(MINUTE * 2 ** Math.min(over, 30), ACCOUNT_LIMIT.maxWaitMinutes * MINUTE);
}

export class SignInLimits {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  private async rows(db: DbOrTx, keys: string[]) {
    return new Map((await db.select().from(signInFailures).where(inArray(signInFailures.key, keys)).all()).map((row) => [row.key, row]));
  }

  /** Milliseconds to wait before another attempt is allowed, or 0. */
  async waitFor(address: string, email: string): Promise<number> {
    const now = this.now();
    const rows = await this.rows(this.db, [accountKey(email), addressKey(address)]);
    const account = email ? rows.get(accountKey(email)) : undefined;
    const place = rows.get(addressKey(address));
    const accountWait = account ? account.blockedUntil - now : 0;
    const windowEnd = place ? place.windowStartedAt + ADDRESS_LIMIT.minutes * MINUTE : 0;
    const placeWait = place && place.failures >= ADDRESS_LIMIT.failures ? windowEnd - now : 0;
    return Math.max(0, accountWait, placeWait);
  }

  async failed(address: string, email: string): Promise<void> {
    const now = this.now();
    const forgetBefore = now - ACCOUNT_LIMIT.forgetHours * 60 * MINUTE;
    const windowFrom = now - ADDRESS_LIMIT.minutes * MINUTE;
    const f = signInFailures;
    // Counted by the database (`failures + 1` in the upsert), not read and written back: two app processes
    // counting a failure of the same account at once both count, whatever the isolation level.
    await withTx(this.db, async (tx) => {
      if (email) {
        const key = accountKey(email);
        const stale = sql`${f.lastFailureAt} < ${forgetBefore}`;
        const [row] = await tx
          .insert(f)
          .values({ key, failures: 1, windowStartedAt: now, lastFailureAt: now, blockedUntil: now })
          .onConflictDoUpdate({
            target: f.key,
            set: {
              failures: sql`case when ${stale} then 1 else ${f.failures} + 1 end`,
              windowStartedAt: sql`case when ${stale} then ${now} else ${f.windowStartedAt} end`,
              lastFailureAt: now,
            },
          })
          .returning({ failures: f.failures })
          .all();
        // The row is this transaction's until commit (the upsert locked it), so the wait matches the count.
        await tx
          .update(f)
          .set({ blockedUntil: now + accountBackoffMs(row.failures) })
          .where(eq(f.key, key))
          .run();
      }
      const expired = sql`${f.windowStartedAt} <= ${windowFrom}`;
      await tx
        .insert(f)
        .values({ key: addressKey(address), failures: 1, windowStartedAt: now, lastFailureAt: now })
        .onConflictDoUpdate({
          target: f.key,
          set: {
            failures: sql`case when ${expired} then 1 else ${f.failures} + 1 end`,
            windowStartedAt: sql`case when ${expired} then ${now} else ${f.windowStartedAt} end`,
            lastFailureAt: now,
          },
        })
        .run();
      // Rows nobody has failed with for a day are history.
      await tx.delete(f).where(lt(f.lastFailureAt, forgetBefore)).run();
    });
  }

  /** The account's own count starts again; no address's count changes. */
  async succeeded(email: string): Promise<void> {
    if (email)
      await this.db
        .delete(signInFailures)
        .where(eq(signInFailures.key, accountKey(email)))
        .run();
  }
}

export function waitMessage(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / SECOND));
  if (seconds < 60) return `Too many failed sign-in attempts. Wait ${seconds === 1 ? 'a second' : `${seconds} seconds`} and try again.`;
  const minutes = Math.ceil(ms / MINUTE);
  return `Too many failed sign-in attempts. Wait ${minutes === 1 ? 'a minute' : `${minutes} minutes`} and try again.`;
}

const instances = new WeakMap<Db, SignInLimits>();
export async function signInLimits(db: Db): Promise<SignInLimits> {
  let limits = instances.get(db);
  if (!limits) {
    limits = new SignInLimits(db);
    instances.set(db, limits);
  }
  return limits;
}

export { clientAddress } from '../http/client-address';
