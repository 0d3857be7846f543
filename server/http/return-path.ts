/** Where to go after signing in: only a path of this app, never another site (`//evil.example`, `/\evil`). */
export function safeReturnPath(value: string | string[] | undefined): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (!path || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\') || /[\u0000-\u001f]/.test(path)) return '/';
  return path;
}
