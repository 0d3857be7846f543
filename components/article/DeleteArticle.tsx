'use client';
// Deleting an article, after a confirmation that says what goes with it. The
// delete can be undone by an editor from "Recently deleted" on the home page.
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { errorMessage, useTRPCClient } from '../ui/trpc';

interface Props {
  article: { id: number; title: string };
  annotationCount: number;
  /** False while annotation saves are pending: they would be refused once the article is gone. */
  ready: boolean;
}

export function confirmDeleteQuestion(title: string, annotationCount: number): string {
  if (annotationCount === 0) return `Delete “${title}”? It has no annotations.`;
  return `Delete “${title}” and its ${annotationCount === 1 ? '1 annotation' : `${annotationCount} annotations`}?`;
}

export function DeleteArticle({ article, annotationCount, ready }: Props) {
  const client = useTRPCClient();
  const router = useRouter();
  const id = useId();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  // The safe answer has the focus, so a stray Enter does not delete.
  useEffect(() => {
    if (asking) cancelRef.current?.focus();
  }, [asking]);

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await client.article.delete.mutate({ id: article.id });
      router.push(`/?deleted=${article.id}`);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  function cancel() {
    setAsking(false);
    setError(null);
    openRef.current?.focus();
  }

  if (!asking) {
    return (
      <button type="button" ref={openRef} className="danger" onClick={() => setAsking(true)}>
        Delete article
      </button>
    );
  }
  return (
    <fieldset className="confirm" aria-labelledby={`${id}-q`}>
      <p id={`${id}-q`}>{confirmDeleteQuestion(article.title, annotationCount)}</p>
      <p className="hint">An editor can restore it from “Recently deleted” on the home page.</p>
      {!ready && <p className="hint">Waiting for changes to be saved…</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="danger" onClick={remove} disabled={busy || !ready}>
          {busy ? 'Deleting…' : 'Yes, delete'}
        </button>
        <button type="button" ref={cancelRef} onClick={cancel}>
          Cancel
        </button>
      </div>
    </fieldset>
  );
}
