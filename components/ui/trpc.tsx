'use client';
// The tRPC client for the browser, through TanStack Query.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { useState, type ReactNode } from 'react';
import { reasonOf, type RefusalReason } from '@/server/domain/reasons';
import type { AppRouter } from '@/server/routers/_app';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

function makeClient() {
  // httpLink, not a batch link: each save is its own request, so one refused save cannot fail its neighbours.
  // The header tells the server this read comes from the app itself: a page on another site cannot send it without asking first.
  // Subscriptions (the live streams) are server-sent events: EventSource sends no custom header, and the server
  // lets a same-origin stream through without it.
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url: '/api/trpc' }),
        false: httpLink({ url: '/api/trpc', headers: { 'x-factcheck-client': '1' } }),
      }),
    ],
  });
}

export function TrpcProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { mutations: { retry: false } } }));
  const [trpcClient] = useState(makeClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

const REFUSAL_CODES = new Set(['BAD_REQUEST', 'NOT_FOUND', 'CONFLICT', 'PARSE_ERROR', 'FORBIDDEN', 'UNAUTHORIZED', 'PAYLOAD_TOO_LARGE']);

/** The server looked at the request and said no: sending it again will not help. */
export function isRefusal(error: unknown): boolean {
  return error instanceof TRPCClientError && REFUSAL_CODES.has(String(error.data?.code ?? ''));
}

export function isConflict(error: unknown): boolean {
  return error instanceof TRPCClientError && error.data?.code === 'CONFLICT';
}

/** For an annotation: it is not on the server (any more). */
export function isGone(error: unknown): boolean {
  return error instanceof TRPCClientError && error.data?.code === 'NOT_FOUND';
}

/** Why the server refused, as the code it sent (server/domain/reasons.ts); null for anything else, such as a lost connection. */
export function refusalReason(error: unknown): RefusalReason | null {
  return error instanceof TRPCClientError ? reasonOf(error.data) : null;
}

/** The request never got an answer from the server (offline, server down): not a refusal, not a server error. */
export function isUnreachable(error: unknown): boolean {
  return error instanceof TRPCClientError && !error.data && !error.shape;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Unknown error';
}
