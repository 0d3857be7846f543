'use client';
import { useId, useState, type FormEvent } from 'react';
import { authClient } from './auth-client';

/** One message for a wrong email or a wrong password: which one it was is nobody's business. */
export const WRONG_CREDENTIALS = 'Wrong email or password.';

export function SignInForm({ next }: { next: string }) {
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!email.trim() || !password) return setError('Enter your email and password.');
    setPending(true);
    const result = await authClient.signIn.email({ email: email.trim(), password }).catch(() => null);
    if (result && !result.error) return window.location.assign(next);
    setPending(false);
    const status = result?.error?.status;
    if (status === 401 || status === 400) setError(WRONG_CREDENTIALS);
    else if (result?.error?.message)
      setError(result.error.message); // too many attempts, or a refused cross-site request
    else setError('The server could not be reached. Check your connection and try again.');
  }

  return (
    <form className="account-form" onSubmit={submit} noValidate>
      <label htmlFor={`${id}-email`}>Email</label>
      <input id={`${id}-email`} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
      <label htmlFor={`${id}-password`}>Password</label>
      <input
        id={`${id}-password`}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
