'use client';
import { useState } from 'react';

export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  async function signOut() {
    setBusy(true);
    // Loaded on the click: the button is in every page's header, and the auth client is a sizeable part of the
    // script each page would otherwise load and run before it answers (the search results page's figure).
    const { authClient } = await import('./auth-client');
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
