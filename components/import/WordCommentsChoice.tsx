'use client';
// A Word draft's comments, offered before importing: the server counts them
// (in the import worker pool) as soon as the .docx is chosen, and the person
// decides whether they come in as draft annotations.
import { useId, useRef, useState } from 'react';
import { fileExtension } from '@/server/domain/article.types';
import { readImportFile } from './read-article-file';
import { errorMessage, useTRPCClient } from '../ui/trpc';

export type WordCommentsState = { state: 'none' } | { state: 'counting' } | { state: 'counted'; count: number };

/** Counts the chosen .docx's comments; anything else has none. A later choice of file wins over an earlier count. */
export function useWordComments(onError: (message: string) => void) {
  const client = useTRPCClient();
  const [found, setFound] = useState<WordCommentsState>({ state: 'none' });
  const [bringIn, setBringIn] = useState(false);
  const latest = useRef<File | null>(null);

  async function inspect(file: File | undefined) {
    latest.current = file ?? null;
    setBringIn(false);
    if (!file || fileExtension(file.name) !== '.docx') return setFound({ state: 'none' });
    setFound({ state: 'counting' });
    try {
      const read = await readImportFile(file);
      if (!('base64' in read)) throw new Error('error' in read ? read.error : 'The file could not be read');
      const { wordComments } = await client.article.inspectFile.mutate({ fileName: read.fileName, base64: read.base64 });
      if (latest.current === file) setFound({ state: 'counted', count: wordComments });
    } catch (e) {
      if (latest.current !== file) return;
      setFound({ state: 'none' });
      onError(errorMessage(e));
    }
  }

  return { found, bringIn, setBringIn, inspect };
}

interface Props {
  found: WordCommentsState;
  bringIn: boolean;
  onChange: (bringIn: boolean) => void;
}

export function WordCommentsChoice({ found, bringIn, onChange }: Props) {
  const id = useId();
  if (found.state === 'counting') return <p role="status">Looking for Word comments…</p>;
  if (found.state !== 'counted' || found.count === 0) return null;
  const n = found.count;
  return (
    <div className="word-comments">
      <input id={id} type="checkbox" checked={bringIn} onChange={(e) => onChange(e.target.checked)} aria-describedby={`${id}-hint`} />{' '}
      <label htmlFor={id}>
        Bring in {n === 1 ? 'the Word comment as a draft annotation' : `${n.toLocaleString('en-US')} Word comments as draft annotations`}
      </label>
      <p id={`${id}-hint`} className="hint">
        Each on the words it marks, marked “Needs a verdict”, with the comment as the start of its rationale and its author credited. You
        are the annotations’ author. Left unticked, the comments are left out.
      </p>
    </div>
  );
}
