import { TRPCError } from '@trpc/server';
import { SearchForm, type SearchFormValues } from '@/components/search/SearchForm';
import { SearchResults } from '@/components/search/SearchResults';
import { describeZodError } from '@/server/trpc';
import { searchInput } from '@/server/domain/search.types';
import { signedInPage } from '@/server/http/server-caller';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Search · Fact-check editor' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const FIELDS = ['q', 'verdict', 'status', 'checkedBy', 'from', 'to'] as const;

export default async function SearchPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const query = new URLSearchParams();
  const values = Object.fromEntries(
    FIELDS.map((field) => {
      const raw = params[field];
      const value = (Array.isArray(raw) ? raw[0] : raw) ?? '';
      if (value) query.set(field, value);
      return [field, value];
    }),
  ) as unknown as SearchFormValues;
  const { caller } = await signedInPage(`/search${query.size ? `?${query}` : ''}`);
  const [verdicts, facets] = await Promise.all([caller.verdict.list(), caller.search.facets()]);
  const asked = query.size > 0;
  const parsed = searchInput.safeParse(Object.fromEntries([...query.entries()]));
  let answer: Awaited<ReturnType<typeof caller.search.checks>> | null = null;
  let problem: string | null = null;
  if (asked && !parsed.success) problem = describeZodError(parsed.error);
  else if (asked && parsed.success) {
    try {
      answer = await caller.search.checks(parsed.data);
    } catch (error) {
      if (!(error instanceof TRPCError) || error.code !== 'BAD_REQUEST') throw error;
      problem = error.message;
    }
  }
  return (
    <main className="search-page">
      <h1>Search</h1>
      <SearchForm values={values} verdicts={verdicts} checkers={facets.checkers} />
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {answer && (
        <SearchResults
          results={answer.results}
          more={answer.more}
          verdictLabels={Object.fromEntries(verdicts.map((v) => [v.key, v.label]))}
        />
      )}
    </main>
  );
}
