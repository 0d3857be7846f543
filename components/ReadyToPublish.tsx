'use client';
// What stands between this article and publication. The export is always
// available; this says whether what it publishes is complete and signed off.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId } from 'react';
import { errorMessage, useTRPC } from './trpc';

export function ReadyToPublish({ articleId, version, onOpen }: { articleId: number; version: string; onOpen: (annotationId: string) => void }) {
  const trpc = useTRPC();
  const id = useId();
  // `version` changes with every local change, so the list follows the page's own edits too.
  const readiness = useQuery({ ...trpc.article.readiness.queryOptions({ id: articleId }), refetchInterval: 10_000 });
  const { refetch } = readiness;
  useEffect(() => {
    void refetch();
  }, [version, refetch]);
  const data = readiness.data;
  return (
    <section className={`readiness${data?.ready ? ' is-ready' : ''}`} aria-labelledby={`${id}-h`} role="region">
      <h2 id={`${id}-h`}>Ready to publish</h2>
      {readiness.isError && <p role="alert" className="error">{errorMessage(readiness.error)}</p>}
      {data &&
        (data.ready ? (
          <p>
            <span aria-hidden="true">✔ </span>Ready to publish: {data.published === 1 ? '1 approved annotation' : `${data.published} approved annotations`}.
          </p>
        ) : (
          <>
            <p>
              <span aria-hidden="true">⚠ </span>Not ready: {data.blockers.length === 1 ? '1 thing blocks' : `${data.blockers.length} things block`} publication. The
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
          </>
        ))}
    </section>
  );
}
