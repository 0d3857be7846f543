import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/people/SignInForm';
import { secureCookies } from '@/server/auth/auth';
import { hostnameOf } from '@/server/http/allowed-hosts';
import { serverCaller } from '@/server/http/server-caller';
import { safeReturnPath } from '@/server/http/return-path';
import { configuredPublicUrl } from '@/server/services/public-url';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in · Fact-check editor' };

/**
 * When the session cookie is Secure (an https public URL) but this page came
 * over plain http, the browser would drop the cookie and sign-in would loop:
 * the page says so, and where to go instead. Shown for another host name
 * than the public URL's (an intranet name, say) reached directly over http:
 * Next.js fills X-Forwarded-Proto with "http" for a direct connection. The
 * sign-in itself is refused with the same advice when the browser's Origin is http.
 */
async function plainHttpNote(): Promise<string | null> {
  const h = new Headers(await headers());
  const publicUrl = configuredPublicUrl();
  if (!publicUrl || !secureCookies(h)) return null;
  if (h.get('x-forwarded-proto')?.split(',')[0].trim() !== 'http') return null;
  if (hostnameOf(h.get('host') ?? '') === publicUrl.hostname.toLowerCase()) return null;
  return `This page was opened over plain http, but this desk keeps its sign-in cookie only over https. Open ${publicUrl.origin} to sign in.`;
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeReturnPath((await searchParams).next);
  const { user, setupNeeded } = await serverCaller();
  if (setupNeeded) redirect('/setup');
  if (user) redirect(next);
  const note = await plainHttpNote();
  return (
    <main className="account-page">
      <h1>Sign in</h1>
      {note && (
        <p role="alert" className="error">
          {note}
        </p>
      )}
      <SignInForm next={next} />
      <p className="hint">No account yet? Ask an admin of your desk for an invite link.</p>
    </main>
  );
}
