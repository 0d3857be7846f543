// The search box and its filters: a plain GET form, so the query and filters
// live in the URL (shareable, the back button works) and it works from the
// keyboard without any script.
import type { AnnotationStatus } from '@/server/domain/workflow';
import { ANNOTATION_STATUSES, STATUS_LABELS } from '@/server/domain/workflow';

export interface SearchFormValues {
  q: string;
  verdict: string;
  status: string;
  checkedBy: string;
  from: string;
  to: string;
}

interface Props {
  values: SearchFormValues;
  verdicts: { key: string; label: string }[];
  checkers: { id: string; name: string }[];
}

export function SearchForm({ values, verdicts, checkers }: Props) {
  return (
    <search aria-label="Search past checks">
      <form className="search-form" method="get" action="/search">
        <p className="search-box">
          <label htmlFor="search-q">Search checks</label>
          <input
            id="search-q"
            name="q"
            type="search"
            defaultValue={values.q}
            maxLength={200}
            aria-describedby="search-q-hint"
            autoComplete="off"
          />
          <button type="submit" className="primary">
            Search
          </button>
        </p>
        <p id="search-q-hint" className="hint">
          Titles and text of articles, quotes, claim summaries, who made the claims, rationales, evidence and discussions. Put “words in
          quotes” to find them together.
        </p>
        <fieldset className="search-filters">
          <legend>Filters</legend>
          <label htmlFor="search-verdict">Verdict</label>
          <select id="search-verdict" name="verdict" defaultValue={values.verdict}>
            <option value="">Any verdict</option>
            {verdicts.map((v) => (
              <option key={v.key} value={v.key}>
                {v.label}
              </option>
            ))}
          </select>
          <label htmlFor="search-status">Status</label>
          <select id="search-status" name="status" defaultValue={values.status}>
            <option value="">Any status</option>
            {ANNOTATION_STATUSES.map((s: AnnotationStatus) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
          <label htmlFor="search-checker">Checked by</label>
          <select id="search-checker" name="checkedBy" defaultValue={values.checkedBy}>
            <option value="">Anyone</option>
            {checkers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <label htmlFor="search-from">Changed from</label>
          <input id="search-from" name="from" type="date" defaultValue={values.from} />
          <label htmlFor="search-to">Changed until</label>
          <input id="search-to" name="to" type="date" defaultValue={values.to} />
        </fieldset>
      </form>
    </search>
  );
}
