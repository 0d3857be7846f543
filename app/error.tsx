'use client';
// A page that failed on the server: Next.js keeps the error's detail in the
// server's log and hands the browser only its digest, which is the reference.
import { useEffect } from 'react';
import { failureSentence } from '@/components/ui/failure';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    if (!error.digest) console.error(error);
  }, [error]);
  return (
    <main className="not-found">
      <h1>Something went wrong</h1>
      <p role="alert">{failureSentence(error)}</p>
      <p>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </p>
    </main>
  );
}
