'use client';
// Bring an article in: paste text, Markdown or HTML, or upload a file.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import Link from 'next/link';
import { importArticleInput, importFileInput } from '@/server/domain/article.types';
import { BINARY_IMPORT_EXTENSIONS, IMPORT_EXTENSIONS } from '@/server/domain/limits';
import { readImportFile, type ReadFile } from './read-article-file';
import { useWordComments, WordCommentsChoice } from './WordCommentsChoice';
import { errorMessage, useTRPC } from '../ui/trpc';

export function ImportForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const fileInput = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [source, setSource] = useState({ sourceUrl: '', byline: '', publishedAt: '' });
  const [error, setError] = useState<string | null>(null);
  /** The chosen file's name while both it and pasted text are there: one of them has to go before importing. */
  const [both, setBoth] = useState<string | null>(null);
  const ids = { title: useId(), text: useId(), file: useId(), help: useId(), source: useId(), choice: useId() };
  const choiceRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (both) choiceRef.current?.focus();
  }, [both]);
  /** An imported Word or PDF file whose reading left something out: the notes are shown before opening it. */
  const [notes, setNotes] = useState<{ id: number; title: string; notes: string[] } | null>(null);
  const importArticle = useMutation(
    trpc.article.import.mutationOptions({
      onSuccess: ({ id }) => router.push(`/articles/${id}`),
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  const importFile = useMutation(
    trpc.article.importFile.mutationOptions({
      onSuccess: (result) => (result.notes.length ? setNotes(result) : router.push(`/articles/${result.id}`)),
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  const pending = importArticle.isPending || importFile.isPending;
  const wordComments = useWordComments(setError);
  // Before the page is hydrated a click would submit the bare HTML form: the page reloads and what was pasted is gone.
  const hydrated = useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );

  async function readInput(): Promise<ReadFile | { text: string }> {
    const file = fileInput.current?.files?.[0];
    return file ? readImportFile(file) : { text };
  }

  /** True when pasted text and a chosen file compete: the form asks which to use instead of dropping either. */
  function askIfBoth(): boolean {
    const file = fileInput.current?.files?.[0];
    setBoth(file && text.trim() ? file.name : null);
    return Boolean(file && text.trim());
  }

  function chooseFile() {
    setText('');
    setBoth(null);
    fileInput.current?.focus();
  }

  function chooseText() {
    if (fileInput.current) fileInput.current.value = '';
    void wordComments.inspect(undefined);
    setBoth(null);
    fileInput.current?.focus();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (askIfBoth()) return;
    setNotes(null);
    const input = await readInput();
    if ('error' in input) return setError(input.error);
    if ('base64' in input) {
      const file = importFileInput.safeParse({ title, ...input, ...source, wordComments: wordComments.bringIn });
      if (!file.success) return setError(file.error.issues.map((i) => i.message).join('; '));
      return importFile.mutate(file.data);
    }
    const parsed = importArticleInput.safeParse({ title, ...input, ...source });
    if (!parsed.success) return setError(parsed.error.issues.map((i) => i.message).join('; '));
    importArticle.mutate(parsed.data);
  }

  return (
    <form className="import-form" onSubmit={submit} aria-labelledby={`${ids.title}-heading`} noValidate>
      <h2 id={`${ids.title}-heading`}>Import an article</h2>
      <p id={ids.help} className="hint">
        Paste plain text, Markdown or HTML, or upload a .txt, .md or .html file (up to 2 MB), a Word draft (.docx) or a PDF report with text
        (.pdf, up to 4 MB). With no title, the first line becomes the title.
      </p>
      <label htmlFor={ids.title}>Title</label>
      <input id={ids.title} type="text" value={title} onChange={(e) => setTitle(e.target.value)} autoComplete="off" />
      <label htmlFor={ids.text}>Article text</label>
      <textarea id={ids.text} rows={12} value={text} onChange={(e) => setText(e.target.value)} aria-describedby={ids.help} />
      <label htmlFor={ids.file}>Upload file</label>
      <input
        id={ids.file}
        ref={fileInput}
        type="file"
        accept={[...IMPORT_EXTENSIONS, ...BINARY_IMPORT_EXTENSIONS].join(',')}
        onChange={() => {
          setError(null);
          askIfBoth();
          void wordComments.inspect(fileInput.current?.files?.[0]);
        }}
      />
      <WordCommentsChoice found={wordComments.found} bringIn={wordComments.bringIn} onChange={wordComments.setBringIn} />
      {both && (
        <fieldset className="choice" aria-labelledby={ids.choice}>
          <p id={ids.choice}>You pasted text and chose the file “{both}”. Which should be imported?</p>
          <button type="button" ref={choiceRef} onClick={chooseFile}>
            Use the file
          </button>{' '}
          <button type="button" onClick={chooseText}>
            Keep the pasted text
          </button>
        </fieldset>
      )}
      <details className="source-details">
        <summary>Source details (optional)</summary>
        <label htmlFor={`${ids.source}-url`}>Source URL</label>
        <input
          id={`${ids.source}-url`}
          type="url"
          placeholder="https://"
          value={source.sourceUrl}
          onChange={(e) => setSource({ ...source, sourceUrl: e.target.value })}
        />
        <label htmlFor={`${ids.source}-byline`}>Byline</label>
        <input
          id={`${ids.source}-byline`}
          type="text"
          value={source.byline}
          onChange={(e) => setSource({ ...source, byline: e.target.value })}
        />
        <label htmlFor={`${ids.source}-date`}>Publication date</label>
        <input
          id={`${ids.source}-date`}
          type="date"
          value={source.publishedAt}
          onChange={(e) => setSource({ ...source, publishedAt: e.target.value })}
        />
      </details>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {notes && (
        <div role="status" className="import-notes">
          <p>Imported “{notes.title}”. Note:</p>
          <ul>
            {notes.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
          <Link href={`/articles/${notes.id}`}>Open the article</Link>
        </div>
      )}
      <button type="submit" disabled={pending || !hydrated}>
        {pending ? 'Importing…' : 'Import article'}
      </button>
    </form>
  );
}
