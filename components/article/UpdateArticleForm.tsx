'use client';
// A new revision of the article: pasted text, a file (text, a Word draft or a
// PDF, read as on import), or the article's address again.
import { useId, useRef, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { updateArticleFromFileInput, updateArticleInput } from '@/server/domain/article.types';
import { BINARY_IMPORT_EXTENSIONS, IMPORT_EXTENSIONS } from '@/server/domain/limits';
import type { AnchorStatus } from '@/server/domain/enums';
import { readImportFile } from '../import/read-article-file';
import { errorMessage, useTRPCClient } from '../ui/trpc';
import { FormFooter } from '../ui/FormFooter';

interface Props {
  articleId: number;
  sourceUrl: string | null;
  /** `notes`: what reading a Word draft or PDF left out. */
  onSaved: (result: { number: number; anchors: Record<AnchorStatus, number>; notes?: string[] }) => void;
  onCancel: () => void;
}

export function UpdateArticleForm({ articleId, sourceUrl, onSaved, onCancel }: Props) {
  const client = useTRPCClient();
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [url, setUrl] = useState(sourceUrl ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const file = fileInput.current?.files?.[0];
    let input: { text: string; fileName?: string; url?: string };
    if (file) {
      const read = await readImportFile(file);
      if ('error' in read) return setError(read.error);
      if ('base64' in read)
        return save(updateArticleFromFileInput, { articleId, ...read }, (data) => client.article.updateFromFile.mutate(data));
      input = read;
    } else if (text.trim()) {
      input = { text };
    } else {
      input = { text: '', url };
    }
    return save(updateArticleInput, { articleId, ...input }, (data) => client.article.update.mutate(data));
  }

  /** Checks the input with the server's own schema, then sends it. */
  async function save<T>(schema: z.ZodType<T>, value: unknown, send: (data: T) => Promise<Parameters<Props['onSaved']>[0]>) {
    const parsed = schema.safeParse(value);
    if (!parsed.success) return setError(parsed.error.issues.map((i) => i.message).join('; '));
    setBusy(true);
    try {
      onSaved(await send(parsed.data));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="update-form" onSubmit={submit} aria-labelledby={`${id}-h`} noValidate>
      <h2 id={`${id}-h`}>Update article</h2>
      <p className="hint">
        The new text becomes the current revision; earlier ones stay readable. Every annotation is placed on the new text again, and those
        that cannot be placed are listed under “Needs re-anchoring”. Give one of: new text, a file (.txt, .md, .html, or a Word draft or
        PDF, read as on import), or the address.
      </p>
      <label htmlFor={`${id}-text`}>Article text</label>
      <textarea id={`${id}-text`} rows={8} value={text} onChange={(e) => setText(e.target.value)} />
      <label htmlFor={`${id}-file`}>Upload file</label>
      <input id={`${id}-file`} ref={fileInput} type="file" accept={[...IMPORT_EXTENSIONS, ...BINARY_IMPORT_EXTENSIONS].join(',')} />
      <label htmlFor={`${id}-url`}>Article URL</label>
      <input id={`${id}-url`} type="url" placeholder="https://" value={url} onChange={(e) => setUrl(e.target.value)} />
      <FormFooter error={error} busy={busy} label="Save revision" busyLabel="Saving revision…" onCancel={onCancel} />
    </form>
  );
}
