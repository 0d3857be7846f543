// Next.js runs register() once when the server starts, before it answers requests.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { cookieWarnings, installPeerHook } = await import('./server/http/peer-hook');
  installPeerHook();
  for (const warning of cookieWarnings()) console.warn(`Warning: ${warning}`);
}
