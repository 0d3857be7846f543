'use client';
// What stands between this article and publication. The export is always
// available; this says whether what it publishes is complete and signed off.
import { useQuery } from '@tanstack/react-query';
import { memo, useEffect, useId, useRef, useState } from 'react';
import { useChangeFeed } from '../annotations/change-feed';
import { hasChanges } from '../annotations/store/change-source';
import { errorMessage, useTRPC } from '../ui/trpc';
import { PublishPanel } from '../publish/PublishPanel';

const REFETCH_AFTER_CHANGE_MS = 800;

interface Props {
  articleId: number;
  /** Anything whose identity changes with the page's annotations: the list asks again after it does. */
  version: unknown;
  onOpen: (annotationId: string) => void;
}

// Memoised, like the annotation list: a selection change in the article does not re-render it.
export const ReadyToPublish = memo(function ReadyToPublish({ articleId, version, onOpen }: Props) {
  const trpc = useTRPC();
  const id = useId();
  // It asks again when `version` changes (this page's own changes) and when the change feed brings others' (comments
  // too, which leave `version` alone), so there is no polling of its own. A burst of changes asks once, after it.
  const readiness = useQuery({ ...trpc.article.readiness.queryOptions({ id: articleId }) });
  const { refetch } = readiness;
  const [remoteChanges, setRemoteChanges] = useState(0);
  useChangeFeed((event) => {
    if (hasChanges(event)) setRemoteChanges((n) => n + 1);
  });
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version and remoteChanges are the triggers, not inputs.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = window.setTimeout(() => void refetch(), REFETCH_AFTER_CHANGE_MS);
    return () => window.clearTimeout(timer);
  }, [version, remoteChanges, refetch]);
  const data = readiness.data;
  const count = data ? data.blockers.length + data.unlisted : 0;
  return (
    <section className={`readiness${data?.ready ? ' is-ready' : ''}`} aria-labelledby={`${id}-h`} role="region">
      <h2 id={`${id}-h`}>Ready to publish</h2>
      {readiness.isError && (
        <p role="alert" className="error">
          {errorMessage(readiness.error)}
        </p>
      )}
      {data &&
        (data.ready ? (
          <p>
            <span aria-hidden="true">✔ </span>Ready to publish:{' '}
            {data.published === 1 ? '1 approved annotation' : `${data.published} approved annotations`}.
          </p>
        ) : (
          <>
            <p>
              <span aria-hidden="true">⚠ </span>Not ready: {count === 1 ? '1 thing blocks' : `${count} things block`} publication. The
              export publishes only approved annotations ({data.published} now).
            </p>
            <ul>
              {data.blockers.map((b, i) => (
                <li key={`${b.kind}-${b.annotationId ?? i}`} data-blocker={b.kind}>
                  {b.annotationId ? (
                    <button type="button" className="link-button" onClick={() => onOpen(b.annotationId!)}>
                      {b.message}
                    </button>
                  ) : (
                    b.message
                  )}
                </li>
              ))}
            </ul>
            {data.unlisted > 0 && (
              <p className="hint">
                …and {data.unlisted === 1 ? '1 more annotation' : `${data.unlisted} more annotations`}: the Annotations list shows each
                one’s status.
              </p>
            )}
          </>
        ))}
      <PublishPanel articleId={articleId} ready={data?.ready ?? false} />
    </section>
  );
});
