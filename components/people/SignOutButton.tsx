'use client';
import { useState } from 'react';
import { authClient } from './auth-client';

export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  async function signOut() {
    setBusy(true);
    await authClient.signOut().catch(() => undefined);
    // A full load, so no page keeps showing what a signed-out visitor may not see.
    window.location.assign('/sign-in');
  }
  return (
    <button type="button" className="link-button" onClick={signOut} disabled={busy}>
      Sign out
    </button>
  );
}
