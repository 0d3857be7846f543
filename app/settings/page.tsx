import { getDb } from '@/db/client';
import { SettingsForm } from '@/components/SettingsForm';
import { getSettings } from '@/server/services/settings';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Settings · Fact-check editor' };

export default function SettingsPage() {
  const settings = getSettings(getDb());
  return (
    <main className="settings-page">
      <h1>Settings</h1>
      <SettingsForm initial={settings} />
    </main>
  );
}
