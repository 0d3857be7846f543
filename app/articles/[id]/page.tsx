import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { ArticlePageClient } from '@/components/ArticlePageClient';
import { AppError } from '@/server/errors';
import { articleIdSchema } from '@/server/domain/article.types';
import { getArticleRow } from '@/server/services/articles';
import { listAnnotations } from '@/server/services/annotations';
import { listVerdicts } from '@/server/services/verdicts';
import { currentRevision, listRevisions } from '@/server/services/revisions';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string }>;

function loadPage(rawId: string) {
  const id = articleIdSchema.safeParse(Number(rawId));
  if (!id.success || !/^\d+$/.test(rawId)) return null;
  const db = getDb();
  try {
    const row = getArticleRow(db, id.data);
    return {
      row,
      revision: currentRevision(db, row.id),
      revisions: listRevisions(db, row.id),
      annotations: listAnnotations(db, row.id),
      verdicts: listVerdicts(db),
    };
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

export async function generateMetadata({ params }: { params: Params }) {
  const page = loadPage((await params).id);
  return { title: page ? `${page.row.title} · Fact-check editor` : 'Article not found' };
}

export default async function ArticlePage({ params }: { params: Params }) {
  const page = loadPage((await params).id);
  if (!page) notFound();
  const { row, annotations, verdicts, revision, revisions } = page;
  return (
    <main className="editor-page">
      <ArticlePageClient
        article={{ id: row.id, title: row.title, body: row.body, sourceUrl: row.sourceUrl, revision }}
        revisions={revisions}
        initialAnnotations={annotations}
        verdicts={verdicts}
      />
    </main>
  );
}
