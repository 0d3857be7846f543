'use client';
// The annotations in document order: quote, verdict, start of the rationale,
// evidence count. A long list renders only the rows near the screen
// (@tanstack/react-virtual, against the window's scroll, since the page scrolls
// as a whole); each row still says its place in the whole list
// (aria-posinset/aria-setsize), so a screen reader announces the full length.
// Rows ask for their full versions (rationale, earlier quote) as they come
// into view; until then they show what the index knows.
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { AnnotationView } from '@/server/domain/annotation';
import type { AnnotationSummary } from '@/server/domain/annotation-index';
import type { Verdict } from '@/server/domain/verdicts';
import { STATUS_LABELS } from '@/server/domain/workflow';
import { EditingBadge } from '../live/EditingNotice';

interface Props {
  annotations: AnnotationSummary[];
  /** Full versions loaded so far. */
  details: Map<string, AnnotationView>;
  /** The words of an annotation's quote, read from the article. */
  quoteOf: (a: AnnotationSummary) => string;
  verdicts: Map<string, Verdict>;
  activeId: string | null;
  onOpen: (id: string) => void;
  /** Whether the signed-in person may change this annotation; the server checks it again. */
  mayChange: (a: AnnotationSummary) => boolean;
  /** Annotations with an unsaved draft kept in this browser. */
  withDrafts?: Set<string>;
  onDelete: (id: string) => void;
  onConfirmAnchor: (id: string) => void;
  /** These rows are on screen (or about to be): their full versions are wanted. */
  onShown: (ids: string[]) => void;
  /** Above the rows: counts, filters and what to do with the selected ones (see ReviewableList). */
  header?: ReactNode;
  /** How many there are before filtering, when a filter hides some. */
  total?: number;
  /** Rows with a checkbox, to act on several at once; absent for those who may do nothing with them. */
  selection?: { selected: ReadonlySet<string>; onToggle: (id: string, shift: boolean) => void };
}

/** From this many rows on, only those near the screen are rendered. */
export const VIRTUAL_FROM = 150;
const ROW_GAP_PX = 10;

export const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

// Memoised: a selection change in the article re-renders the page, not this list.
export const AnnotationSidebar = memo(function AnnotationSidebar(props: Props) {
  const { annotations, total } = props;
  const filtered = total !== undefined && total !== annotations.length;
  return (
    <section aria-label="Annotations" className="annotation-list" id="annotations-list" tabIndex={-1}>
      <h2>
        Annotations <span className="count">({filtered ? `${annotations.length} of ${total} shown` : annotations.length})</span>
      </h2>
      {props.header}
      {annotations.length === 0 ? (
        <p className="hint">{filtered ? 'None match the filter.' : 'Select the text of a claim, then press “Annotate selection”.'}</p>
      ) : annotations.length < VIRTUAL_FROM ? (
        <AllRows {...props} />
      ) : (
        <VisibleRows {...props} />
      )}
    </section>
  );
});

function AllRows(props: Props) {
  const { annotations, onShown } = props;
  useEffect(() => onShown(annotations.map((a) => a.id)), [annotations, onShown]);
  return (
    <ol>
      {annotations.map((a) => (
        <Row key={a.id} {...props} a={a} />
      ))}
    </ol>
  );
}

