'use client';
// Deleted articles an editor can bring back, with everything they had.
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { formatDate } from '../ui/format';
import { errorMessage, useTRPCClient } from '../ui/trpc';

interface DeletedArticle {
  id: number;
  title: string;
  deletedAt: string;
  deletedBy: string;
  annotationCount: number;
}

export function RecentlyDeleted({ articles }: { articles: DeletedArticle[] }) {
  const client = useTRPCClient();
  const router = useRouter();
  const id = useId();
  const [busy, setBusy] = useState<number | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function restore(article: DeletedArticle) {
    setBusy(article.id);
    setError(null);
    setSaid(null);
    try {
      await client.article.restore.mutate({ id: article.id });
      setSaid(`“${article.title}” is back, with its annotations.`);
      // The list of articles above and this one come from the server.
      router.refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  if (articles.length === 0 && !said && !error) return null;
  return (
    <section className="recently-deleted" aria-labelledby={`${id}-h`} role="region">
      <h2 id={`${id}-h`}>Recently deleted</h2>
      <ul>
        {articles.map((article) => (
          <li key={article.id}>
            <span>{article.title}</span>
            <span className="meta">
              {' '}
              · deleted by {article.deletedBy} on <time dateTime={article.deletedAt}>{formatDate(article.deletedAt)}</time> ·{' '}
              {article.annotationCount === 1 ? '1 annotation' : `${article.annotationCount} annotations`}
            </span>{' '}
            <button type="button" aria-label={`Restore ${article.title}`} disabled={busy !== null} onClick={() => restore(article)}>
              Restore
            </button>
          </li>
        ))}
      </ul>
      <p role="status">{said}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
