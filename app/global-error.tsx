'use client';
// When the root layout itself fails: the same sentence, with Next.js's digest as the reference.
import { failureSentence } from '@/components/ui/failure';

export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body>
        <main>
          <h1>Something went wrong</h1>
          <p role="alert">{failureSentence(error)}</p>
          <p>
            <a href="/">Back to the articles</a>
          </p>
        </main>
      </body>
    </html>
  );
}