function VisibleRows(props: Props) {
  const { annotations, onShown } = props;
  const listRef = useRef<HTMLOListElement>(null);
  // Where the list starts on the page: what is above it (the form, notices) changes height.
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const measure = () => setOffset(list.getBoundingClientRect().top + window.scrollY);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(list.closest('.side') ?? document.body);
    return () => observer.disconnect();
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: annotations.length,
    estimateSize: () => 96,
    overscan: 6,
    gap: ROW_GAP_PX,
    scrollMargin: offset,
    getItemKey: (index) => annotations[index].id,
    // Before the browser has measured anything (the server's render), a first screenful.
    initialRect: { width: 400, height: 900 },
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    if (last >= first) onShown(annotations.slice(first, last + 1).map((a) => a.id));
  }, [annotations, first, last, onShown]);
  return (
    <ol ref={listRef} className="is-virtual" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
      {items.map((item) => {
        const a = annotations[item.index];
        return (
          <Row
            key={a.id}
            {...props}
            a={a}
            index={item.index}
            measure={virtualizer.measureElement}
            style={{
              position: 'absolute',
              top: 0,
              left: 0,
              right: 0,
              transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)`,
            }}
          />
        );
      })}
    </ol>
  );
}

interface RowProps extends Props {
  a: AnnotationSummary;
  /** In a virtual list: the row's place, for assistive technology and measuring. */
  index?: number;
  measure?: (element: HTMLElement | null) => void;
  style?: React.CSSProperties;
}

function Row({
  a,
  index,
  measure,
  style,
  annotations,
  details,
  quoteOf,
  verdicts,
  activeId,
  onOpen,
  mayChange,
  withDrafts,
  onDelete,
  onConfirmAnchor,
  selection,
}: RowProps) {
  const verdict = verdicts.get(a.verdict);
  const view = details.get(a.id);
  const quote = shorten(quoteOf(a).replace(/\s+/g, ' '), 120);
  const virtual = index !== undefined;
  return (
    <li
      id={`item-${a.id}`}
      className={`status-${a.status}${a.id === activeId ? ' is-active' : ''}${selection?.selected.has(a.id) ? ' is-selected' : ''}`}
      data-annotation-item={a.id}
      data-index={index}
      ref={measure}
      style={style}
      aria-setsize={virtual ? annotations.length : undefined}
      aria-posinset={virtual ? index + 1 : undefined}
    >
      {selection && (
        <input
          type="checkbox"
          className="item-select"
          checked={selection.selected.has(a.id)}
          // Toggled on click (Space on a checkbox clicks it too), where the Shift key is known: Shift+click selects the
          // whole stretch since the last one clicked. The change event that follows carries no modifier keys.
          onClick={(event) => selection.onToggle(a.id, event.shiftKey)}
          onChange={() => undefined}
          aria-label={`Select “${shorten(quote, 60)}”`}
        />
      )}
      <button type="button" className="item-open" onClick={() => onOpen(a.id)} aria-current={a.id === activeId ? 'true' : undefined}>
        <span className="item-quote">“{quote}”</span>
        <span className="item-verdict" data-verdict={a.verdict} style={{ ['--verdict-colour' as string]: verdict?.colour }}>
          {a.verdict === '' ? (
            // Imported without a verdict: a draft that cannot be submitted until one is chosen.
            <span className="needs-verdict">Needs a verdict</span>
          ) : (
            <>
              <span aria-hidden="true">{verdict?.icon}</span> {verdict?.label ?? a.verdict}
            </>
          )}
        </span>
        {view?.rationale && <span className="item-rationale">{shorten(view.rationale, 140)}</span>}
        {view?.tags && view.tags.length > 0 && <span className="item-tags">Tags: {view.tags.join(', ')}</span>}
        <span className="item-meta">
          <span className={`item-status is-${a.status}`}>{STATUS_LABELS[a.status]}</span> ·{' '}
          {a.evidenceCount === 1 ? '1 evidence link' : `${a.evidenceCount} evidence links`} · {a.author}
          {a.updatedBy && ` · edited by ${a.updatedBy}`}
          {a.version === 0 && ' · saving…'}
          {withDrafts?.has(a.id) && <span className="item-draft"> · unsaved draft</span>}
          <EditingBadge annotationId={a.id} prefix=" · " />
        </span>
        {(a.anchorStatus === 'moved' || a.anchorStatus === 'fuzzy') && (
          <span className={`anchor-flag is-${a.anchorStatus}`}>
            {a.anchorStatus === 'fuzzy'
              ? `Placed by fuzzy match (${Math.round((a.anchorScore ?? 0) * 100)}%): check the highlighted text`
              : 'Text moved in the new revision: check it'}
          </span>
        )}
        {view?.previousExact && view.previousExact !== view.exact && (a.anchorStatus === 'moved' || a.anchorStatus === 'fuzzy') && (
          <span className="quote-compare">
            <span className="was">Was: “{shorten(view.previousExact.replace(/\s+/g, ' '), 160)}”</span>
            <span className="now">Now: “{shorten(view.exact.replace(/\s+/g, ' '), 160)}”</span>
          </span>
        )}
      </button>
      {mayChange(a) && (a.anchorStatus === 'moved' || a.anchorStatus === 'fuzzy') && (
        <button
          type="button"
          className="link-button"
          onClick={() => onConfirmAnchor(a.id)}
          aria-label={`Confirm position: “${shorten(quote, 40)}”`}
        >
          Confirm position
        </button>
      )}
      {mayChange(a) && (
        <button type="button" className="link-button danger" onClick={() => onDelete(a.id)} aria-label={`Delete: “${shorten(quote, 40)}”`}>
          Delete
        </button>
      )}
    </li>
  );
}
