'use client';
// The editor's document, loaded apart from the page (the page carries
// everything else): /api/articles/<id>/document answers the stored JSON once,
// revalidated by revision (the browser's cache answers a reload with a 304).
// A busy server (503) is asked again when it says; a document newer than the
// page's revision means a revision landed in between: the page is read again.
import { useRouter } from 'next/navigation';
import type { Node as PMNode } from 'prosemirror-model';
import { useEffect, useState } from 'react';
import { articleDocFromJSON } from '@/server/domain/article-schema';

export type ArticleDocument =
  | { state: 'loading'; message?: string }
  | { state: 'ready'; doc: PMNode }
  | { state: 'failed'; message: string; retry: () => void };

export const documentUrl = (articleId: number) => `/api/articles/${articleId}/document`;

const revisionOf = (etag: string | null) => Number(/"r(\d+)"/.exec(etag ?? '')?.[1] ?? Number.NaN);

async function messageOf(response: Response): Promise<string> {
  const said = (await response.json().catch(() => null)) as { error?: unknown } | null;
  return typeof said?.error === 'string' ? said.error : `The article could not be loaded (the server answered ${response.status}).`;
}

export function useArticleDocument(articleId: number, revision: number): ArticleDocument {
  const router = useRouter();
  const [attempt, setAttempt] = useState(0);
  // Kept with the revision it belongs to: on the render where the page's revision changes, before the effect has
  // fetched the new document, the old one must not reach a workspace built for the new revision's annotations.
  const [state, setState] = useState<{ revision: number; document: ArticleDocument }>({ revision, document: { state: 'loading' } });

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry button's way of loading again.
  useEffect(() => {
    let live = true;
    const show = (document: ArticleDocument) => setState({ revision, document });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const retry = () => setAttempt((n) => n + 1);
    async function load() {
      let response: Response;
      try {
        response = await fetch(documentUrl(articleId), { headers: { 'x-factcheck-client': '1' } });
      } catch {
        if (live) show({ state: 'failed', message: 'The article could not be loaded: the server did not answer.', retry });
        return;
      }
      if (!live) return;
      if (response.status === 503) {
        const seconds = Math.min(60, Math.max(1, Number(response.headers.get('retry-after')) || 5));
        show({ state: 'loading', message: await messageOf(response) });
        timer = setTimeout(() => void load(), seconds * 1000);
        return;
      }
      if (!response.ok) {
        const message = await messageOf(response);
        if (live) show({ state: 'failed', message, retry });
        return;
      }
      const json: unknown = await response.json();
      if (!live) return;
      if (revisionOf(response.headers.get('etag')) !== revision) {
        // The annotations the page carries belong to its own revision: read the page again for the new one.
        router.refresh();
        return;
      }
      show({ state: 'ready', doc: articleDocFromJSON(json) });
    }
    show({ state: 'loading' });
    void load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [articleId, revision, attempt, router]);

  return state.revision === revision ? state.document : { state: 'loading' };
}
