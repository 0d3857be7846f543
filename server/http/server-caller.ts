// Server pages read through the same router as the browser, with a context
// built from the request: no page reaches the services or the database on
// its own, so who-may-do-what is decided in one place.
import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { redirect } from 'next/navigation';
import { getDb } from '../database';
import type { Actor } from '../domain/roles';
import { createContext } from '../context';
import { createCaller } from '../routers/_app';
import { requestOrigin } from '../services/public-url';

export type Caller = ReturnType<typeof createCaller>;

/**
 * One context per request: the layout, the page and its metadata all ask who
 * is signed in, and the session is looked up once (React's cache lasts one
 * server render). Server components get no Request, so its URL is rebuilt
 * from the headers; only its origin matters to the context.
 */
const requestContext = cache(async () => {
  const h = new Headers(await headers());
  return createContext({ db: await getDb(), headers: h, url: requestOrigin(h, 'http://localhost') });
});

export async function serverCaller(): Promise<{ caller: Caller; user: Actor | null; setupNeeded: boolean }> {
  const ctx = await requestContext();
  return { caller: createCaller(ctx), user: ctx.user, setupNeeded: ctx.setupNeeded };
}

export function signInPath(returnTo: string): string {
  return `/sign-in?next=${encodeURIComponent(returnTo)}`;
}

/** For every page but sign-in, setup and invites: first run leads to setup, signed-out visitors to sign-in and back. */
export async function signedInPage(returnTo: string): Promise<{ caller: Caller; user: Actor }> {
  const { caller, user, setupNeeded } = await serverCaller();
  if (setupNeeded) redirect('/setup');
  if (!user) redirect(signInPath(returnTo));
  return { caller, user };
}
