// What stands between an article and publication, in words an editor can act
// on. The export itself is always available; this says whether it is ready.
import 'server-only';
import { isIP } from 'node:net';
import type { DbOrTx } from '@/db/client';
import { shortQuote } from '../domain/history';
import { verdictQuestionProblem } from '../domain/quote-change';
import { isHttpUrl } from '../domain/validators';
import { STATUS_LABELS } from '../domain/workflow';
import { isBlockedAddress } from '../import/address-policy';
import { and, eq, isNull } from 'drizzle-orm';
import { annotations } from '@/db/schema';
import { compareByPosition } from '../domain/annotation';
import { articleDetailsRow } from './articles';
import { claimReviewUrlSetting } from './export';
import { getOrganisation } from './settings';
import { missingRecommended } from '../export/claim-review';
import { reviewBaseFor, siteBase } from './publishing-urls';

export interface Blocker {
  /** A stable kind, for tests and styling. */
  kind:
    | 'not_approved'
    | 'verdict_question'
    | 'unconfirmed_anchor'
    | 'orphaned'
    | 'claim_incomplete'
    | 'organisation_name'
    | 'organisation_url'
    | 'local_url';
  message: string;
  /** The annotation to open, when the blocker is about one. */
  annotationId?: string;
}

/** Annotation blockers listed by name; the rest are counted (a long article can have thousands, and the list shows each one's status). */
export const LISTED_ANNOTATION_BLOCKERS = 25;

export interface Readiness {
  ready: boolean;
  /** The article's own blockers, and the first annotation blockers in document order. */
  blockers: Blocker[];
  /** Annotation blockers beyond those listed. */
  unlisted: number;
  /** Annotations the export will publish now. */
  published: number;
}

/** A host a reader elsewhere cannot reach: loopback, private or link-local addresses and local names. */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(host)) return isBlockedAddress(host) !== null;
  return (
    host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal') || !host.includes('.')
  );
}

export async function publicationReadiness(db: DbOrTx, articleId: number, origin: string): Promise<Readiness> {
  const article = await articleDetailsRow(db, articleId);
  const about: Blocker[] = [];
  // Only the columns it judges by: a long article's rationales and evidence stay in the database.
  const all = (
    await db
      .select({
        id: annotations.id,
        from: annotations.anchorFrom,
        to: annotations.anchorTo,
        exact: annotations.exact,
        status: annotations.status,
        recheckQuote: annotations.recheckQuote,
        anchorStatus: annotations.anchorStatus,
        claimAuthor: annotations.claimAuthor,
        claimAppearanceUrl: annotations.claimAppearanceUrl,
        claimAppearanceDate: annotations.claimAppearanceDate,
      })
      .from(annotations)
      .where(and(eq(annotations.articleId, articleId), isNull(annotations.deletedAt)))
      .all()
  ).sort(compareByPosition);
  for (const a of all) {
    const quote = shortQuote(a.exact, 50);
    if (a.anchorStatus === 'orphaned') {
      about.push({
        kind: 'orphaned',
        annotationId: a.id,
        message: `${quote} is not on the current text: re-attach or delete it (it is never published)`,
      });
      continue;
    }
    if (a.anchorStatus !== 'exact') {
      about.push({
        kind: 'unconfirmed_anchor',
        annotationId: a.id,
        message: `${quote} moved in a new revision: compare and confirm its position`,
      });
    }
    // A quote changed by a revision: approval waits for its question, so say which step is missing, not only the status.
    const question = a.status === 'approved' ? null : verdictQuestionProblem(a);
    if (question) {
      about.push({
        kind: 'verdict_question',
        annotationId: a.id,
        message: `${quote} is ${STATUS_LABELS[a.status]}, its verdict question unanswered: ${question}`,
      });
    } else if (a.status !== 'approved') {
      about.push({ kind: 'not_approved', annotationId: a.id, message: `${quote} is ${STATUS_LABELS[a.status]}, not approved` });
    }
    // Google's recommended ClaimReview fields: the note's own, else the article's byline or outlet, address and date.
    const missing = missingRecommended(a, article);
    if (missing.length) {
      about.push({
        kind: 'claim_incomplete',
        annotationId: a.id,
        message: `${quote} does not say ${missing.join(', ')}: fill it in on the claim, or give the article's byline, source URL and date`,
      });
    }
  }
  const blockers = about.slice(0, LISTED_ANNOTATION_BLOCKERS);
  const unlisted = about.length - blockers.length;
  const organisation = await getOrganisation(db);
  if (!organisation.name.trim())
    blockers.push({
      kind: 'organisation_name',
      message: 'The organisation has no name: it is published as the author of each fact-check (Settings)',
    });
  if (!organisation.url)
    blockers.push({ kind: 'organisation_url', message: 'The organisation has no URL: search engines want one (Settings)' });
  // The same choice the export makes: the source URL only when it is a web address.
  const useSource = claimReviewUrlSetting() === 'source' && article.sourceUrl !== null && isHttpUrl(article.sourceUrl);
  const reviewBase = useSource ? article.sourceUrl! : ((await reviewBaseFor(db, articleId, origin)) ?? (await siteBase(db, origin)));
  try {
    const { hostname } = new URL(reviewBase);
    if (isLocalHost(hostname)) {
      blockers.push({
        kind: 'local_url',
        message: `ClaimReview links would point at ${new URL(reviewBase).origin}, a local address readers cannot open: set the public address in Settings (or FACTCHECK_PUBLIC_URL)`,
      });
    }
  } catch {
    blockers.push({ kind: 'local_url', message: 'ClaimReview links have no valid address: set FACTCHECK_PUBLIC_URL' });
  }
  const published = all.filter((a) => a.status === 'approved' && a.anchorStatus !== 'orphaned').length;
  return { ready: blockers.length === 0, blockers, unlisted, published };
}
