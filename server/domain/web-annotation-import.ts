// Reads W3C Web Annotations back: our own export, other tools' collections and
// pages, single annotations, and rows of the Hypothesis API. Files come from
// anywhere, so the reading is lenient about shape and strict about content:
// every value the editor would store goes through the same zod rules as the
// annotation form, and whatever is left out is named in `problems`.
import { z } from 'zod';
import { claimFields, evidenceInput, importedStatuses } from './annotation.types';
import { JSON_TOO_DEEP, nestedDeeperThan } from './json-depth';
import { MAX_ARTICLE_BYTES, MAX_AUTHOR_LENGTH, MAX_EVIDENCE_ITEMS, MAX_RATIONALE_LENGTH, QUOTE_CONTEXT_LENGTH } from './limits';
import { userText } from './optional-fields';
import { isHttpUrl } from './validators';
import type { Verdict } from './verdicts';
import { FACTCHECK_NS, TERMS, TITLE_TERM } from './web-annotation-export';

/** More than this in one file is refused whole: a partial import would be harder to notice than a refusal. */
export const MAX_IMPORT_ANNOTATIONS = 5_000;

export interface ImportedAnnotation {
  selectors: { exact: string; prefix: string; suffix: string; start: number | null; end: number | null };
  verdictKey: string | null;
  verdictLabel: string | null;
  /** Tags (Hypothesis `tags`, or `tagging` bodies); `resolveVerdict` looks for a verdict among them when no other is given. */
  tags: string[];
  rationale: string;
  author: string | null;
  created: string | null;
  modified: string | null;
  evidence: { url: string; title: string; excerpt: string | null }[];
  status: (typeof importedStatuses)[number] | null;
  claimSummary: string | null;
  claimAuthor: string | null;
  claimAppearanceUrl: string | null;
  claimAppearanceDate: string | null;
  /** The tool it came from when we recognise one ("Hypothesis"), so its creator and date can be credited; null for ours and unknown ones. */
  origin: string | null;
}

export interface ParsedAnnotations {
  annotations: ImportedAnnotation[];
  problems: string[];
}

type Rec = Record<string, unknown>;

const isRecord = (value: unknown): value is Rec => typeof value === 'object' && value !== null && !Array.isArray(value);
/** JSON-LD lets any property hold one value or an array of them. */
const many = (value: unknown): unknown[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);
const strings = (value: unknown): string[] => many(value).filter((v): v is string => typeof v === 'string');
const hasType = (node: Rec, type: string) => strings(node.type).includes(type) || strings(node['@type']).includes(type);
const idOf = (node: Rec): unknown => node.id ?? node['@id'];
/** One of our extension terms, compact (`factcheck:verdict`) or written out with the namespace IRI. */
const term = (node: Rec, compact: string): unknown => node[compact] ?? node[FACTCHECK_NS + compact.slice(compact.indexOf(':') + 1)];
const codePoints = (text: string) => Array.from(text);
const firstMessage = (error: z.ZodError) => error.issues[0]?.message ?? 'invalid value';

/** The start of a quote, on one line, to name an annotation in a message. */
export function preview(exact: string): string {
  const chars = codePoints(exact.replace(/\s+/g, ' ').trim());
  return `"${chars.slice(0, 40).join('')}${chars.length > 40 ? '…' : ''}"`;
}

/** How problems name an annotation: its place in the file (counting from 1) and the start of its quote. */
const itemName = (index: number, exact?: string) => `Annotation ${index + 1}${exact?.trim() ? ` (${preview(exact)})` : ''}`;

const textQuoteSelector = z.object({
  type: z.literal('TextQuoteSelector'),
  exact: z.string(),
  prefix: z.string().optional(),
  suffix: z.string().optional(),
});

const textPositionSelector = z
  .object({ type: z.literal('TextPositionSelector'), start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })
  .refine((s) => s.start <= s.end);

export const quoteSchema = z
  .string()
  .min(1, 'its quoted text (TextQuoteSelector exact) is empty')
  .max(MAX_ARTICLE_BYTES, 'its quoted text is longer than any article')
  .refine((s) => s.trim().length > 0, 'its quoted text is only whitespace');

export const rationaleSchema = userText().max(
  MAX_RATIONALE_LENGTH,
  `its rationale is longer than ${MAX_RATIONALE_LENGTH.toLocaleString('en-US')} characters`,
);

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 100;
const tagSchema = userText().trim().min(1, 'it is empty').max(MAX_TAG_LENGTH, `it is longer than ${MAX_TAG_LENGTH} characters`);

