// Unsaved form text, kept in the browser (localStorage) until it is saved or
// explicitly discarded, so that switching annotations, Escape, a reload or a
// crash loses nothing typed. One entry per annotation being written: an edit
// is keyed by article and annotation id, a new annotation by its id and anchor
// (it has no row on the server yet). The storage is passed in, so the module
// runs (and is tested) without a browser.
import * as z from 'zod/mini';
import type { AnnotationDraft } from './AnnotationForm';

/** What is typed in the evidence boxes but not yet added as a link: typed text too. */
export interface PendingEvidence {
  url: string;
  title: string;
}

export const NO_PENDING: PendingEvidence = { url: '', title: '' };

export interface FormContent {
  draft: AnnotationDraft;
  pending: PendingEvidence;
}

export interface DraftAnchor {
  from: number;
  to: number;
  exact: string;
}

export type DraftRef = { kind: 'edit'; id: string } | { kind: 'create'; id: string; anchor: DraftAnchor };

export interface KeptDraft extends FormContent {
  ref: DraftRef;
  /** Where the text was: names the draft in notices, and lets a deleted annotation's text be saved anew. */
  anchor: DraftAnchor;
  /** For edits, the annotation as saved when the text was written: if it reads differently now, someone changed it since. */
  base: AnnotationDraft | null;
  keptAt: string;
}

export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const PREFIX = 'factcheck:draft:';
const TEXT_FIELDS = ['verdict', 'rationale', 'claimSummary', 'claimAuthor', 'claimAppearanceUrl', 'claimAppearanceDate'] as const;

export function draftKey(articleId: number, ref: DraftRef): string {
  return ref.kind === 'edit'
    ? `${PREFIX}${articleId}:${ref.id}`
    : `${PREFIX}${articleId}:new:${ref.id}:${ref.anchor.from}-${ref.anchor.to}`;
}

export function sameRef(a: DraftRef, b: DraftRef): boolean {
  if (a.kind !== b.kind || a.id !== b.id) return false;
  return a.kind === 'edit' || (b.kind === 'create' && a.anchor.from === b.anchor.from && a.anchor.to === b.anchor.to);
}

const sameEvidence = (a: AnnotationDraft['evidence'], b: AnnotationDraft['evidence']) =>
  a.length === b.length &&
  a.every((e, i) => e.url === b[i].url && e.title === b[i].title && (e.excerpt ?? null) === (b[i].excerpt ?? null));

export function sameDraft(a: AnnotationDraft, b: AnnotationDraft): boolean {
  return TEXT_FIELDS.every((f) => a[f] === b[f]) && sameEvidence(a.evidence, b.evidence);
}

/** True when the form holds nothing beyond `saved` (the annotation as stored, or an empty form): nothing to keep. */
export function isUnchanged(content: FormContent, saved: AnnotationDraft | null): boolean {
  return saved !== null && content.pending.url === '' && content.pending.title === '' && sameDraft(content.draft, saved);
}

// What a kept entry must look like to be read back. zod's mini build, since this runs in the browser: measured with
// esbuild (minified, gzipped), these schemas cost about 10 kB there, against 27 kB with the full zod. Evidence links
// that do not read as one are dropped, not the draft; a damaged pending link, base or date falls back to nothing.
const anchorSchema = z.object({ from: z.int(), to: z.int(), exact: z.string() });

const evidenceSchema = z.object({
  url: z.string(),
  title: z.string(),
  excerpt: z.catch(z.nullable(z.string()), null),
});

const draftSchema = z.pipe(
  z.object({
    verdict: z.string(),
    rationale: z.string(),
    claimSummary: z.string(),
    claimAuthor: z.string(),
    claimAppearanceUrl: z.string(),
    claimAppearanceDate: z.string(),
    evidence: z.array(z.unknown()),
  }),
  z.transform(
    ({ evidence, ...text }): AnnotationDraft => ({
      ...text,
      evidence: evidence.flatMap((e) => {
        const link = evidenceSchema.safeParse(e);
        return link.success ? [link.data] : [];
      }),
    }),
  ),
);

