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
import { withTx } from './transaction';
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

export async function getOrganisation(db: DbOrTx): Promise<Organisation> {
  const row = await db.select().from(organisation).where(eq(organisation.id, 1)).get();
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
export async function verdictUsage(db: DbOrTx): Promise<Record<string, number>> {
  const rows = await db.select({ key: annotations.verdictKey, n: count() }).from(annotations).groupBy(annotations.verdictKey).all();
  return Object.fromEntries(rows.map((r) => [r.key, r.n]));
}

/** What the history records of a settings change. */
async function settingsSnapshot(db: DbOrTx): Promise<{ organisation: Organisation; verdicts: Verdict[] }> {
  return { organisation: await getOrganisation(db), verdicts: await listVerdicts(db) };
}

/** The settings page: the organisation, the scale, and how many annotations use each verdict. */
export async function getSettings(db: DbOrTx): Promise<{
  organisation: Organisation;
  verdicts: Verdict[];
  usage: Record<string, number>;
  /** FACTCHECK_PUBLIC_URL, when the server sets it: it wins over the public address saved here. */
  publicUrlFromEnvironment: string | null;
}> {
  return {
    ...(await settingsSnapshot(db)),
    usage: await verdictUsage(db),
    publicUrlFromEnvironment: configuredPublicUrl()?.origin ?? null,
  };
}

/**
 * Saves the organisation and the whole scale at once. Keys identify verdicts,
 * so relabelling never touches annotations; a verdict still in use cannot be removed.
 */
export async function saveSettings(db: Db, actor: Actor, input: z.output<typeof saveSettingsInput>) {
  return withTx(db, async (tx) => {
    const before = await settingsSnapshot(tx);
    const now = new Date().toISOString();
    await tx
      .insert(organisation)
      .values({ id: 1, ...input.organisation, updatedAt: now })
      .onConflictDoUpdate({ target: organisation.id, set: { ...input.organisation, updatedAt: now } })
      .run();

    const keep = new Set(input.verdicts.map((v) => v.key));
    const removed = (await tx.select().from(verdicts).all()).filter((v) => !keep.has(v.key));
    if (removed.length) {
      const usage = await tx
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
      await tx
        .delete(verdicts)
        .where(
          inArray(
            verdicts.key,
            removed.map((v) => v.key),
          ),
        )
        .run();
    }
    for (const [i, v] of input.verdicts.entries()) {
      const values = {
        label: v.label,
        colour: v.colour,
        icon: v.icon,
        rating: v.rating,
        requiresEvidence: v.requiresEvidence,
        position: i + 1,
      };
      await tx
        .insert(verdicts)
        .values({ key: v.key, ...values })
        .onConflictDoUpdate({ target: verdicts.key, set: values })
        .run();
    }
    const after = await settingsSnapshot(tx);
    await recordEvent(tx, { type: 'settings.changed', actor, articleId: null, before, after });
    return { ...after, usage: await verdictUsage(tx), publicUrlFromEnvironment: configuredPublicUrl()?.origin ?? null };
  });
}
