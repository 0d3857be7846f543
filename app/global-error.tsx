'use client';
// When the root layout itself fails: the same sentence, with Next.js's digest as the reference.
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body>
        <main>
          <h1>Something went wrong</h1>
          <p role="alert">
            {error.digest
              ? `Something went wrong on the server (reference ${error.digest})`
              : 'Something went wrong in this page: reload it to try again'}
          </p>
          <p>
            <a href="/">Back to the articles</a>
          </p>
        </main>
      </body>
    </html>
  );
}
