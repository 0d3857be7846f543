import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { TrpcProviders } from '@/components/trpc';
import './globals.css';

export const metadata: Metadata = {
  title: 'Fact-check editor',
  description: 'Annotate the claims in an article with verdicts and evidence, and publish the check.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="app-header">
          <Link href="/" className="app-name">
            Fact-check editor
          </Link>
          <nav aria-label="Main">
            <Link href="/">Articles</Link>
            <Link href="/settings">Settings</Link>
          </nav>
        </header>
        <TrpcProviders>{children}</TrpcProviders>
      </body>
    </html>
  );
}
