import { TRPCError } from '@trpc/server';
import { notFound } from 'next/navigation';
import { ArticlePageClient } from '@/components/article/ArticlePageClient';
import { articleIdSchema } from '@/server/domain/article.types';
import { serverCaller, signedInPage } from '@/server/http/server-caller';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string }>;

function parseId(rawId: string): number | null {
  const id = articleIdSchema.safeParse(Number(rawId));
  return id.success && /^\d+$/.test(rawId) ? id.data : null;
}

/** A missing article is a 404 page; anything else that fails is a real error. */
async function orNotFound<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

export async function generateMetadata({ params }: { params: Params }) {
  const id = parseId((await params).id);
  const { caller, user } = await serverCaller();
  const title = id !== null && user ? await orNotFound(caller.article.title({ id })) : null;
  return { title: title ? `${title} · Fact-check editor` : 'Fact-check editor' };
}

export default async function ArticlePage({ params }: { params: Params }) {
  const rawId = (await params).id;
  const { caller, user } = await signedInPage(`/articles/${rawId}`);
  const id = parseId(rawId);
  const page = id === null ? null : await orNotFound(caller.article.page({ id }));
  if (!page) notFound();
  return (
    <main className="editor-page">
      <ArticlePageClient
        article={page.article}
        revisions={page.revisions}
        initialIndex={page.index}
        initialDetails={page.details}
        verdicts={page.verdicts}
        workflow={page.workflow}
        viewer={user}
      />
    </main>
  );
}
