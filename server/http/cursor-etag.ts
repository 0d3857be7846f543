// The changes route's validator: its answer for a given `since` depends only on
// the article's cursor (its change sequence, articles.change_seq), so the cursor is the ETag. Weak, because a compressing
// proxy may change the bytes without changing what they say.
export const etagOf = (cursor: number) => `W/"${cursor}"`;

/** If-None-Match names this cursor (weak comparison, as RFC 9110 asks for If-None-Match), or is `*`. */
export function matchesCursor(ifNoneMatch: string | null, cursor: number): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === `"${cursor}"`;
  });
}
