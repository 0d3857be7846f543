import { redirect } from 'next/navigation';
import { AccountForm } from '@/components/people/AccountForm';
import { serverCaller } from '@/server/http/server-caller';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Create the first account · Fact-check editor' };

export default async function SetupPage() {
  const { setupNeeded } = await serverCaller();
  if (!setupNeeded) redirect('/');
  return (
    <main className="account-page">
      <h1>Create the first account</h1>
      <p>This desk has no accounts yet. The first account is an admin: it invites everyone else and gives them their roles.</p>
      <AccountForm kind="setup" />
    </main>
  );
}
