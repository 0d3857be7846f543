'use client';
// Title, source URL, byline and publication date, checked with the same rules
// as on import before they are sent; the server checks them again.
import { useId, useState, type FormEvent } from 'react';
import { updateArticleDetailsInput } from '@/server/domain/article.types';
import type { ArticleDetails } from '@/server/domain/article.types';
import { errorMessage, useTRPCClient } from '../ui/trpc';
import { FormFooter } from '../ui/FormFooter';

interface Props {
  article: ArticleDetails;
  onSaved: () => void;
  onCancel: () => void;
}

export function ArticleDetailsForm({ article, onSaved, onCancel }: Props) {
  const client = useTRPCClient();
  const id = useId();
  const [fields, setFields] = useState({
    title: article.title,
    sourceUrl: article.sourceUrl ?? '',
    byline: article.byline ?? '',
    publishedAt: article.publishedAt ?? '',
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof typeof fields) => (e: { target: { value: string } }) => setFields({ ...fields, [field]: e.target.value });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const parsed = updateArticleDetailsInput.safeParse({ id: article.id, ...fields });
    if (!parsed.success) return setError(parsed.error.issues.map((i) => i.message).join('; '));
    setBusy(true);
    try {
      await client.article.updateDetails.mutate(parsed.data);
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label="Edit article details" noValidate>
      <label htmlFor={`${id}-title`}>Title</label>
      <input id={`${id}-title`} type="text" value={fields.title} onChange={set('title')} autoComplete="off" />
      <label htmlFor={`${id}-url`}>Source URL</label>
      <input id={`${id}-url`} type="url" placeholder="https://" value={fields.sourceUrl} onChange={set('sourceUrl')} />
      <label htmlFor={`${id}-byline`}>Byline</label>
      <input id={`${id}-byline`} type="text" value={fields.byline} onChange={set('byline')} />
      <label htmlFor={`${id}-date`}>Publication date</label>
      <input id={`${id}-date`} type="date" value={fields.publishedAt} onChange={set('publishedAt')} />
      <FormFooter error={error} busy={busy} label="Save details" busyLabel="Saving details…" onCancel={onCancel} />
    </form>
  );
}
