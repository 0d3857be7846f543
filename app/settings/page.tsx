import Link from 'next/link';
import { notFound } from 'next/navigation';
import { SettingsForm } from '@/components/settings/SettingsForm';
import { can } from '@/server/domain/policy';
import { signedInPage } from '@/server/http/server-caller';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Settings · Fact-check editor' };

export default async function SettingsPage() {
  const { caller, user } = await signedInPage('/settings');
  // Settings are for admins; for everyone else the page does not exist.
  if (!can.manageSettings(user)) notFound();
  const settings = await caller.settings.get();
  return (
    <main className="settings-page">
      <h1>Settings</h1>
      <p>
        <Link href="/settings/people">People and roles</Link>
      </p>
      <SettingsForm initial={settings} />
    </main>
  );
}
