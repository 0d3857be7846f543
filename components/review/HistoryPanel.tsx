'use client';
// Everything that happened to one annotation (or one article), newest first,
// in sentences, with times in the reader's time zone. Editors bring back an
// earlier version (after seeing, field by field, what it changes), or a
// deleted annotation, from here.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { AnnotationView } from '@/server/domain/annotation';
import { restoreChanges, versionOf, type FieldChange } from '@/server/domain/history';
import { useChangeFeed } from '../annotations/change-feed';
import { hasChanges, touches } from '../annotations/store/change-source';
import { formatDateTime } from '../ui/format';
import { RestorePreview } from './RestorePreview';
import { errorMessage, useTRPC, useTRPCClient } from '../ui/trpc';

/** What the list shows of each history entry. */
interface HistoryEntry {
  id: number;
  type: string;
  annotationId: string | null;
  createdAt: string;
  sentence: string;
  restorable: boolean;
  before?: unknown;
  after?: unknown;
}

/** A restore that shows what it changes first: pressing the entry's button opens this preview, "Restore" applies it. */
interface RestoreAction {
  label: string;
  ariaLabel?: string;
  /** What applying it changes; absent for actions with nothing to compare (bringing back a deleted annotation). */
  preview?: FieldChange[];
  run: () => Promise<AnnotationView>;
}

interface ListProps {
  title: string;
  /** The query key to refresh after a restore. */
  queryKey: readonly unknown[];
  entries: HistoryEntry[] | undefined;
  error: unknown;
  /** For entries that can be brought back: the button's label and what pressing it does. */
  restoreAction: ((entry: HistoryEntry) => RestoreAction | null) | null;
  onRestored: (view: AnnotationView) => void;
}

function HistoryList({ title, queryKey, entries, error, restoreAction, onRestored }: ListProps) {
  const id = useId();
  const queryClient = useQueryClient();
  const [failed, setFailed] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState<number | null>(null);
  const restore = useMutation({
    mutationFn: (run: () => Promise<AnnotationView>) => run(),
    onSuccess: (view) => {
      setPreviewing(null);
      onRestored(view);
    },
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
              <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>{' '}
              <span className="history-sentence">{entry.sentence}</span>{' '}
              {action && (
                <button
                  type="button"
                  className="link-button"
                  disabled={restore.isPending}
                  aria-label={action.ariaLabel}
                  aria-expanded={action.preview ? previewing === entry.id : undefined}
                  onClick={() => {
                    setFailed(null);
                    if (action.preview) setPreviewing(previewing === entry.id ? null : entry.id);
                    else restore.mutate(action.run);
                  }}
                >
                  {action.label}
                </button>
              )}
              {action?.preview && previewing === entry.id && (
                <RestorePreview
                  when={formatDateTime(entry.createdAt)}
                  changes={action.preview}
                  pending={restore.isPending}
                  onConfirm={() => restore.mutate(action.run)}
                  onCancel={() => setPreviewing(null)}
                />
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
  annotation,
  canRestore,
  onRestored,
}: {
  /** The current version, which a restore's preview compares with. */
  annotation: AnnotationView;
  canRestore: boolean;
  onRestored: (view: AnnotationView) => void;
}) {
  const annotationId = annotation.id;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const query = trpc.annotation.history.queryOptions({ id: annotationId });
  const history = useQuery(query);
  const verdicts = useQuery({ ...trpc.verdict.list.queryOptions(), staleTime: 60_000 });
  const label = (key: string) => verdicts.data?.find((v) => v.key === key)?.label ?? key;
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
                    ariaLabel: `Restore this version (${formatDateTime(entry.createdAt)})`,
                    preview: restoreChanges(annotation, versionOf(entry) ?? {}, label),
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
