'use client';
// Everything that happened to one annotation (or one article), newest first,
// in sentences. Editors can bring back an earlier version from here.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import type { AnnotationView } from '@/server/domain/annotation';
import { formatDate } from './format';
import { errorMessage, useTRPC } from './trpc';

/** What the list shows of each history entry. */
interface HistoryEntry {
  id: number;
  type: string;
  annotationId: string | null;
  createdAt: string;
  sentence: string;
  restorable: boolean;
}

function HistoryList({ title, entries, error, action }: { title: string; entries: HistoryEntry[] | undefined; error: unknown; action?: (entry: HistoryEntry) => ReactNode }) {
  const id = useId();
  return (
    <section className="history" aria-labelledby={`${id}-h`} role="region">
      <h3 id={`${id}-h`}>{title}</h3>
      {!entries && !error && <p className="hint">Loading…</p>}
      {error ? <p role="alert" className="error">{errorMessage(error)}</p> : null}
      {entries && entries.length === 0 && <p className="hint">Nothing recorded yet.</p>}
      <ol className="history-list">
        {entries?.map((entry) => (
          <li key={entry.id}>
            <time dateTime={entry.createdAt}>{formatDate(entry.createdAt)}</time> <span className="history-sentence">{entry.sentence}</span> {action?.(entry)}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function AnnotationHistory({ annotationId, canRestore, onRestored }: { annotationId: string; canRestore: boolean; onRestored: (view: AnnotationView) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const query = trpc.annotation.history.queryOptions({ id: annotationId });
  const history = useQuery(query);
  const restore = useMutation(
    trpc.annotation.restoreVersion.mutationOptions({
      onSuccess: onRestored,
      onError: (e) => setError(errorMessage(e)),
      onSettled: () => queryClient.invalidateQueries({ queryKey: query.queryKey }),
    }),
  );
  return (
    <>
      <HistoryList
        title="History"
        entries={history.data}
        error={history.error}
        action={(entry) =>
          canRestore && entry.restorable ? (
            <button
              type="button"
              className="link-button"
              disabled={restore.isPending}
              aria-label={`Restore this version (${formatDate(entry.createdAt)})`}
              onClick={() => {
                setError(null);
                restore.mutate({ id: annotationId, eventId: entry.id });
              }}
            >
              Restore this version
            </button>
          ) : null
        }
      />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </>
  );
}

/** The article's history; editors bring a deleted annotation back from its "deleted" entry. */
export function ArticleHistory({ articleId, canRestore, onRestored }: { articleId: number; canRestore: boolean; onRestored: (view: AnnotationView) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const query = trpc.article.history.queryOptions({ id: articleId });
  const history = useQuery(query);
  const restore = useMutation(
    trpc.annotation.restore.mutationOptions({
      onSuccess: onRestored,
      onError: (e) => setError(errorMessage(e)),
      onSettled: () => queryClient.invalidateQueries({ queryKey: query.queryKey }),
    }),
  );
  return (
    <>
      <HistoryList
        title="Article history"
        entries={history.data}
        error={history.error}
        action={(entry) =>
          canRestore && entry.type === 'annotation.deleted' && entry.annotationId ? (
            <button
              type="button"
              className="link-button"
              disabled={restore.isPending}
              onClick={() => {
                setError(null);
                restore.mutate({ id: entry.annotationId! });
              }}
            >
              Restore annotation
            </button>
          ) : null
        }
      />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </>
  );
}
