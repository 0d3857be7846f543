'use client';
// The annotation list with its desk tools: counts per status, filters by
// status and verdict, and checkboxes to submit, approve or assign several at
// once. Holds the filter and the selection; the rows are AnnotationSidebar's.
import { memo, useCallback, useMemo, useRef, useState, type ComponentProps } from 'react';
import type { AnnotationView } from '@/server/domain/annotation';
import { can } from '@/server/domain/policy';
import type { Actor } from '@/server/domain/roles';
import { AnnotationSidebar, shorten } from '../AnnotationSidebar';
import { BulkActions } from './BulkActions';
import { applyFilter, NO_FILTER, selectClick, statusCounts, type ListFilter } from './list-filter';
import { ListFilters } from './ListFilters';

type SidebarProps = ComponentProps<typeof AnnotationSidebar>;

interface Props extends Omit<SidebarProps, 'header' | 'total' | 'selection'> {
  viewer: Actor;
  ready: boolean;
  onBulkDone: (views: AnnotationView[]) => void;
}

// Memoised, as the list it wraps: a selection in the article re-renders the page, not this.
export const ReviewableList = memo(function ReviewableList({ viewer, ready, onBulkDone, ...list }: Props) {
  const { annotations, quoteOf } = list;
  const [filter, setFilter] = useState<ListFilter>(NO_FILTER);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const lastClicked = useRef<string | null>(null);
  const counts = useMemo(() => statusCounts(annotations), [annotations]);
  const shown = useMemo(() => applyFilter(annotations, filter), [annotations, filter]);
  // Those that are gone (deleted here or by a colleague) drop out of the selection.
  const selectedIds = useMemo(() => annotations.filter((a) => selected.has(a.id)).map((a) => a.id), [annotations, selected]);

  const shownRef = useRef(shown);
  shownRef.current = shown;
  const onToggle = useCallback((id: string, shift: boolean) => {
    // Read now: the updater may run later, after the last clicked one has become this one.
    const anchor = lastClicked.current;
    const shownNow = shownRef.current;
    setSelected((current) => selectClick(current, shownNow, id, anchor, shift));
    lastClicked.current = id;
  }, []);
  const selection = useMemo(() => (can.annotate(viewer) ? { selected, onToggle } : undefined), [viewer, selected, onToggle]);

  // Asked only for the few refused ones: a search, not a map rebuilt on every save of a long article.
  const nameOf = (id: string) => {
    const a = annotations.find((x) => x.id === id);
    return a ? `“${shorten(quoteOf(a).replace(/\s+/g, ' '), 60)}”` : 'An annotation no longer here';
  };

  const header = (
    <>
      <ListFilters counts={counts} filter={filter} onFilter={setFilter} verdicts={list.verdicts} />
      {selection && (
        <BulkActions
          viewer={viewer}
          selected={selectedIds}
          shownCount={shown.length}
          onSelectAllShown={() => setSelected(new Set([...selected, ...shown.map((a) => a.id)]))}
          onClear={() => setSelected(new Set())}
          nameOf={nameOf}
          ready={ready}
          onDone={(views, refusedIds) => {
            onBulkDone(views);
            // The refused stay selected, to be fixed and tried again; what went through is done with.
            setSelected(new Set(refusedIds));
          }}
        />
      )}
    </>
  );
  return <AnnotationSidebar {...list} annotations={shown} total={annotations.length} header={header} selection={selection} />;
});
