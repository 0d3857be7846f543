// Calls the app's tRPC endpoints over HTTP, as the browser does, for tests that
// need many annotations or input the UI refuses before sending.
import { expect, request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { articleDocFromJSON } from '../../server/domain/article-schema';
import { findQuote } from '../../server/domain/anchoring';

export async function mutation<T>(
  request: APIRequestContext,
  path: string,
  input: unknown,
): Promise<{ ok: true; data: T } | { ok: false; status: number; message: string }> {
  const response = await request.post(`/api/trpc/${path}`, { data: input });
  const body = await response.json();
  if (response.ok()) return { ok: true, data: body.result.data as T };
  return { ok: false, status: response.status(), message: body.error.message as string };
}

export async function query<T>(request: APIRequestContext, path: string, input: unknown): Promise<T> {
  const response = await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()).result.data as T;
}

export async function mustMutate<T>(request: APIRequestContext, path: string, input: unknown): Promise<T> {
  const result = await mutation<T>(request, path, input);
  if (!result.ok) throw new Error(`${path} refused: ${result.message}`);
  return result.data;
}

export async function importArticle(request: APIRequestContext, input: Record<string, unknown>) {
  const { id } = await mustMutate<{ id: number }>(request, 'article.import', input);
  const article = await query<{ body: unknown }>(request, 'article.byId', { id });
  return { id, doc: articleDocFromJSON(article.body) };
}

export function anchorOf(doc: ReturnType<typeof articleDocFromJSON>, exact: string) {
  const range = findQuote(doc, exact);
  if (!range) throw new Error(`Not in the article: ${exact}`);
  return { ...range, exact };
}

export function annotationInput(
  articleId: number,
  anchor: { from: number; to: number; exact: string },
  fields: Record<string, unknown> = {},
) {
  return { id: randomUUID(), articleId, anchor, verdict: 'false', rationale: '', evidence: [], ...fields };
}

/** The desk's editor (made by the first-run test), as an API client. */
export async function editorRequest(baseURL: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, storageState: process.env.E2E_EDITOR_STATE });
}

/**
 * Signs off annotations the way the desk does: their author submits them, the
 * editor approves. `only` limits it to some annotations (by quote).
 */
export async function signOffArticle(
  author: APIRequestContext,
  baseURL: string,
  articleId: number,
  only?: (a: { exact: string }) => boolean,
) {
  const editor = await editorRequest(baseURL);
  const list = await query<{ id: string; exact: string; status: string }[]>(author, 'annotation.list', { articleId });
  for (const a of list.filter((a) => a.status !== 'approved' && (only?.(a) ?? true))) {
    if (a.status !== 'in_review') await mustMutate(author, 'annotation.submit', { id: a.id });
    await mustMutate(editor, 'annotation.approve', { id: a.id });
  }
  await editor.dispose();
}
