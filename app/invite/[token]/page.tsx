import { TRPCError } from '@trpc/server';
import Link from 'next/link';
import { AccountForm } from '@/components/people/AccountForm';
import { serverCaller } from '@/server/http/server-caller';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Join the desk · Fact-check editor' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { caller } = await serverCaller();
  const state = await caller.account.invite({ token }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === 'BAD_REQUEST') return { ok: false as const, reason: error.message };
    throw error;
  });
  return (
    <main className="account-page">
      <h1>Join the desk</h1>
      {state.ok ? (
        <>
          <p>
            You are invited as <strong>{state.roleLabel}</strong>. Choose your name as colleagues and readers will see it, and a password.
          </p>
          <AccountForm kind="invite" token={token} email={state.email} />
        </>
      ) : (
        <>
          <p role="alert" className="error">
            {state.reason}
          </p>
          <p>
            <Link href="/sign-in">Sign in</Link>
          </p>
        </>
      )}
    </main>
  );
}
