// The history's vocabulary: what each event records, and the sentence a
// person reads for it. Shared by the server (which writes events) and the
// browser (which shows them); pure, so the wording is unit-tested.
import { STATUS_LABELS, type AnnotationStatus } from './workflow';

/** An annotation's reviewable content at one moment, as history keeps it. */
export interface AnnotationSnapshot {
  exact: string;
  verdict: string;
  rationale: string;
  /** `excerpt` is missing from entries written before it was kept. */
  evidence: { url: string; title: string; excerpt?: string | null }[];
  status: AnnotationStatus;
  claimSummary: string;
  claimAuthor: string | null;
  claimAppearanceUrl: string | null;
  claimAppearanceDate: string | null;
}

export type StatusVia = 'submit' | 'approve' | 'request_changes' | 'edit' | 'reanchor' | 'import' | 'migration' | 'restore';

export const EVENT_TYPES = [
  'annotation.created',
  'annotation.imported',
  'annotation.updated',
  'annotation.status',
  'annotation.reanchored',
  'annotation.anchor_confirmed',
  'annotation.verdict_reconsidered',
  'annotation.reattached',
  'annotation.deleted',
  'annotation.restored',
  'annotation.version_restored',
  'annotation.conflict_discarded',
  'annotation.assigned',
  'comment.created',
  'comment.edited',
  'comment.deleted',
  'discussion.resolved',
  'article.created',
  'article.revision_saved',
  'article.details_changed',
  'article.deleted',
  'article.restored',
  'settings.changed',
  'person.renamed',
  'article.published',
  'article.unpublished',
  'article.framing_changed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface HistoryEvent {
  id: number;
  type: string;
  actorName: string;
  articleId: number | null;
  annotationId: string | null;
  before: unknown;
  after: unknown;
  createdAt: string;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v && typeof v === 'object' ? (v as Rec) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const FIELD_NAMES: Record<string, string> = {
  verdict: 'the verdict',
  rationale: 'the rationale',
  evidence: 'the evidence',
  claimSummary: 'the claim summary',
  claimAuthor: 'who made the claim',
  claimAppearanceUrl: 'where the claim first appeared',
  claimAppearanceDate: 'the date the claim first appeared',
};

const ARTICLE_FIELD_NAMES: Record<string, string> = {
  title: 'the title',
  sourceUrl: 'the source URL',
  byline: 'the byline',
  publishedAt: 'the publication date',
};

/** “… Jan. 6 …”: a quote short enough for a sentence, with its middle kept. */
export function shortQuote(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return `“${flat}”`;
  const half = Math.floor((max - 1) / 2);
  return `“${flat.slice(0, half).trimEnd()} … ${flat.slice(-half).trimStart()}”`;
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function evidenceChange(before: unknown, after: unknown): string {
  const urls = (v: unknown) => (Array.isArray(v) ? v.map((e) => str(rec(e).url)) : []);
  const was = new Set(urls(before));
  const now = new Set(urls(after));
  const added = [...now].filter((u) => !was.has(u)).length;
  const removed = [...was].filter((u) => !now.has(u)).length;
  const parts = [
    added && `added ${added === 1 ? 'an evidence link' : `${added} evidence links`}`,
    removed && `removed ${removed === 1 ? 'an evidence link' : `${removed} evidence links`}`,
  ].filter(Boolean) as string[];
  return parts.length ? list(parts) : 'changed the evidence';
}

/** The sentence for one event, naming who did it. `verdictLabel` turns a verdict key into its label. */
export function describeEvent(event: HistoryEvent, verdictLabel: (key: string) => string = (k) => k): string {
  const who = event.actorName;
  const before = rec(event.before);
  const after = rec(event.after);
  switch (event.type) {
    case 'annotation.created':
      return `${who} annotated ${shortQuote(str(after.exact))} as ${verdictLabel(str(after.verdict))}`;
    case 'annotation.imported':
      return `${who} imported ${shortQuote(str(after.exact))} as ${verdictLabel(str(after.verdict))}`;
    case 'annotation.updated': {
      const changes: string[] = [];
      const fields = Object.keys(after).filter((f) => f in FIELD_NAMES);
      const others = fields.filter((f) => f !== 'evidence');
      if (others.includes('verdict')) {
        changes.push(`changed the verdict from ${verdictLabel(str(before.verdict))} to ${verdictLabel(str(after.verdict))}`);
      }
      const rest = others.filter((f) => f !== 'verdict').map((f) => FIELD_NAMES[f]);
      if (rest.length) changes.push(`changed ${list(rest)}`);
      if (fields.includes('evidence')) changes.push(evidenceChange(before.evidence, after.evidence));
      return `${who} ${changes.length ? list(changes) : 'saved without changes'}`;
    }
    case 'annotation.status': {
      const to = str(after.status) as AnnotationStatus;
      switch (after.via) {
        case 'submit':
          return `${who} submitted it for review`;
        case 'approve':
          if (!after.selfApproved) return `${who} approved`;
          return after.ownChange
            ? `${who} approved their own changes to it (self-approval is allowed on this desk)`
            : `${who} approved their own annotation (self-approval is allowed on this desk)`;
        case 'request_changes':
          return `${who} requested changes`;
        case 'migration':
          return 'Final before the review workflow existed: now Approved';
        case 'reanchor':
          return `Back to ${STATUS_LABELS[to] ?? to}: its text changed in a new revision`;
        case 'import':
          return `Imported as approved elsewhere: ${STATUS_LABELS[to] ?? to} here until an editor approves it`;
        default:
          return `${who} changed an approved annotation: back to ${STATUS_LABELS[to] ?? to}`;
      }
    }
    case 'annotation.reanchored': {
      const status = str(after.anchorStatus);
      const score = typeof after.score === 'number' && status === 'fuzzy' ? ` (${Math.round(after.score * 100)}%)` : '';
      if (status === 'orphaned')
        return `Revision ${String(after.revision ?? '')}: its text ${shortQuote(str(before.exact))} is gone; it needs re-anchoring`;
      const asks = after.verdictQuestion ? '; is the verdict still right?' : '';
      return `Revision ${String(after.revision ?? '')}: re-anchored as ${status}${score}: ${shortQuote(str(before.exact))} → ${shortQuote(str(after.exact))}${asks}`;
    }
    case 'annotation.verdict_reconsidered':
      return after.answer === 'change'
        ? `${who} reconsidered the verdict after the quote changed to ${shortQuote(str(after.exact), 100)}: changed it from ${verdictLabel(str(before.verdict))} to ${verdictLabel(str(after.verdict))}`
        : `${who} reconsidered the verdict after the quote changed to ${shortQuote(str(after.exact), 100)}: ${verdictLabel(str(after.verdict))} still holds`;
    case 'annotation.anchor_confirmed':
      return `${who} confirmed its position: ${shortQuote(str(after.exact))}`;
    case 'annotation.reattached':
      return `${who} re-attached it: ${shortQuote(str(before.exact))} → ${shortQuote(str(after.exact))}`;
    case 'annotation.deleted':
      return `${who} deleted it`;
    case 'annotation.restored':
      return `${who} restored it`;
    case 'annotation.version_restored':
      return `${who} restored the version of ${typeof after.fromEventAt === 'string' ? after.fromEventAt.slice(0, 16).replace('T', ' ') : 'an earlier moment'}`;
    case 'annotation.conflict_discarded':
      return `${who} kept a colleague's newer version; ${who}'s own unsaved version is kept here`;
    case 'annotation.assigned':
      return after.assignee
        ? `${who} assigned it to ${str(after.assignee)}${before.assignee ? ` (was ${str(before.assignee)})` : ''}`
        : `${who} took the assignment away from ${str(before.assignee) || 'nobody'}`;
    case 'comment.created':
      return `${who} commented: ${shortQuote(str(after.body), 80)}`;
    case 'comment.edited':
      return `${who} edited a comment: ${shortQuote(str(before.body), 40)} → ${shortQuote(str(after.body), 40)}`;
    case 'comment.deleted':
      return `${who} deleted a comment: ${shortQuote(str(before.body), 80)}`;
    case 'discussion.resolved':
      return `${who} resolved the discussion`;
    case 'article.created':
      return `${who} imported the article ${shortQuote(str(after.title))}`;
    case 'article.revision_saved':
      return `${who} saved revision ${String(after.number ?? '')}${after.counts ? `: ${describeCounts(rec(after.counts))}` : ''}`;
    case 'article.details_changed': {
      const fields = Object.keys(after)
        .filter((f) => f in ARTICLE_FIELD_NAMES)
        .map((f) => ARTICLE_FIELD_NAMES[f]);
      return `${who} changed the article details${fields.length ? `: ${list(fields)}` : ''}`;
    }
    case 'article.deleted': {
      const n = Number(before.annotationCount ?? 0);
      const withIt = n === 0 ? '' : n === 1 ? ' with its annotation' : ` with its ${n} annotations`;
      return `${who} deleted the article ${shortQuote(str(before.title))}${withIt}`;
    }
    case 'article.restored':
      return `${who} restored the article ${shortQuote(str(after.title))}`;
    case 'settings.changed':
      return `${who} changed the settings`;
    case 'person.renamed':
      return `${who} renamed ${str(before.name)} to ${str(after.name)}`;
    case 'article.published': {
      const n = Number(after.version) || 1;
      const note = str(after.note).trim();
      return `${who} published version ${n} of the fact-check${note ? `: ${shortQuote(note)}` : ''}`;
    }
    case 'article.unpublished': {
      const reason = str(after.reason).trim();
      return `${who} unpublished the fact-check${reason ? `: ${shortQuote(reason)}` : ''}`;
    }
    case 'article.framing_changed':
      return `${who} changed the public page's headline, conclusion or display`;
    default:
      return `${who}: ${event.type}`;
  }
}

function describeCounts(c: Rec): string {
  return `${Number(c.exact ?? 0)} unchanged, ${Number(c.moved ?? 0)} moved, ${Number(c.fuzzy ?? 0)} fuzzy, ${Number(c.orphaned ?? 0)} need re-anchoring`;
}

/** The version an event remembers, if it remembers a whole one. */
export function versionOf(event: { type: string; before?: unknown; after?: unknown }): Partial<AnnotationSnapshot> | null {
  const before = rec(event.before);
  const after = rec(event.after);
  switch (event.type) {
    case 'annotation.created':
    case 'annotation.imported':
    case 'annotation.restored':
      return after as Partial<AnnotationSnapshot>;
    case 'annotation.updated':
    case 'annotation.version_restored':
      return (after.snapshot as Partial<AnnotationSnapshot> | undefined) ?? null;
    case 'annotation.conflict_discarded':
      // The version someone gave up in a conflict.
      return before as Partial<AnnotationSnapshot>;
    default:
      return null;
  }
}

/** One field a restore would change, in words: what it says now and what it would say. */
export interface FieldChange {
  field: string;
  now: string;
  after: string;
}

type RestorableFields = Pick<
  AnnotationSnapshot,
  'verdict' | 'rationale' | 'evidence' | 'claimSummary' | 'claimAuthor' | 'claimAppearanceUrl' | 'claimAppearanceDate'
>;

const FIELD_LABELS: Record<keyof RestorableFields, string> = {
  verdict: 'Verdict',
  rationale: 'Rationale',
  evidence: 'Evidence',
  claimSummary: 'Claim summary',
  claimAuthor: 'Claim made by',
  claimAppearanceUrl: 'Where the claim first appeared',
  claimAppearanceDate: 'When the claim first appeared',
};

/**
 * What restoring `version` over `current` changes, field by field, in the order of the form. The same
 * rules as the server's restore (server/services/history.ts): a field the old version did not record
 * keeps its current value.
 */
export function restoreChanges(
  current: RestorableFields,
  version: Partial<AnnotationSnapshot>,
  verdictLabel: (key: string) => string = (k) => k,
): FieldChange[] {
  const shown = (v: string | null | undefined) => (v ? v : '(empty)');
  const evidence = (list: AnnotationSnapshot['evidence'] | undefined) =>
    (list ?? []).map((e) => (e.title ? `${e.title} (${e.url})` : e.url)).join('; ') || '(none)';
  const changes: FieldChange[] = [];
  const compare = (field: keyof RestorableFields, now: string, after: string) => {
    if (now !== after) changes.push({ field: FIELD_LABELS[field], now, after });
  };
  compare('verdict', verdictLabel(current.verdict), verdictLabel(str(version.verdict) || current.verdict));
  compare('rationale', shown(current.rationale), shown(version.rationale ?? ''));
  compare('evidence', evidence(current.evidence), evidence(version.evidence));
  for (const field of ['claimSummary', 'claimAuthor', 'claimAppearanceUrl', 'claimAppearanceDate'] as const) {
    const restored = version[field] !== undefined ? version[field] : current[field];
    compare(field, shown(current[field]), shown(restored));
  }
  return changes;
}
