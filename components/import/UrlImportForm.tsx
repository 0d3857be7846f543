'use client';
// Bring an article in from its address: the server fetches the page and keeps only the article.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { importUrlInput } from '@/server/domain/article.types';
import { errorMessage, useTRPC } from '../ui/trpc';

export function UrlImportForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const fetchArticle = useMutation(
    trpc.article.importUrl.mutationOptions({
      onSuccess: ({ id: articleId }) => router.push(`/articles/${articleId}`),
      onError: (e) => setError(errorMessage(e)),
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const parsed = importUrlInput.safeParse({ url });
    if (!parsed.success) return setError(parsed.error.issues.map((i) => i.message).join('; '));
    fetchArticle.mutate(parsed.data);
  }

  return (
    <form className="url-form" onSubmit={submit} aria-labelledby={`${id}-h`} noValidate>
      <h2 id={`${id}-h`}>Import from the web</h2>
      <label htmlFor={id}>Article URL</label>
      <input id={id} type="url" placeholder="https://" value={url} onChange={(e) => setUrl(e.target.value)} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={fetchArticle.isPending}>
        {fetchArticle.isPending ? 'Fetching…' : 'Fetch article'}
      </button>
    </form>
  );
}
