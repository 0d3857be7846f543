// DNS rebinding: a page on rebind.evil.example can make its own name resolve to
// 127.0.0.1 and then talk to a local instance "same-origin", with the Host
// header (and the Origin) saying rebind.evil.example. The app answers only
// requests addressed to a name it knows: the public URL's host, localhost for
// development, and what FACTCHECK_ALLOWED_HOSTS adds. No imports, so the proxy
// and the unit tests can use it as is.

export const HOST_REFUSAL = 'Refused: this server does not answer to that host name';

const LOCAL_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** The host name of "name", "name:port", "[v6]:port" or a URL, lower-cased, without the port; null if it is not one. */
export function hostnameOf(value: string): string | null {
  const trimmed = value.trim().toLowerCase();
  if (!trimmed) return null;
  if (trimmed.includes('://')) {
    try {
      return new URL(trimmed).hostname || null;
    } catch {
      return null;
    }
  }
  // A Host header is a name or an address, with an optional port: nothing else (no path, no credentials).
  const match = /^([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/.exec(trimmed);
  return match ? match[1] : null;
}

/** The host names this server answers to. */
export function allowedHostnames(
  publicUrl: string | undefined = process.env.FACTCHECK_PUBLIC_URL,
  extra: string | undefined = process.env.FACTCHECK_ALLOWED_HOSTS,
): Set<string> {
  const names = new Set(LOCAL_NAMES);
  if (publicUrl) {
    try {
      names.add(new URL(publicUrl).hostname.toLowerCase());
    } catch {
      // A malformed setting adds nothing.
    }
  }
  for (const item of (extra ?? '').split(',')) {
    const name = hostnameOf(item);
    if (name) names.add(name);
  }
  return names;
}

/**
 * True when every host name the request was addressed to (Host, and
 * X-Forwarded-Host from a proxy, which a rebinding page could also set) is
 * allowed. Any port is fine: the name is what rebinding forges.
 */
export function isAllowedHost(headers: Headers, allowed: Set<string> = allowedHostnames()): boolean {
  const host = headers.get('host');
  if (!host) return false;
  const given = [host, ...(headers.get('x-forwarded-host')?.split(',') ?? [])];
  return given.every((value) => {
    const name = hostnameOf(value);
    return name !== null && allowed.has(name);
  });
}
