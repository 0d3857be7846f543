'use client';
// Everything that happened to one annotation (or one article), newest first,
// in sentences. Editors bring back an earlier version, or a deleted
// annotation, from here.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { AnnotationView } from '@/server/domain/annotation';
import { useChangeFeed } from '../annotations/change-feed';
import { hasChanges, touches } from '../annotations/store/change-source';
import { formatDate } from '../ui/format';
import { errorMessage, useTRPC, useTRPCClient } from '../ui/trpc';

/** What the list shows of each history entry. */
interface HistoryEntry {
  id: number;
  type: string;
  annotationId: string | null;
  createdAt: string;
  sentence: string;
  restorable: boolean;
}

interface ListProps {
  title: string;
  /** The query key to refresh after a restore. */
  queryKey: readonly unknown[];
  entries: HistoryEntry[] | undefined;
  error: unknown;
  /** For entries that can be brought back: the button's label and what pressing it does. */
  restoreAction: ((entry: HistoryEntry) => { label: string; ariaLabel?: string; run: () => Promise<AnnotationView> } | null) | null;
  onRestored: (view: AnnotationView) => void;
}

function HistoryList({ title, queryKey, entries, error, restoreAction, onRestored }: ListProps) {
  const id = useId();
  const queryClient = useQueryClient();
  const [failed, setFailed] = useState<string | null>(null);
  const restore = useMutation({
    mutationFn: (run: () => Promise<AnnotationView>) => run(),
    onSuccess: onRestored,
    onError: (e) => setFailed(errorMessage(e)),
    onSettled: () => queryClient.invalidateQueries({ queryKey }),
  });
  return (
    <section className="history" aria-labelledby={`${id}-h`} role="region">
      <h3 id={`${id}-h`}>{title}</h3>
      {!entries && !error && <p className="hint">Loading…</p>}
      {error ? (
        <p role="alert" className="error">
          {errorMessage(error)}
        </p>
      ) : null}
      {entries && entries.length === 0 && <p className="hint">Nothing recorded yet.</p>}
      <ol className="history-list">
        {entries?.map((entry) => {
          const action = restoreAction?.(entry);
          return (
            <li key={entry.id}>
              <time dateTime={entry.createdAt}>{formatDate(entry.createdAt)}</time>{' '}
              <span className="history-sentence">{entry.sentence}</span>{' '}
              {action && (
                <button
                  type="button"
                  className="link-button"
                  disabled={restore.isPending}
                  aria-label={action.ariaLabel}
                  onClick={() => {
                    setFailed(null);
                    restore.mutate(action.run);
                  }}
                >
                  {action.label}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {failed && (
        <p role="alert" className="error">
          {failed}
        </p>
      )}
    </section>
  );
}

export function AnnotationHistory({
  annotationId,
  canRestore,
  onRestored,
}: {
  annotationId: string;
  canRestore: boolean;
  onRestored: (view: AnnotationView) => void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const query = trpc.annotation.history.queryOptions({ id: annotationId });
  const history = useQuery(query);
  const queryClient = useQueryClient();
  // A colleague's change, comment or sign-off step arrives on the page's one change feed: the history follows it.
  useChangeFeed((event) => {
    if (touches(event, annotationId)) void queryClient.invalidateQueries({ queryKey: query.queryKey });
  });
  return (
    <HistoryList
      title="History"
      queryKey={query.queryKey}
      entries={history.data}
      error={history.error}
      onRestored={onRestored}
      restoreAction={
        canRestore
          ? (entry) =>
              entry.restorable
                ? {
                    label: 'Restore this version',
                    ariaLabel: `Restore this version (${formatDate(entry.createdAt)})`,
                    run: () => client.annotation.restoreVersion.mutate({ id: annotationId, eventId: entry.id }),
                  }
                : null
          : null
      }
    />
  );
}

export function ArticleHistory({
  articleId,
  canRestore,
  onRestored,
}: {
  articleId: number;
  canRestore: boolean;
  onRestored: (view: AnnotationView) => void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const query = trpc.article.history.queryOptions({ id: articleId });
  const history = useQuery(query);
  const queryClient = useQueryClient();
  useChangeFeed((event) => {
    if (hasChanges(event)) void queryClient.invalidateQueries({ queryKey: query.queryKey });
  });
  return (
    <HistoryList
      title="Article history"
      queryKey={query.queryKey}
      entries={history.data}
      error={history.error}
      onRestored={onRestored}
      restoreAction={
        canRestore
          ? (entry) =>
              entry.type === 'annotation.deleted' && entry.annotationId
                ? { label: 'Restore annotation', run: () => client.annotation.restore.mutate({ id: entry.annotationId! }) }
                : null
          : null
      }
    />
  );
}
