// "Corrections and updates": what changed between two published versions, in
// sentences a reader understands, computed from the snapshots themselves.
import { defaultClaimSummary } from '../domain/claim-summary';
import { shortQuote } from '../domain/history';
import type { ExportAnnotation } from './model';
import type { PublishedSnapshot } from './snapshot';

export type ChangeKind = 'verdict_changed' | 'claim_added' | 'claim_withdrawn' | 'note_corrected' | 'text_corrected' | 'conclusion_changed';

export interface Change {
  kind: ChangeKind;
  text: string;
}

export interface CorrectionEntry {
  version: number;
  /** ISO timestamp of the version that made the changes. */
  date: string;
  /** The editor's one line for readers. */
  note: string;
  changes: Change[];
}

const claimOf = (a: ExportAnnotation) => shortQuote(a.claimSummary.trim() || defaultClaimSummary(a.exact), 80);

const evidenceKey = (a: ExportAnnotation) => JSON.stringify(a.evidence.map((e) => [e.url, e.title, e.excerpt ?? null]));

/** The changes from `before` to `after`, claims in the order of the newer version. */
export function diffSnapshots(before: PublishedSnapshot, after: PublishedSnapshot): Change[] {
  const changes: Change[] = [];
  const old = new Map(before.annotations.map((a) => [a.id, a]));
  const now = new Set(after.annotations.map((a) => a.id));
  for (const a of after.annotations) {
    const was = old.get(a.id);
    if (!was) {
      changes.push({ kind: 'claim_added', text: `Claim added: ${claimOf(a)} (${a.verdict.label})` });
      continue;
    }
    if (was.verdict.key !== a.verdict.key) {
      changes.push({ kind: 'verdict_changed', text: `Verdict changed from ${was.verdict.label} to ${a.verdict.label}: ${claimOf(a)}` });
    } else if (
      was.rationale !== a.rationale ||
      evidenceKey(was) !== evidenceKey(a) ||
      was.claimSummary !== a.claimSummary ||
      was.exact !== a.exact
    ) {
      changes.push({ kind: 'note_corrected', text: `Note corrected: ${claimOf(a)}` });
    }
  }
  for (const a of before.annotations) {
    if (!now.has(a.id)) changes.push({ kind: 'claim_withdrawn', text: `Claim withdrawn: ${claimOf(a)}` });
  }
  if (before.plainText !== after.plainText)
    changes.push({ kind: 'text_corrected', text: 'The article’s text was corrected to its newer version' });
  if (before.framing.conclusion.trim() !== after.framing.conclusion.trim())
    changes.push({ kind: 'conclusion_changed', text: 'Our conclusion was updated' });
  return changes;
}

/** Every correction up to and including `upTo` (1-based version numbers), newest first. */
export function correctionsUpTo(
  versions: readonly { number: number; note: string; createdAt: string; snapshot: PublishedSnapshot }[],
  upTo: number,
): CorrectionEntry[] {
  const sorted = [...versions].filter((v) => v.number <= upTo).sort((a, b) => a.number - b.number);
  const entries: CorrectionEntry[] = [];
  for (let i = 1; i < sorted.length; i++) {
    entries.push({
      version: sorted[i].number,
      date: sorted[i].createdAt,
      note: sorted[i].note,
      changes: diffSnapshots(sorted[i - 1].snapshot, sorted[i].snapshot),
    });
  }
  return entries.reverse();
}
