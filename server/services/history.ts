// Reading the history, and bringing back what it remembers: an earlier version
// of an annotation. Restoring is itself a change, recorded like any other.
import 'server-only';
import type { Db, DbOrTx } from '@/db/client';
import { describeEvent, versionOf, type HistoryEvent } from '../domain/history';

import type { Actor } from '../domain/roles';
import { invalidInput, notFound } from '../errors';
import { findRow, getAnnotation, getAnyAnnotation, liveRow, writeContent } from './annotations';
import { annotationEvents, articleEvents, findEvent } from './events';
import { requireLiveArticle } from './articles';
import { listVerdicts } from './verdicts';
import { withTx } from './transaction';

export interface HistoryEntry extends HistoryEvent {
  sentence: string;
  /** True when this entry holds a whole version that can be restored. */
  restorable: boolean;
}

async function withSentences(db: DbOrTx, events: HistoryEvent[]): Promise<HistoryEntry[]> {
  const labels = new Map((await listVerdicts(db)).map((v) => [v.key, v.label]));
  const label = (key: string) => labels.get(key) ?? key;
  return events.map((e) => ({ ...e, sentence: describeEvent(e, label), restorable: e.annotationId !== null && versionOf(e) !== null }));
}

export async function annotationHistory(db: DbOrTx, annotationId: string): Promise<HistoryEntry[]> {
  if (!(await findRow(db, annotationId))) throw notFound('This annotation does not exist');
  return await withSentences(db, await annotationEvents(db, annotationId));
}

export async function articleHistory(db: DbOrTx, articleId: number): Promise<HistoryEntry[]> {
  await requireLiveArticle(db, articleId);
  return await withSentences(db, await articleEvents(db, articleId));
}

export async function restoreVersion(db: Db, actor: Actor, annotationId: string, eventId: number) {
  return withTx(db, async (tx) => {
    const event = await findEvent(tx, eventId);
    if (!event || event.annotationId !== annotationId) throw notFound('That history entry does not belong to this annotation');
    const version = versionOf(event);
    if (!version || typeof version.verdict !== 'string') throw invalidInput('That history entry does not hold a version to restore');
    if ((await getAnyAnnotation(tx, annotationId)) && (await findRow(tx, annotationId))?.deletedAt) {
      throw invalidInput('This annotation is deleted: restore it first, then choose a version');
    }
    if (!(await listVerdicts(tx)).some((v) => v.key === version.verdict)) {
      throw invalidInput(`The verdict of that version ("${version.verdict}") is no longer on the scale`);
    }
    const row = await liveRow(tx, annotationId);
    const current = await getAnnotation(tx, annotationId);
    return await writeContent(
      tx,
      actor,
      row,
      current,
      {
        verdict: version.verdict,
        rationale: version.rationale ?? '',
        evidence: (version.evidence ?? []).map((e) => ({ url: e.url, title: e.title, excerpt: e.excerpt ?? null })),
        claimSummary: version.claimSummary ?? current.claimSummary,
        claimAuthor: version.claimAuthor !== undefined ? version.claimAuthor : current.claimAuthor,
        claimAppearanceUrl: version.claimAppearanceUrl !== undefined ? version.claimAppearanceUrl : current.claimAppearanceUrl,
        claimAppearanceDate: version.claimAppearanceDate !== undefined ? version.claimAppearanceDate : current.claimAppearanceDate,
      },
      'annotation.version_restored',
      { fromEventId: event.id, fromEventAt: event.createdAt },
    );
  });
}
