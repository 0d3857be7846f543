'use client';
// The ProseMirror view of the article. React owns nothing inside it: the view
// is created in an effect (and destroyed in its cleanup, which StrictMode runs
// twice), with every highlight already in its first state, so the article is
// rendered once, highlighted; later changes reach it as plugin actions.
import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef } from 'react';
import { EditorState, Plugin, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { keymap } from 'prosemirror-keymap';
import type { Node as PMNode } from 'prosemirror-model';
import {
  annotationKey,
  annotationPlugin,
  dispatchAnnotations,
  selectAdjacentAnnotation,
  type AnnotationAction,
  type Highlight,
} from './annotation-plugin';
import { highlightStylesheet, type VerdictStyle } from './highlight-style';
import { CHARS_AROUND, followViewport, viewportPlugin } from './viewport';
import { readOnlyPlugin } from './read-only-plugin';
import { selectionInfo, type SelectionInfo } from './selection';
import { ANNOTATE_SHORTCUT } from './shortcuts';

export { ANNOTATE_SHORTCUT };

export interface ArticleViewHandle {
  scrollTo(id: string): void;
  focus(): void;
  /** Puts the caret at the end of the selection, so the same text is not annotated twice by accident. */
  collapseSelection(): void;
  /** Where an annotation's first highlight (or a document position) is on screen, for placing its panel beside it. */
  rectOf(target: { id: string } | { pos: number }): { top: number; bottom: number } | null;
  /**
   * Hands over only what changed (an annotation saved, one deleted), so a page
   * holding thousands need not build a new `highlights` array to be diffed.
   * A later `highlights` prop that agrees with these changes is not sent again.
   */
  applyHighlightChanges(changes: { upsert?: Highlight[]; remove?: string[] }): void;
  /**
   * A save from the form, in one transaction: the saved highlight drawn (before
   * the page re-renders), the open annotation's emphasis moved to `activeId`,
   * and the selection collapsed if asked. The view redraws once, not three times.
   */
  settleSave(change: { upsert: Highlight; activeId: string | null; collapse: boolean }): void;
}

interface Props {
  /** The article, parsed once by the page (its list reads quotes from the same document). */
  doc: PMNode;
  highlights: Highlight[];
  activeId: string | null;
  verdicts: VerdictStyle[];
  onSelection: (info: SelectionInfo) => void;
  onOpen: (id: string) => void;
  onAnnotateShortcut: () => void;
  /** Alt+Down/Up moved the selection onto an annotation. */
  onJump: (found: { id: string; index: number; count: number }) => void;
}

export const ArticleView = forwardRef<ArticleViewHandle, Props>(function ArticleView(props, ref) {
  const mount = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  /** The highlights the plugin holds, by id, and the array they last came from. */
  const synced = useRef<{ byId: Map<string, Highlight>; from: Highlight[] | null }>({ byId: new Map(), from: null });
  // Callbacks change identity on every render; the view reads the latest through this ref.
  const latest = useRef(props);
  latest.current = props;
  const stylesheet = useMemo(() => highlightStylesheet(props.verdicts), [props.verdicts]);

  const jump = (view: EditorView | undefined, dir: 1 | -1) => {
    const found = view && selectAdjacentAnnotation(view, dir);
    if (!found) return false;
    // The view has scrolled to it: draw the highlights there now, not a frame later.
    followViewport(view);
    latest.current.onJump(found);
    return true;
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the view is built once per mount (the page remounts it on a new revision); later props reach it through `latest` and the effects below.
  useEffect(() => {
    const verdicts = new Map(props.verdicts.map((v) => [v.key, v]));
    const article = mount.current!;
    const selectionReporter = new Plugin({
      view: () => ({
        update: (v, prev) => {
          if (!prev.selection.eq(v.state.selection)) latest.current.onSelection(selectionInfo(v.state));
        },
      }),
    });
    // How many annotations the plugin holds, on the page for whoever waits for them (a benchmark, a test).
    const readiness = new Plugin({
      view: (v) => {
        const show = () => {
          const count = String(annotationKey.getState(v.state)!.count);
          if (article.dataset.highlightsReady !== count) article.dataset.highlightsReady = count;
        };
        show();
        return { update: show, destroy: () => delete article.dataset.highlightsReady };
      },
    });
    const highlights = latest.current.highlights;
    const state = EditorState.create({
      doc: props.doc,
      plugins: [
        readOnlyPlugin(),
        annotationPlugin({
          verdicts,
          onOpen: (id) => latest.current.onOpen(id),
          highlights,
          activeId: latest.current.activeId,
          // Until the first measurement: the top of the article, where a page opens.
          window: { from: 0, to: CHARS_AROUND },
        }),
        viewportPlugin(),
        keymap({
          [ANNOTATE_SHORTCUT.keys]: () => {
            latest.current.onAnnotateShortcut();
            return true;
          },
          // Alt+Down / Alt+Up walk through the annotations, for readers who do not use a mouse.
          'Alt-ArrowDown': (_state, _dispatch, view) => jump(view, 1),
          'Alt-ArrowUp': (_state, _dispatch, view) => jump(view, -1),
        }),
        selectionReporter,
        readiness,
      ],
    });
    synced.current = { byId: new Map(highlights.map((h) => [h.id, h])), from: highlights };
    const editor = new EditorView(article, {
      state,
      attributes: {
        'aria-label': 'Article',
        'aria-readonly': 'true',
        role: 'textbox',
        'aria-multiline': 'true',
        class: 'article-body',
        spellcheck: 'false',
      },
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The document and the scale are fixed for the life of the page.
  }, []);

  useEffect(() => {
    if (view.current && synced.current.from !== props.highlights) {
      syncHighlights(view.current, synced.current.byId, props.highlights);
      synced.current.from = props.highlights;
    }
  }, [props.highlights]);

  useEffect(() => {
    const editor = view.current;
    if (editor && annotationKey.getState(editor.state)!.activeId !== props.activeId) {
      dispatchAnnotations(editor, { type: 'activate', id: props.activeId });
    }
  }, [props.activeId]);

  useImperativeHandle(ref, () => ({
    scrollTo(id) {
      const editor = view.current;
      if (!editor) return;
      // Draw its highlights first if it lies outside the window; once scrolled, the window follows the viewport.
      const anchor = annotationKey.getState(editor.state)!.find(id);
      if (anchor) drawAround(editor, anchor.from, anchor.to);
      const target = highlightOf(editor, id) ?? (anchor ? elementAt(editor, anchor.from) : null);
      target?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    },
    focus() {
      view.current?.focus();
    },
    rectOf(target) {
      const editor = view.current;
      if (!editor) return null;
      const el = 'id' in target ? highlightOf(editor, target.id) : null;
      if (el) {
        const { top, bottom } = el.getBoundingClientRect();
        return { top, bottom };
      }
      // Not drawn (outside the window): where its text is.
      const pos = 'id' in target ? annotationKey.getState(editor.state)!.find(target.id)?.from : target.pos;
      if (pos === undefined) return null;
      try {
        const { top, bottom } = editor.coordsAtPos(Math.min(pos, editor.state.doc.content.size));
        return { top, bottom };
      } catch {
        return null;
      }
    },
    collapseSelection() {
      const editor = view.current;
      if (!editor || editor.state.selection.empty) return;
      const { to } = editor.state.selection;
      editor.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, to)));
    },
    settleSave({ upsert, activeId, collapse }) {
      const editor = view.current;
      if (!editor) return;
      synced.current.byId.set(upsert.id, upsert);
      const actions: AnnotationAction[] = [{ type: 'upsert', highlights: [upsert] }];
      if (annotationKey.getState(editor.state)!.activeId !== activeId) actions.push({ type: 'activate', id: activeId });
      const tr = editor.state.tr
        .setMeta(annotationKey, { type: 'batch', actions } satisfies AnnotationAction)
        .setMeta('addToHistory', false);
      if (collapse && !editor.state.selection.empty) tr.setSelection(TextSelection.create(editor.state.doc, editor.state.selection.to));
      editor.dispatch(tr);
    },
    applyHighlightChanges({ upsert = [], remove = [] }) {
      const editor = view.current;
      if (!editor) return;
      const { byId } = synced.current;
      for (const id of remove) byId.delete(id);
      for (const h of upsert) byId.set(h.id, h);
      if (remove.length) dispatchAnnotations(editor, { type: 'remove', ids: remove });
      if (upsert.length) dispatchAnnotations(editor, { type: 'upsert', highlights: upsert });
    },
  }));

  return (
    <>
      {/* The verdict scale's colours, for every highlight and badge (only indexes and checked colours: see highlightStylesheet). */}
      <style>{stylesheet}</style>
      <div ref={mount} className="article-view" />
    </>
  );
});

function highlightOf(view: EditorView, id: string): HTMLElement | null {
  return view.dom.querySelector<HTMLElement>(`[data-annotation-id~="${CSS.escape(id)}"]`);
}

/** The element holding document position `pos`. */
function elementAt(view: EditorView, pos: number): HTMLElement | null {
  try {
    const { node } = view.domAtPos(pos);
    return node instanceof HTMLElement ? node : node.parentElement;
  } catch {
    return null;
  }
}

/** Makes sure the window covers `from`–`to`, drawing a fresh one around it if not. */
function drawAround(view: EditorView, from: number, to: number): void {
  const { window } = annotationKey.getState(view.state)!;
  if (from >= window.from && to <= window.to) return;
  dispatchAnnotations(view, { type: 'window', from: Math.max(0, from - CHARS_AROUND / 2), to: to + CHARS_AROUND / 2 });
}

/** Sends the plugin only what changed since the last sync: unchanged Highlight objects cost one comparison each. */
function syncHighlights(view: EditorView, drawn: Map<string, Highlight>, highlights: Highlight[]): void {
  const next = new Map(highlights.map((h) => [h.id, h]));
  const removed = [...drawn.keys()].filter((id) => !next.has(id));
  const changed = highlights.filter((h) => {
    const old = drawn.get(h.id);
    if (old === h) return false;
    return !old || old.from !== h.from || old.to !== h.to || old.verdict !== h.verdict || old.state !== h.state;
  });
  if (removed.length) dispatchAnnotations(view, { type: 'remove', ids: removed });
  if (changed.length) dispatchAnnotations(view, { type: 'upsert', highlights: changed });
  drawn.clear();
  for (const [id, h] of next) drawn.set(id, h);
}
