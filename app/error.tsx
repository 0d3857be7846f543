'use client';
// A page that failed on the server: Next.js keeps the error's detail in the
// server's log and hands the browser only its digest, which is the reference.
import { useEffect } from 'react';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    if (!error.digest) console.error(error);
  }, [error]);
  return (
    <main className="not-found">
      <h1>Something went wrong</h1>
      <p role="alert">
        {error.digest
          ? `Something went wrong on the server (reference ${error.digest})`
          : 'Something went wrong in this page: reload it to try again'}
      </p>
      <p>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </p>
    </main>
  );
}