export const authorSchema = userText().trim().min(1).max(MAX_AUTHOR_LENGTH, `Reviewer name is longer than ${MAX_AUTHOR_LENGTH} characters`);

/** xsd:dateTime as tools write it (with or without fraction and offset), or a bare date. */
export const timestampSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(?:T|$)/, 'it is not an ISO 8601 date')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'it is not a valid date')
  .transform((s) => new Date(s).toISOString());

const statusSchema = z.enum(importedStatuses, { error: 'Status must be "draft", "in_review", "approved", "changes_requested" or "final"' });

function findSelectors<T>(node: Rec, schema: z.ZodType<T>): T | undefined {
  for (const selector of many(node.selector)) {
    const parsed = schema.safeParse(selector);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

/** The first target that quotes the text, with its position when it gives one. */
function findQuote(target: unknown) {
  for (const t of many(target)) {
    if (!isRecord(t)) continue;
    const quote = findSelectors(t, textQuoteSelector);
    if (quote) return { quote, position: findSelectors(t, textPositionSelector) ?? null };
  }
  return null;
}

/** Where a list of annotations is in the file, whichever container holds it. */
function locateItems(json: unknown): { items: unknown[]; problems: string[]; origin?: string } {
  if (Array.isArray(json)) return { items: json, problems: [] };
  if (!isRecord(json)) return { items: [], problems: ['The file is not JSON-LD annotations: expected an object or an array.'] };
  if (hasType(json, 'Annotation')) return { items: [json], problems: [] };
  // The Hypothesis client's "Export annotations → JSON": { export_date, export_userid, client_version, annotations }.
  if (Array.isArray(json.annotations)) return { items: json.annotations, problems: [], origin: HYPOTHESIS };
  const page = isRecord(json.first) ? json.first : json;
  // A collection or page may go on in later pages; those are links we do not follow.
  const next = typeof page.next === 'string' ? page.next : isRecord(page.next) ? idOf(page.next) : undefined;
  const problems = next
    ? [`Only the first page of the collection is in this file; the annotations on later pages (${String(next)}) were not imported.`]
    : [];
  if (Array.isArray(page.items)) return { items: page.items, problems };
  // The Hypothesis search API answers { total, rows }.
  if (Array.isArray(json.rows)) return { items: json.rows, problems };
  if (typeof json.first === 'string') {
    return { items: [], problems: [`The collection only links to its first page (${json.first}); download that page and import it.`] };
  }
  // Hypothesis rows and some tools' annotations carry no type.
  if ('target' in json) return { items: [json], problems: [] };
  return {
    items: [],
    problems: [
      'The file holds no annotations: expected an AnnotationCollection, an AnnotationPage, an Annotation or an array of annotations.',
    ],
  };
}

export function parseAnnotationCollection(json: unknown): ParsedAnnotations {
  // The router's schema refuses this already; checked again for any other caller, before the recursive walks below.
  if (nestedDeeperThan(json)) return { annotations: [], problems: [JSON_TOO_DEEP] };
  const { items, problems, origin } = locateItems(json);
  if (items.length > MAX_IMPORT_ANNOTATIONS) {
    return {
      annotations: [],
      problems: [
        ...problems,
        `The file holds ${items.length.toLocaleString('en-US')} annotations; at most ${MAX_IMPORT_ANNOTATIONS.toLocaleString('en-US')} can be imported at once, so none were. Split the file and import the parts.`,
      ],
    };
  }
  const annotations: ImportedAnnotation[] = [];
  items.forEach((item, index) => {
    const parsed = parseAnnotation(item, index, origin ?? null);
    problems.push(...parsed.problems);
    if (parsed.annotation) annotations.push(parsed.annotation);
  });
  return { annotations, problems };
}

interface EvidenceCandidate {
  url: unknown;
  title: unknown;
  excerpt: unknown;
}

/** What the bodies say, before validation. */
interface Bodies {
  verdictKey: string | null;
  verdictLabel: string | null;
  comments: string[];
  tags: string[];
  links: EvidenceCandidate[];
  notes: string[];
}

const TITLE_KEYS = [TITLE_TERM, 'dc:title', 'title', 'label', 'name'];

function linkOf(body: Rec): EvidenceCandidate | null {
  // A Specific Resource names the page in `source`; an External Web Resource is the page.
  const source = body.source ?? idOf(body);
  const page = isRecord(source) ? source : null;
  const url = page ? idOf(page) : source;
  if (url === undefined) return null;
  const title = [page, body].flatMap((node) => (node ? TITLE_KEYS.map((key) => node[key]) : [])).find((v) => typeof v === 'string') ?? '';
  return { url, title, excerpt: findSelectors(body, textQuoteSelector)?.exact ?? null };
}

function readBodies(raw: Rec): Bodies {
  const out: Bodies = { verdictKey: null, verdictLabel: null, comments: [], tags: [], links: [], notes: [] };
  // A body without a purpose is there for the annotation's reason (its motivation), when it has just one.
  const motivations = strings(raw.motivation);
  const defaultPurpose = motivations.length === 1 ? motivations[0] : undefined;
  for (const body of many(raw.body)) {
    if (typeof body === 'string') {
      // In JSON-LD a bare string body is the IRI of a resource; tools also put plain comments there.
      if (isHttpUrl(body.trim())) out.links.push({ url: body, title: '', excerpt: null });
      else out.comments.push(body);
      continue;
    }
    if (!isRecord(body)) {
      out.notes.push(`a body that is not an object (${JSON.stringify(body)?.slice(0, 80)}) was left out`);
      continue;
    }
    const purpose = strings(body.purpose)[0] ?? defaultPurpose;
    const value = typeof body.value === 'string' ? body.value : null;
    const key = term(body, TERMS.verdict);
    if (typeof key === 'string' || (purpose === 'assessing' && value !== null)) {
      if (out.verdictKey !== null || out.verdictLabel !== null) {
        out.notes.push(`it has more than one verdict; the first was kept and "${value ?? String(key)}" left out`);
        continue;
      }
      out.verdictKey = typeof key === 'string' ? key : null;
      out.verdictLabel = value;
    } else if (purpose === 'tagging') {
      // A tag may be an IRI (a Specific Resource); only tags with text can name a verdict.
      if (value !== null) out.tags.push(value);
      else out.notes.push('a tag without text was left out');
    } else if (purpose === 'linking' || hasType(body, 'SpecificResource') || (value === null && idOf(body) !== undefined)) {
      const link = linkOf(body);
      if (link) out.links.push(link);
      else out.notes.push('a linking body without a URL was left out');
    } else if (value !== null) {
      // Commenting, and any other purpose with text (describing, replying…): the rationale is where text goes.
      out.comments.push(value);
    } else {
      out.notes.push(`a body of type "${strings(body.type).join(', ') || 'unknown'}" was not understood and was left out`);
    }
  }
  return out;
}

const HYPOTHESIS = 'Hypothesis';

/** The account IRI (`acct:alice@hypothes.is`) or name that made it, as the file writes it. */
function creatorOf(raw: Rec): unknown {
  const creator = many(raw.creator)[0];
  return isRecord(creator) ? (creator.name ?? creator.nickname ?? idOf(creator)) : (creator ?? raw.user);
}

/** Hypothesis' display name first, then `acct:alice@hypothes.is` → `alice`; other names as they are. */
function authorName(raw: Rec): string | null {
  const display = isRecord(raw.user_info) ? raw.user_info.display_name : undefined;
  if (typeof display === 'string' && display.trim()) return display.trim();
  const name = creatorOf(raw);
  if (typeof name !== 'string') return null;
  const account = /^acct:([^@]+)@/.exec(name.trim());
  return account ? account[1] : name.trim() || null;
}

/** Hypothesis annotations name their creator `acct:…@hypothes.is` and live at hypothes.is. */
function originOf(raw: Rec, fileOrigin: string | null): string | null {
  if (fileOrigin) return fileOrigin;
  const creator = creatorOf(raw);
  const id = idOf(raw);
  if (typeof creator === 'string' && /@hypothes\.is$/i.test(creator.trim())) return HYPOTHESIS;
  if (typeof id === 'string' && /^https:\/\/(?:api\.)?hypothes\.is\//i.test(id)) return HYPOTHESIS;
  return null;
}

/** Keeps the context nearest the quote, as much as the editor stores. */
const nearestContext = (text: string, side: 'prefix' | 'suffix') => {
  const chars = codePoints(text);
  return (side === 'prefix' ? chars.slice(-QUOTE_CONTEXT_LENGTH) : chars.slice(0, QUOTE_CONTEXT_LENGTH)).join('');
};

function parseAnnotation(raw: unknown, index: number, fileOrigin: string | null): { annotation?: ImportedAnnotation; problems: string[] } {
  if (!isRecord(raw)) return { problems: [`${itemName(index)} was not imported: it is not a JSON object.`] };
  const found = findQuote(raw.target);
  const name = itemName(index, found?.quote.exact);
  if (!found) {
    return {
      problems: [`${name} was not imported: it has no TextQuoteSelector (the quoted text), so it cannot be placed in the article.`],
    };
  }
  const refuse = (reason: string) => ({ problems: [`${name} was not imported: ${reason}.`] });
  const exact = quoteSchema.safeParse(found.quote.exact);
  if (!exact.success) return refuse(firstMessage(exact.error));

  const bodies = readBodies(raw);
  const problems = bodies.notes.map((note) => `${name}: ${note}.`);
  const leftOut = (what: string, reason: string) => problems.push(`${name}: ${what} was left out: ${reason}.`);

  // Hypothesis keeps the comment in `text` and labels in `tags`; the model allows `bodyValue` as a shorthand.
  const comments = [...strings(raw.bodyValue), ...strings(raw.text), ...bodies.comments].filter((c) => c.trim());
  const rationale = rationaleSchema.safeParse(comments.join('\n\n'));
  if (!rationale.success) return refuse(firstMessage(rationale.error));

  let position = found.position;
  // Positions only help when they cover the quote; Hypothesis counts UTF-16 units, the model code points.
  if (position && position.end - position.start !== codePoints(exact.data).length) {
    problems.push(
      `${name}: its TextPositionSelector (${position.start}–${position.end}) does not match the length of its quote, so only the quote will place it.`,
    );
    position = null;
  }

  const evidence: ImportedAnnotation['evidence'] = [];
  for (const link of bodies.links) {
    const parsed = evidenceInput.safeParse(link);
    if (!parsed.success) {
      leftOut(`evidence link "${String(link.url).slice(0, 80)}"`, firstMessage(parsed.error));
    } else if (evidence.length >= MAX_EVIDENCE_ITEMS) {
      leftOut(`evidence link "${parsed.data.url}"`, `an annotation can have at most ${MAX_EVIDENCE_ITEMS} evidence links`);
    } else {
      evidence.push({ url: parsed.data.url, title: parsed.data.title, excerpt: parsed.data.excerpt || null });
    }
  }

  /** An optional field: kept when it passes its schema, otherwise left out with the reason. */
  function optional<T>(what: string, value: unknown, schema: z.ZodType<T>): T | null {
    if (value === undefined || value === null) return null;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    leftOut(what, firstMessage(parsed.error));
    return null;
  }

  const tags: string[] = [];
  for (const tag of [...strings(raw.tags), ...bodies.tags]) {
    const parsed = tagSchema.safeParse(tag);
    if (!parsed.success) leftOut(`the tag "${tag.slice(0, 40)}"`, firstMessage(parsed.error));
    else if (tags.length >= MAX_TAGS) leftOut(`the tag "${parsed.data}"`, `an annotation keeps at most ${MAX_TAGS} tags`);
    else if (!tags.some((t) => t.toLowerCase() === parsed.data.toLowerCase())) tags.push(parsed.data);
  }
  return {
    problems,
    annotation: {
      selectors: {
        exact: exact.data,
        prefix: nearestContext(found.quote.prefix ?? '', 'prefix'),
        suffix: nearestContext(found.quote.suffix ?? '', 'suffix'),
        start: position?.start ?? null,
        end: position?.end ?? null,
      },
      verdictKey: bodies.verdictKey,
      verdictLabel: bodies.verdictLabel,
      tags,
      rationale: rationale.data,
      author: optional('the reviewer name', authorName(raw), authorSchema),
      created: optional('the creation date', raw.created, timestampSchema),
      modified: optional('the modification date', raw.modified ?? raw.updated, timestampSchema),
      evidence,
      status: optional('the status', term(raw, TERMS.status), statusSchema),
      claimSummary: optional('the claim summary', term(raw, TERMS.claimSummary), claimFields.claimSummary) || null,
      claimAuthor: optional('the claim author', term(raw, TERMS.claimAuthor), claimFields.claimAuthor),
      claimAppearanceUrl: optional('the claim appearance URL', term(raw, TERMS.claimAppearanceUrl), claimFields.claimAppearanceUrl),
      claimAppearanceDate: optional('the claim appearance date', term(raw, TERMS.claimAppearanceDate), claimFields.claimAppearanceDate),
      origin: originOf(raw, fileOrigin),
    },
  };
}

/** Labels and tags compare as people type them: any case, hyphens or underscores for spaces, any run of spaces. */
const normalise = (text: string) =>
  text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[-_\s]+/g, ' ')
    .trim();

/** A verdict found, or none with the reason a person should read (null when the file simply named none). */
export type VerdictResolution = { key: string; from: 'verdict' | 'tag' | 'note' } | { key: null; note: string | null };

const distinct = (found: (Verdict | undefined)[]) => [...new Set(found.filter((v): v is Verdict => v !== undefined))];

/**
 * Verdicts a note names on purpose: after "Verdict:" or "Rating:", as a hashtag
 * (#mostly-false), as the note's first line on its own, or a label of several
 * words anywhere ("mostly false"). A one-word label in running prose ("not
 * true that…") is not taken for a verdict: it too often is not one.
 */
function verdictsInNote(note: string, byName: (text: string) => Verdict | undefined, verdicts: Verdict[]): Verdict[] {
  const found: (Verdict | undefined)[] = [];
  const labelAtStart = (text: string) => {
    const t = normalise(text.replace(/[^\p{L}\p{N}\s-]/gu, ' '));
    return [...verdicts]
      .sort((a, b) => b.label.length - a.label.length)
      .find((v) => [v.label, v.key].map(normalise).some((name) => t === name || t.startsWith(`${name} `)));
  };
  for (const m of note.matchAll(/\b(?:verdict|rating|rated)\s*[:=–-]\s*([^\n]+)/gi)) found.push(labelAtStart(m[1]));
  for (const m of note.matchAll(/(?:^|\s)#([\p{L}\p{N}_-]+)/gu)) found.push(byName(m[1]));
  const firstLine = note.trim().split('\n', 1)[0] ?? '';
  found.push(byName(firstLine.replace(/[*_`>#"“”.!:]/g, ' ')));
  const prose = ` ${normalise(note.replace(/[^\p{L}\p{N}\s_-]/gu, ' '))} `;
  for (const v of verdicts) {
    const name = normalise(v.label);
    if (name.includes(' ') && prose.includes(` ${name} `)) found.push(v);
  }
  return distinct(found);
}

/**
 * The verdict on this scale: the stored key first (our own files), then the
 * label (other tools, or a scale whose keys differ), then its tags, then words
 * in its note that name one. None found is not an error: the annotation comes
 * in as a draft that needs a verdict, and `note` says why when there is more to say.
 */
export function resolveVerdict(a: ImportedAnnotation, verdicts: Verdict[]): VerdictResolution {
  const byName = (text: string) => verdicts.find((v) => normalise(v.label) === normalise(text) || normalise(v.key) === normalise(text));
  const quote = `the annotation on ${preview(a.selectors.exact)}`;

  const given = a.verdictKey ?? a.verdictLabel;
  if (given !== null) {
    const match =
      verdicts.find((v) => v.key === a.verdictKey) ??
      (a.verdictLabel !== null ? byName(a.verdictLabel) : undefined) ??
      (a.verdictKey !== null ? byName(a.verdictKey) : undefined);
    if (match) return { key: match.key, from: 'verdict' };
    return {
      key: null,
      note: `The verdict "${a.verdictLabel ?? given}" on ${quote} is not on this desk's scale: it was imported as "Needs a verdict".`,
    };
  }

  const tagged = distinct(a.tags.map(byName));
  if (tagged.length === 1) return { key: tagged[0].key, from: 'tag' };
  if (tagged.length > 1) {
    return {
      key: null,
      note: `Tags on ${quote} name more than one verdict (${tagged.map((v) => v.label).join(', ')}): it was imported as "Needs a verdict".`,
    };
  }
  const named = verdictsInNote(a.rationale, byName, verdicts);
  if (named.length === 1) return { key: named[0].key, from: 'note' };
  if (named.length > 1) {
    return {
      key: null,
      note: `The note on ${quote} names more than one verdict (${named.map((v) => v.label).join(', ')}): it was imported as "Needs a verdict".`,
    };
  }
  return { key: null, note: null };
}
