import { AccountNameForm } from '@/components/people/AccountNameForm';
import { ROLE_LABELS } from '@/server/domain/roles';
import { signedInPage } from '@/server/http/server-caller';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Your account · Fact-check editor' };

export default async function AccountPage() {
  const { user } = await signedInPage('/account');
  return (
    <main className="account-page">
      <h1>Your account</h1>
      <p>
        You are signed in as {user.name} ({ROLE_LABELS[user.role]}). Only an admin can change your role.
      </p>
      <AccountNameForm name={user.name} />
    </main>
  );
}
