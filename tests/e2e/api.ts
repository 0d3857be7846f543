// Calls the app's tRPC endpoints over HTTP, as the browser does, for tests that
// need many annotations or input the UI refuses before sending.
import { expect, type APIRequestContext } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { articleDocFromJSON } from '../../server/domain/article-schema';
import { findQuote } from '../../server/domain/anchoring';

export async function mutation<T>(request: APIRequestContext, path: string, input: unknown): Promise<{ ok: true; data: T } | { ok: false; status: number; message: string }> {
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

export function annotationInput(articleId: number, anchor: { from: number; to: number; exact: string }, fields: Record<string, unknown> = {}) {
  return { id: randomUUID(), articleId, anchor, verdict: 'false', rationale: '', evidence: [], status: 'final', ...fields };
}
