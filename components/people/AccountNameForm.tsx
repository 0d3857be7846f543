'use client';
// One's own name, changed within the desk's rules (not empty, not too long,
// nobody else's). The server's sentence is shown when it refuses; the header
// shows the new name once it is saved.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { personNameSchema } from '@/server/domain/people.types';
import { errorMessage, useTRPC } from '../ui/trpc';

export function AccountNameForm({ name }: { name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const [value, setValue] = useState(name);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const rename = useMutation(
    trpc.account.rename.mutationOptions({
      onSuccess: (person) => {
        setValue(person.name);
        setNotice(`Your name is now ${person.name}.`);
        // The header is rendered by the server: fetch it again with the new name.
        router.refresh();
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setNotice(null);
    const parsed = personNameSchema.safeParse(value);
    if (!parsed.success) return setError(parsed.error.issues.map((i) => i.message).join('; '));
    rename.mutate({ name: parsed.data });
  }

  return (
    <form className="account-form" onSubmit={submit} aria-labelledby={`${id}-h`} noValidate>
      <h2 id={`${id}-h`}>Your name</h2>
      <p className="hint" id={`${id}-hint`}>
        Colleagues see it on your annotations and comments, and mention you with @ and this name. Nobody else on the desk may have the same
        name.
      </p>
      <label htmlFor={`${id}-name`}>Name</label>
      <input
        id={`${id}-name`}
        type="text"
        autoComplete="name"
        value={value}
        aria-describedby={`${id}-hint`}
        aria-invalid={error ? true : undefined}
        onChange={(e) => setValue(e.target.value)}
      />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p aria-live="polite" className="notice-line">
        {notice}
      </p>
      <button type="submit" disabled={rename.isPending}>
        Save name
      </button>
    </form>
  );
}
