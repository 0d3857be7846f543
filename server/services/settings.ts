// Organisation settings and the verdict scale.
import 'server-only';
import { count, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '@/db/client';
import { annotations, organisation, verdicts } from '@/db/schema';
import type { saveSettingsInput } from '../domain/settings.types';
import type { Verdict } from '../domain/verdicts';
import type { Actor } from '../domain/roles';
import { invalidInput } from '../errors';
import { recordEvent } from './events';
import { listVerdicts } from './verdicts';
import { inTransaction } from './transaction';
import { configuredPublicUrl } from './public-url';

export interface Organisation {
  name: string;
  url: string | null;
  logoUrl: string | null;
  allowSelfApproval: boolean;
  publicUrl: string | null;
  methodologyUrl: string | null;
  correctionsPolicyUrl: string | null;
}

export function getOrganisation(db: DbOrTx): Organisation {
  const row = db.select().from(organisation).where(eq(organisation.id, 1)).get();
  return {
    name: row?.name ?? '',
    url: row?.url ?? null,
    logoUrl: row?.logoUrl ?? null,
    allowSelfApproval: row?.allowSelfApproval ?? false,
    publicUrl: row?.publicUrl ?? null,
    methodologyUrl: row?.methodologyUrl ?? null,
    correctionsPolicyUrl: row?.correctionsPolicyUrl ?? null,
  };
}

/**
 * How many annotations hold each verdict, deleted ones and those of deleted
 * articles included: all of them keep a verdict that could come back, so each
 * blocks deleting it.
 */
export function verdictUsage(db: DbOrTx): Record<string, number> {
  const rows = db.select({ key: annotations.verdictKey, n: count() }).from(annotations).groupBy(annotations.verdictKey).all();
  return Object.fromEntries(rows.map((r) => [r.key, r.n]));
}

/** What the history records of a settings change. */
function settingsSnapshot(db: DbOrTx): { organisation: Organisation; verdicts: Verdict[] } {
  return { organisation: getOrganisation(db), verdicts: listVerdicts(db) };
}

/** The settings page: the organisation, the scale, and how many annotations use each verdict. */
export function getSettings(db: DbOrTx): {
  organisation: Organisation;
  verdicts: Verdict[];
  usage: Record<string, number>;
  /** FACTCHECK_PUBLIC_URL, when the server sets it: it wins over the public address saved here. */
  publicUrlFromEnvironment: string | null;
} {
  return { ...settingsSnapshot(db), usage: verdictUsage(db), publicUrlFromEnvironment: configuredPublicUrl()?.origin ?? null };
}

/**
 * Saves the organisation and the whole scale at once. Keys identify verdicts,
 * so relabelling never touches annotations; a verdict still in use cannot be removed.
 */
export function saveSettings(db: Db, actor: Actor, input: z.output<typeof saveSettingsInput>) {
  return inTransaction(db, (tx) => {
    const before = settingsSnapshot(tx);
    const now = new Date().toISOString();
    tx.insert(organisation)
      .values({ id: 1, ...input.organisation, updatedAt: now })
      .onConflictDoUpdate({ target: organisation.id, set: { ...input.organisation, updatedAt: now } })
      .run();

    const keep = new Set(input.verdicts.map((v) => v.key));
    const removed = tx
      .select()
      .from(verdicts)
      .all()
      .filter((v) => !keep.has(v.key));
    if (removed.length) {
      const usage = tx
        .select({ key: annotations.verdictKey, n: count() })
        .from(annotations)
        .where(
          inArray(
            annotations.verdictKey,
            removed.map((v) => v.key),
          ),
        )
        .groupBy(annotations.verdictKey)
        .all();
      if (usage.length) {
        const names = usage.map((u) => `"${removed.find((v) => v.key === u.key)!.label}" (${u.n} annotation${u.n === 1 ? '' : 's'})`);
        throw invalidInput(`A verdict in use cannot be deleted: ${names.join(', ')}. Change those annotations' verdicts first.`);
      }
      tx.delete(verdicts)
        .where(
          inArray(
            verdicts.key,
            removed.map((v) => v.key),
          ),
        )
        .run();
    }
    input.verdicts.forEach((v, i) => {
      const values = {
        label: v.label,
        colour: v.colour,
        icon: v.icon,
        rating: v.rating,
        requiresEvidence: v.requiresEvidence,
        position: i + 1,
      };
      tx.insert(verdicts)
        .values({ key: v.key, ...values })
        .onConflictDoUpdate({ target: verdicts.key, set: values })
        .run();
    });
    const after = settingsSnapshot(tx);
    recordEvent(tx, { type: 'settings.changed', actor, articleId: null, before, after });
    return { ...after, usage: verdictUsage(tx), publicUrlFromEnvironment: configuredPublicUrl()?.origin ?? null };
  });
}
