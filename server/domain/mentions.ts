// Who a comment mentions. Shared by the server (which stores mentions by
// person id) and the discussion's autocomplete (which inserts "@Full Name" and
// remembers whom it meant). Pure, so the rules are unit-tested.

export interface MentionablePerson {
  id: string;
  name: string;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** The first word of a name: what colleagues type when they write "@Rui". */
export const firstName = (name: string): string => name.trim().split(/\s+/)[0] ?? '';

/** Whether `body` holds "@" + `name` not followed by a letter or digit (so "@Ann" is not "@Anna"). */
function mentionsText(lowerBody: string, name: string): boolean {
  const needle = `@${name.toLowerCase()}`;
  for (let at = lowerBody.indexOf(needle); at >= 0; at = lowerBody.indexOf(needle, at + 1)) {
    const next = lowerBody[at + needle.length];
    if (next === undefined || !LETTER_OR_DIGIT.test(next)) return true;
  }
  return false;
}

/**
 * The ids of the people `body` mentions: "@Full Name" in any case; "@First" when exactly one
 * person has that first name (two Anns: "@Ann" names nobody, "@Ann Lee" still works). Names are
 * unique on a desk, so the "@Full Name" the autocomplete inserts names exactly the person picked.
 */
export function resolveMentions(body: string, people: readonly MentionablePerson[]): string[] {
  const lower = body.toLowerCase();
  const byFirst = new Map<string, MentionablePerson[]>();
  for (const p of people) {
    const key = firstName(p.name).toLowerCase();
    byFirst.set(key, [...(byFirst.get(key) ?? []), p]);
  }
  const ids = new Set<string>();
  for (const p of people) {
    if (mentionsText(lower, p.name)) ids.add(p.id);
    else if (byFirst.get(firstName(p.name).toLowerCase())?.length === 1 && mentionsText(lower, firstName(p.name))) ids.add(p.id);
  }
  return [...ids];
}

/** The "@query" being typed just before `caret`, if any: from an "@" at the start or after a space, up to the caret. */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  if (at > 0 && !/\s|[([]/.test(before[at - 1])) return null;
  const query = before.slice(at + 1);
  // A mention is at most a name: two spaces in a row, a newline or a long run ends the question.
  if (query.length > 60 || /\n|\s\s/.test(query)) return null;
  return { start: at, query };
}

/** People whose name or any word of it starts with `query` (case-insensitive), best first, at most `limit`. */
export function matchPeople(people: readonly MentionablePerson[], query: string, limit = 8): MentionablePerson[] {
  const q = query.trim().toLowerCase();
  const scored = people
    .map((p) => {
      const name = p.name.toLowerCase();
      const rank = name.startsWith(q) ? 0 : name.split(/\s+/).some((w) => w.startsWith(q)) ? 1 : -1;
      return { p, rank };
    })
    .filter((s) => s.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.p.name.localeCompare(b.p.name));
  return scored.slice(0, limit).map((s) => s.p);
}
