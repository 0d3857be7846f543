'use client';
// Publishing, under "Ready to publish": the public page's framing (headline,
// conclusion, what it shows, where the desk publishes it), "Publish" with a
// note for readers once there is a version, the versions so far, and "Unpublish".
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { can } from '@/server/domain/policy';
import { errorMessage, useTRPC } from '../ui/trpc';

interface Props {
  articleId: number;
  /** Readiness is green: the server checks it again. */
  ready: boolean;
}

export function PublishPanel({ articleId, ready }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const me = useQuery(trpc.account.me.queryOptions());
  const status = useQuery(trpc.publish.status.queryOptions({ articleId }));
  const data = status.data;
  const [headline, setHeadline] = useState('');
  const [conclusion, setConclusion] = useState('');
  const [display, setDisplay] = useState<'full' | 'excerpts'>('full');
  const [externalUrl, setExternalUrl] = useState('');
  const [bylineType, setBylineType] = useState<'Person' | 'Organization'>('Person');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const loaded = data !== undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form starts from the saved framing once it has loaded.
  useEffect(() => {
    if (!data) return;
    setHeadline(data.headline);
    setConclusion(data.conclusion);
    setDisplay(data.display);
    setExternalUrl(data.externalUrl ?? '');
    setBylineType(data.bylineType);
  }, [loaded]);
  const refresh = (next: NonNullable<typeof data>) => {
    queryClient.setQueryData(trpc.publish.status.queryKey({ articleId }), next);
    void queryClient.invalidateQueries({ queryKey: trpc.article.readiness.queryKey({ id: articleId }) });
  };
  const onError = (e: unknown) => {
    setMessage(null);
    setError(errorMessage(e as Error));
  };
  const saveFraming = useMutation(trpc.publish.saveFraming.mutationOptions({ onError }));
  const publish = useMutation(trpc.publish.publish.mutationOptions({ onError }));
  const unpublish = useMutation(trpc.publish.unpublish.mutationOptions({ onError }));
  const user = me.data?.user;
  const editor = user ? can.publish(user) : false;
  const versions = data?.versions ?? [];
  const next = versions.length + 1;
  const busy = saveFraming.isPending || publish.isPending || unpublish.isPending;

  async function onPublish(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setMessage(null);
    try {
      await saveFraming.mutateAsync({ articleId, headline, conclusion, display, externalUrl, bylineType });
      const result = await publish.mutateAsync({ articleId, note });
      refresh(result);
      setNote('');
      setMessage(`Published version ${result.versions.length}`);
    } catch {
      // onError has said why.
    }
  }

  async function onUnpublish(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const result = await unpublish.mutateAsync({ articleId, reason });
      refresh(result);
      setReason('');
      setMessage('Unpublished: the public page now says so, and why');
    } catch {
      // onError has said why.
    }
  }

  return (
    <section className="publish-panel" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Public page</h3>
      {status.isError && (
        <p role="alert" className="error">
          {errorMessage(status.error)}
        </p>
      )}
      {data?.publicUrl && (
        <p>
          <a href={data.publicUrl} target="_blank" rel="noopener">
            Public page
          </a>
          {data.unpublishedAt ? ' (unpublished)' : ` · version ${versions.length}`}
        </p>
      )}
      {versions.length > 0 && (
        <details>
          <summary>Versions ({versions.length})</summary>
          <ol>
            {versions.map((v) => (
              <li key={v.number}>
                <a href={v.url} target="_blank" rel="noopener">
                  Version {v.number}
                </a>{' '}
                by {v.publishedBy}
                {v.note ? `: ${v.note}` : ''}
              </li>
            ))}
          </ol>
        </details>
      )}
      {editor && data && (
        <form onSubmit={onPublish} className="publish-form" noValidate>
          <label htmlFor={`${id}-headline`}>Headline</label>
          <input
            id={`${id}-headline`}
            type="text"
            value={headline}
            placeholder={data.defaultHeadline}
            onChange={(e) => setHeadline(e.target.value)}
          />
          <label htmlFor={`${id}-conclusion`}>Conclusion</label>
          <textarea id={`${id}-conclusion`} rows={3} value={conclusion} onChange={(e) => setConclusion(e.target.value)} />
          <fieldset>
            <legend>The article’s text on the public page</legend>
            <label>
              <input type="radio" name={`${id}-display`} checked={display === 'full'} onChange={() => setDisplay('full')} /> Show the full
              article
            </label>
            <label>
              <input type="radio" name={`${id}-display`} checked={display === 'excerpts'} onChange={() => setDisplay('excerpts')} /> Show
              only the checked passages
            </label>
          </fieldset>
          <fieldset>
            <legend>The byline names</legend>
            <label>
              <input type="radio" name={`${id}-byline`} checked={bylineType === 'Person'} onChange={() => setBylineType('Person')} /> A
              person
            </label>
            <label>
              <input
                type="radio"
                name={`${id}-byline`}
                checked={bylineType === 'Organization'}
                onChange={() => setBylineType('Organization')}
              />{' '}
              An organisation
            </label>
          </fieldset>
          <label htmlFor={`${id}-external`}>Published at</label>
          <input
            id={`${id}-external`}
            type="url"
            placeholder="https:// (only when the desk publishes the check on its own site)"
            value={externalUrl}
            onChange={(e) => setExternalUrl(e.target.value)}
          />
          {versions.length > 0 && (
            <>
              <label htmlFor={`${id}-note`}>What changed (for readers)</label>
              <input id={`${id}-note`} type="text" value={note} maxLength={300} onChange={(e) => setNote(e.target.value)} />
            </>
          )}
          <button type="submit" className="primary" disabled={!ready || busy} title={ready ? undefined : 'Not ready to publish yet'}>
            {versions.length ? `Publish version ${next}` : 'Publish'}
          </button>
        </form>
      )}
      {editor && data?.publicUrl && !data.unpublishedAt && (
        <form onSubmit={onUnpublish} className="unpublish-form" noValidate>
          <label htmlFor={`${id}-reason`}>Reason for unpublishing</label>
          <input id={`${id}-reason`} type="text" value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" disabled={busy || !reason.trim()}>
            Unpublish
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}

/** The published check's public address, or null while it has none (never published, or unpublished). */
export function usePublicPageUrl(articleId: number): string | null {
  const trpc = useTRPC();
  const status = useQuery(trpc.publish.status.queryOptions({ articleId }));
  const url = status.data?.publicUrl;
  return url && !status.data?.unpublishedAt ? url : null;
}
