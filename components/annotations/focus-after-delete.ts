// The button that deleted an annotation goes with it, and focus would fall to
// <body>, sending a keyboard user back to the top of the page. It moves on
// instead: to the next annotation in the same list, else the previous one,
// else the article.

/** The id to move to once `deleted` has left `ids` (in list order): the next one, else the previous one. */
export function neighbourAfterDelete(ids: readonly string[], deleted: string): string | null {
  const at = ids.indexOf(deleted);
  if (at === -1) return null;
  return ids[at + 1] ?? ids[at - 1] ?? null;
}

/** Focuses the first button of the neighbour's list item (`data-annotation-item`), or the article when there is none. */
export function focusAfterDelete(ids: readonly string[], deleted: string, focusArticle: () => void): void {
  const next = neighbourAfterDelete(ids, deleted);
  const button = next === null ? null : document.querySelector<HTMLElement>(`[data-annotation-item="${CSS.escape(next)}"] button`);
  if (button) button.focus();
  else focusArticle();
}