const keptSchema = z.object({
  ref: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('edit'), id: z.string() }),
    z.object({ kind: z.literal('create'), id: z.string(), anchor: anchorSchema }),
  ]),
  anchor: anchorSchema,
  draft: draftSchema,
  pending: z.catch(z.object({ url: z.string(), title: z.string() }), NO_PENDING),
  base: z.catch(z.nullable(draftSchema), null),
  keptAt: z.catch(z.string(), ''),
});

/** Reads an entry back, or null for anything this version did not write (another tool, a damaged value). */
export function parseKept(raw: string | null): KeptDraft | null {
  if (!raw) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  const kept = keptSchema.safeParse(value);
  return kept.success ? kept.data : null;
}

export class FormDrafts {
  /** Entries the storage refused (full, or switched off): kept for the life of the page at least. */
  private readonly fallback = new Map<string, string>();
  private lastWriteFailed = false;

  constructor(
    private readonly storage: DraftStorage | null,
    readonly articleId: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Whether drafts survive a reload: the browser's storage is there and took the last write. */
  get persistent(): boolean {
    return this.storage !== null && !this.lastWriteFailed;
  }

  put(ref: DraftRef, fields: FormContent & { anchor: DraftAnchor; base: AnnotationDraft | null }): void {
    const key = draftKey(this.articleId, ref);
    const entry: KeptDraft = {
      ref,
      anchor: fields.anchor,
      draft: fields.draft,
      pending: fields.pending,
      base: fields.base,
      keptAt: this.now().toISOString(),
    };
    const raw = JSON.stringify(entry);
    try {
      if (!this.storage) throw new Error('no storage');
      this.storage.setItem(key, raw);
      this.fallback.delete(key);
      this.lastWriteFailed = false;
    } catch {
      this.fallback.set(key, raw);
      this.lastWriteFailed = true;
    }
  }

  get(ref: DraftRef): KeptDraft | null {
    const key = draftKey(this.articleId, ref);
    return parseKept(this.fallback.get(key) ?? this.read(key));
  }

  remove(ref: DraftRef): void {
    this.removeKey(draftKey(this.articleId, ref));
  }

  /** This article's drafts, oldest first. */
  list(): KeptDraft[] {
    const keys = new Set(this.fallback.keys());
    const mine = `${PREFIX}${this.articleId}:`;
    if (this.storage) {
      try {
        for (let i = 0; i < this.storage.length; i++) {
          const key = this.storage.key(i);
          if (key?.startsWith(mine)) keys.add(key);
        }
      } catch {
        // Storage switched off while the page runs: what the fallback holds is all there is.
      }
    }
    return [...keys]
      .map((key) => parseKept(this.fallback.get(key) ?? this.read(key)))
      .filter((d): d is KeptDraft => d !== null)
      .sort((a, b) => a.keptAt.localeCompare(b.keptAt));
  }

  /**
   * A save of annotation `id` went through. Its draft goes only if it holds
   * what was saved: text typed since (in a form opened again) stays kept.
   */
  removeIfSaved(id: string, saved: AnnotationDraft): boolean {
    let removed = false;
    for (const kept of this.list()) {
      if (kept.ref.id === id && kept.pending.url === '' && kept.pending.title === '' && sameDraft(kept.draft, saved)) {
        this.remove(kept.ref);
        removed = true;
      }
    }
    return removed;
  }

  private read(key: string): string | null {
    try {
      return this.storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }

  private removeKey(key: string): void {
    this.fallback.delete(key);
    try {
      this.storage?.removeItem(key);
    } catch {
      // Nothing more to do: a storage that cannot be written holds nothing of ours.
    }
  }
}

/** The browser's localStorage, or null where there is none or it is switched off (some private modes throw). */
export function browserStorage(): DraftStorage | null {
  try {
    const storage = window.localStorage;
    const probe = `${PREFIX}probe`;
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}
