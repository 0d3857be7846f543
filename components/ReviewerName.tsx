'use client';
// The reviewer's name is asked once and kept in this browser; every annotation records it.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { MAX_AUTHOR_LENGTH } from '@/server/domain/limits';

const STORAGE_KEY = 'factcheck.reviewerName';

export function useReviewerName(): [string | null, (name: string | null) => void, boolean] {
  const [name, setName] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    setName(window.localStorage.getItem(STORAGE_KEY));
    setLoaded(true);
  }, []);
  const update = (next: string | null) => {
    if (next) window.localStorage.setItem(STORAGE_KEY, next);
    else window.localStorage.removeItem(STORAGE_KEY);
    setName(next);
  };
  return [name, update, loaded];
}

export function ReviewerNameForm({ onSubmit, message }: { onSubmit: (name: string) => void; message?: string | null }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  function submit(event: FormEvent) {
    event.preventDefault();
    const name = value.trim();
    if (!name) return setError('Enter your name: it is saved with each annotation you make');
    onSubmit(name.slice(0, MAX_AUTHOR_LENGTH));
  }
  return (
    <form className="reviewer-form" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Who is reviewing?</h2>
      <p className="hint">{message ?? 'Your name is shown on every annotation you make, so readers know who checked what.'}</p>
      <label htmlFor={id}>Your name</label>
      <input id={id} type="text" value={value} onChange={(e) => setValue(e.target.value)} autoComplete="name" maxLength={MAX_AUTHOR_LENGTH} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit">Start reviewing</button>
    </form>
  );
}
