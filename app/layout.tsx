import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { ShortcutsHelp } from '@/components/help/ShortcutsHelp';
import { NotificationHubProvider } from '@/components/live/NotificationHubProvider';
import { NotificationsButton } from '@/components/live/NotificationsButton';
import { SignOutButton } from '@/components/people/SignOutButton';
import { TrpcProviders } from '@/components/ui/trpc';
import { can } from '@/server/domain/policy';
import { ROLE_LABELS } from '@/server/domain/roles';
import { serverCaller } from '@/server/http/server-caller';
import './globals.css';

export const metadata: Metadata = {
  title: 'Fact-check editor',
  description: 'Annotate the claims in an article with verdicts and evidence, and publish the check.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { user } = await serverCaller();
  return (
    <html lang="en">
      <body>
        <TrpcProviders>
          <NotificationHubProvider signedIn={user !== null}>
            <header className="app-header">
              <Link href="/" className="app-name">
                Fact-check editor
              </Link>
              {user && (
                <>
                  <nav aria-label="Main">
                    <Link href="/">Articles</Link>
                    <Link href="/mentions">Mentions</Link>
                    <Link href="/search">Search</Link>
                    <Link href="/queue">My work</Link>
                    {can.manageSettings(user) && <Link href="/settings">Settings</Link>}
                    {can.managePeople(user) && <Link href="/settings/people">People</Link>}
                  </nav>
                  {/* A div, not a paragraph: the notifications panel is a block, and a <p> around it would be closed early by the HTML parser (a hydration mismatch on every page). */}
                  <div className="signed-in">
                    <span>
                      Signed in as{' '}
                      <Link href="/account" title="Your account: change your name">
                        <strong>{user.name}</strong>
                      </Link>{' '}
                      ({ROLE_LABELS[user.role]})
                    </span>{' '}
                    <NotificationsButton /> <ShortcutsHelp /> <SignOutButton />
                  </div>
                </>
              )}
            </header>
            {children}
          </NotificationHubProvider>
        </TrpcProviders>
      </body>
    </html>
  );
}
