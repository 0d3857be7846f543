// Server pages read through the same router as the browser, with a context
// built from the request: no page reaches the services or the database on
// its own, so who-may-do-what is decided in one place.
import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import type { Actor } from '../domain/roles';
import { createContext } from '../context';
import { createCaller } from '../routers/_app';

export type Caller = ReturnType<typeof createCaller>;

/** The request's URL as the page was asked for (server components do not get the Request itself). */
async function requestUrl(path: string): Promise<string> {
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost';
  const proto = h.get('x-forwarded-proto') ?? 'http';
  return `${proto}://${host}${path}`;
}

export async function serverCaller(path = '/'): Promise<{ caller: Caller; user: Actor | null; setupNeeded: boolean }> {
  const ctx = await createContext({ db: getDb(), headers: new Headers(await headers()), url: await requestUrl(path) });
  return { caller: createCaller(ctx), user: ctx.user, setupNeeded: ctx.setupNeeded };
}

export function signInPath(returnTo: string): string {
  return `/sign-in?next=${encodeURIComponent(returnTo)}`;
}

/** For every page but sign-in, setup and invites: first run leads to setup, signed-out visitors to sign-in and back. */
export async function signedInPage(returnTo: string): Promise<{ caller: Caller; user: Actor }> {
  const { caller, user, setupNeeded } = await serverCaller(returnTo);
  if (setupNeeded) redirect('/setup');
  if (!user) redirect(signInPath(returnTo));
  return { caller, user };
}
