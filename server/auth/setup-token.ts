// Who may create the first account. With FACTCHECK_PUBLIC_URL set, the desk
// is deployed on purpose and whoever reaches /setup first (the person setting
// it up) may. Without it (a development or trial instance, perhaps on a shared
// network), only a browser on this machine (a loopback connection), or one
// that gives the one-time setup token the server prints to its console.
import 'server-only';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { isLoopback, peerAddress } from '../http/client-address';
import { configuredPublicUrl } from '../services/public-url';

export const SETUP_TOKEN_NEEDED =
  'First-run setup is open only from the machine the server runs on, or with the setup token printed in the server’s console: open the address it shows.';

export const setupTokenSchema = z.string().max(200).optional();

const globalForSetup = globalThis as unknown as { factcheckSetupToken?: string };

/** This process's one-time setup token; printed to the console the first time it is needed. */
export function setupToken(origin: string): string {
  if (!globalForSetup.factcheckSetupToken) {
    globalForSetup.factcheckSetupToken = randomBytes(18).toString('base64url');
    console.warn(
      `First-run setup was asked for from another machine. To allow it, open ${origin}/setup?token=${globalForSetup.factcheckSetupToken}`,
    );
  }
  return globalForSetup.factcheckSetupToken;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether this request may create the first account. */
export function setupAllowed(headers: Headers, origin: string, token: string | undefined): boolean {
  if (configuredPublicUrl()) return true;
  if (isLoopback(peerAddress(headers))) return true;
  const expected = setupToken(origin);
  return typeof token === 'string' && sameToken(token, expected);
}

/** Forgotten once the first account exists. */
export function forgetSetupToken(): void {
  delete globalForSetup.factcheckSetupToken;
}
