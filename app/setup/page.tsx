import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { AccountForm } from '@/components/people/AccountForm';
import { setupAllowed } from '@/server/auth/setup-token';
import { serverCaller } from '@/server/http/server-caller';
import { requestOrigin } from '@/server/services/public-url';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Create the first account · Fact-check editor' };

export default async function SetupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { setupNeeded } = await serverCaller();
  if (!setupNeeded) redirect('/');
  const given = (await searchParams).token;
  const token = typeof given === 'string' && given.length <= 200 ? given : undefined;
  const h = new Headers(await headers());
  // Without a public URL, only this machine, or the token the server printed to its console, may create the first admin.
  if (!setupAllowed(h, requestOrigin(h, 'http://localhost'), token)) {
    return (
      <main className="account-page">
        <h1>Create the first account</h1>
        <p role="alert">
          {token
            ? 'That setup token is not the one the server printed. Copy the whole address from the server’s console.'
            : 'This desk has no accounts yet, and first-run setup is open only from the machine the server runs on. The server has printed an address with a one-time setup token in its console: open that address to continue.'}
        </p>
      </main>
    );
  }
  return (
    <main className="account-page">
      <h1>Create the first account</h1>
      <p>This desk has no accounts yet. The first account is an admin: it invites everyone else and gives them their roles.</p>
      <AccountForm kind="setup" setupToken={token} />
    </main>
  );
}
