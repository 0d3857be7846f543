import { withTx } from '@/server/services/transaction';
import { closeDatabase } from '@/db/client';
// Seeds the browser benchmark's database before its server starts: the first
// admin, then one generated article per annotation count, each with its
// annotations, evidence and history events written the way the app writes them
// (the same migrations, services and anchor columns). Runs in a child process
// with the `react-server` condition, as `npm run user` does:
//   node --conditions=react-server --import tsx tests/bench/seed.ts <db file> <out.json> <count>...
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { openAppDatabase } from '@/server/database';
import { annotations, evidence, verdicts } from '@/db/schema';
import { createPasswordUser } from '@/server/auth/accounts';
import type { AnnotationSnapshot } from '@/server/domain/history';
import type { Actor } from '@/server/domain/roles';
import { buildTextIndex } from '@/server/domain/text-position';
import { importArticle } from '@/server/import';
import { anchorColumns } from '@/server/services/anchor-columns';
import { insertArticle } from '@/server/services/articles';
import { recordEvent } from '@/server/services/events';
import { generateArticleMarkdown, WORDS } from './article-text';
import { random } from './random';

export const BENCH_ADMIN = { name: 'Bench Admin', email: 'bench-admin@example.org', password: 'bench-password-1234' };

export interface SeedResult {
  admin: typeof BENCH_ADMIN;
  words: number;
  paragraphs: number;
  articles: { id: number; annotations: number; overlapping: number }[];
}

const rand = random(20_260_101);
const int = (n: number) => Math.floor(rand() * n);

interface Para {
  /** Position of the paragraph's first character. */
  start: number;
  /** Character offsets of each word's start and end. */
  words: { from: number; to: number }[];
}

const RATIONALES = [
  'The figure matches the council’s published budget for the year.',
  'The quoted number comes from a different year of the same survey.',
  'The statistics office reports a lower rate; the claim rounds up generously.',
  'No source for this could be found in the public record.',
  'The comparison leaves out the change in how the figure is counted.',
  'Confirmed by two independent reports and the original filing.',
];

async function main() {
  const [file, out, ...counts] = process.argv.slice(2);
  if (!file || !out || counts.length === 0) throw new Error('usage: seed.ts <db file> <out.json> <count>...');
  process.env.FACTCHECK_SKIP_SAMPLE = '1';
  const db = await openAppDatabase(file);
  const adminId = await createPasswordUser(db, { ...BENCH_ADMIN, role: 'admin' });
  const actor: Actor = { id: adminId, name: BENCH_ADMIN.name, role: 'admin' };

  const { title, doc } = importArticle({ text: generateArticleMarkdown(), format: 'markdown' });
  const index = buildTextIndex(doc);
  const paras: Para[] = [];
  doc.forEach((node, offset) => {
    if (node.type.name !== 'paragraph') return;
    const text = node.textContent;
    const words = [...text.matchAll(/\S+/g)].map((m) => ({ from: m.index, to: m.index + m[0].replace(/[.,;:]$/, '').length }));
    paras.push({ start: offset + 1, words });
  });
  const verdictKeys = (await db.select({ key: verdicts.key }).from(verdicts).all()).map((v) => v.key);

  const result: SeedResult = { admin: BENCH_ADMIN, words: WORDS, paragraphs: paras.length, articles: [] };
  for (const count of counts.map(Number)) {
    const spans = chooseSpans(paras, count);
    const id = await withTx(db, async (tx) => {
      const article = await insertArticle(tx, { title: `${title} (${count} annotations)`, doc, byline: 'Benchmark desk' });
      await recordEvent(tx, { type: 'article.created', actor, articleId: article.id, after: { title: article.title } });
      for (const span of spans) {
        const annotationId = randomUUID();
        const columns = anchorColumns(doc, span, index);
        const roll = rand();
        const status = roll < 0.7 ? 'draft' : roll < 0.8 ? 'in_review' : 'approved';
        const verdict = verdictKeys[int(verdictKeys.length)];
        const rationale = RATIONALES[int(RATIONALES.length)];
        const items = Array.from({ length: int(3) }, (_, i) => ({
          url: `https://example.org/sources/${int(100_000)}`,
          title: `Source ${i + 1}: annual report`,
        }));
        await tx
          .insert(annotations)
          .values({
            id: annotationId,
            articleId: article.id,
            ...columns,
            anchorRevision: 1,
            verdictKey: verdict,
            rationale,
            status,
            authorName: actor.name,
            authorId: actor.id,
          })
          .run();
        if (items.length)
          await tx
            .insert(evidence)
            .values(items.map((e, position) => ({ annotationId, ...e, excerpt: null, position })))
            .run();
        const snapshot: AnnotationSnapshot = {
          exact: columns.exact,
          verdict,
          rationale,
          evidence: items.map((e) => ({ ...e, excerpt: null })),
          status: 'draft',
          claimSummary: '',
          claimAuthor: null,
          claimAppearanceUrl: null,
          claimAppearanceDate: null,
        };
        await recordEvent(tx, { type: 'annotation.created', actor, articleId: article.id, annotationId, after: snapshot });
        if (status !== 'draft') {
          await recordEvent(tx, {
            type: 'annotation.status',
            actor,
            articleId: article.id,
            annotationId,
            before: { status: 'draft' },
            after: { status: 'in_review', via: 'submit' },
          });
        }
        if (status === 'approved') {
          await recordEvent(tx, {
            type: 'annotation.status',
            actor,
            articleId: article.id,
            annotationId,
            before: { status: 'in_review' },
            after: { status: 'approved', via: 'approve' },
          });
        }
      }
      return article.id;
    });
    result.articles.push({ id, annotations: spans.length, overlapping: spans.filter((s) => s.overlapping).length });
  }
  closeDatabase(db);
  fs.writeFileSync(out, JSON.stringify(result, null, 2));
}

/**
 * Four fifths of the spans lie apart (an even share of each paragraph, 1–8
 * words inside it); the other fifth each start inside one of those and run
 * past its end, so they overlap it.
 */
function chooseSpans(paras: Para[], count: number): { from: number; to: number; overlapping: boolean }[] {
  const overlapping = Math.round(count / 5);
  const apart = count - overlapping;
  const base: { para: Para; first: number; last: number }[] = [];
  paras.forEach((para, p) => {
    // Spread evenly over the paragraphs, then evenly within each.
    const inThis = Math.floor(((p + 1) * apart) / paras.length) - Math.floor((p * apart) / paras.length);
    const slot = Math.floor(para.words.length / Math.max(1, inThis));
    for (let k = 0; k < inThis; k++) {
      const length = 1 + int(Math.min(8, Math.max(1, slot - 1)));
      const first = k * slot + int(Math.max(1, slot - length));
      base.push({ para, first, last: Math.min(para.words.length - 1, first + length - 1) });
    }
  });
  const spans = base.map(({ para, first, last }) => ({
    from: para.start + para.words[first].from,
    to: para.start + para.words[last].to,
    overlapping: false,
  }));
  for (let i = 0; i < overlapping; i++) {
    const target = base[int(base.length)];
    const { para } = target;
    const first = target.first + (target.last > target.first ? 1 + int(target.last - target.first) : 0);
    const last = Math.min(para.words.length - 1, target.last + 1 + int(5));
    const from = para.start + para.words[first].from;
    const to = para.start + para.words[last].to;
    // (A one-word target at a paragraph's end gets a twin on the same span: that overlaps too.)
    spans.push({ from, to, overlapping: true });
  }
  return spans.sort((a, b) => a.from - b.from || a.to - b.to);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
