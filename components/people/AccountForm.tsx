'use client';
// Creating an account: the first admin at setup, or an invited person.
// Both end signed in, on the page they were heading for.
import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { acceptInviteInput, setupInput } from '@/server/domain/people.types';
import { errorMessage, useTRPC } from '../ui/trpc';

type Props = { kind: 'setup'; setupToken?: string } | { kind: 'invite'; token: string; email: string };

export function AccountForm(props: Props) {
  const trpc = useTRPC();
  const id = useId();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const onError = (e: unknown) => setError(errorMessage(e));
  // The first admin lands on the home page's "what next" (import an article, invite people).
  const setup = useMutation(trpc.account.setup.mutationOptions({ onSuccess: () => window.location.assign('/?welcome'), onError }));
  const accept = useMutation(trpc.account.acceptInvite.mutationOptions({ onSuccess: () => window.location.assign('/'), onError }));
  const pending = setup.isPending || accept.isPending;

  function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const parsed =
      props.kind === 'setup'
        ? setupInput.safeParse({ name, email, password })
        : acceptInviteInput.safeParse({ token: props.token, name, password });
    if (!parsed.success) return setError(parsed.error.issues.map((i) => i.message).join('; '));
    if (props.kind === 'setup') setup.mutate({ name, email, password, setupToken: props.setupToken });
    else accept.mutate({ token: props.token, name, password });
  }

  return (
    <form className="account-form" onSubmit={submit} noValidate>
      {props.kind === 'invite' && (
        <p>
          Email: <strong>{props.email}</strong>
        </p>
      )}
      <label htmlFor={`${id}-name`}>Name</label>
      <input id={`${id}-name`} type="text" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
      {props.kind === 'setup' && (
        <>
          <label htmlFor={`${id}-email`}>Email</label>
          <input id={`${id}-email`} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </>
      )}
      <label htmlFor={`${id}-password`}>Password</label>
      <input
        id={`${id}-password`}
        type="password"
        autoComplete="new-password"
        aria-describedby={`${id}-password-hint`}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <p id={`${id}-password-hint`} className="hint">
        At least 8 characters.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={pending}>
        {pending ? 'Creating account…' : 'Create account'}
      </button>
    </form>
  );
}
