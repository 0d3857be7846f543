import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/people/SignInForm';
import { serverCaller } from '@/server/http/server-caller';
import { safeReturnPath } from '@/server/http/return-path';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in · Fact-check editor' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeReturnPath((await searchParams).next);
  const { user, setupNeeded } = await serverCaller();
  if (setupNeeded) redirect('/setup');
  if (user) redirect(next);
  return (
    <main className="account-page">
      <h1>Sign in</h1>
      <SignInForm next={next} />
      <p className="hint">No account yet? Ask an admin of your desk for an invite link.</p>
    </main>
  );
}
