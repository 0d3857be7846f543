'use client';
// The ProseMirror view of the article. React owns nothing inside it: the view
// is created in an effect (and destroyed in its cleanup, which StrictMode runs
// twice), and highlights reach it as plugin actions.
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { EditorState, Plugin, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { keymap } from 'prosemirror-keymap';
import { articleDocFromJSON } from '@/server/domain/article-schema';
import { annotationPlugin, dispatchAnnotations, selectAdjacentAnnotation, type Highlight } from './annotation-plugin';
import type { VerdictStyle } from './highlight-style';
import { readOnlyPlugin } from './read-only-plugin';
import { selectionInfo, type SelectionInfo } from './selection';

export const ANNOTATE_SHORTCUT = { keys: 'Mod-Alt-m', label: 'Ctrl+Alt+M' } as const;

export interface ArticleViewHandle {
  scrollTo(id: string): void;
  focus(): void;
  /** Puts the caret at the end of the selection, so the same text is not annotated twice by accident. */
  collapseSelection(): void;
  /** Where an annotation's first highlight (or a document position) is on screen, for placing its panel beside it. */
  rectOf(target: { id: string } | { pos: number }): { top: number; bottom: number } | null;
}

interface Props {
  body: unknown;
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
  const drawn = useRef(new Map<string, Highlight>());
  // Callbacks change identity on every render; the view reads the latest through this ref.
  const latest = useRef(props);
  latest.current = props;

  const jump = (view: EditorView | undefined, dir: 1 | -1) => {
    const found = view && selectAdjacentAnnotation(view, dir);
    if (found) latest.current.onJump(found);
    return Boolean(found);
  };

  useEffect(() => {
    const verdicts = new Map(props.verdicts.map((v) => [v.key, v]));
    const selectionReporter = new Plugin({
      view: () => ({
        update: (v, prev) => {
          if (!prev.selection.eq(v.state.selection)) latest.current.onSelection(selectionInfo(v.state));
        },
      }),
    });
    const state = EditorState.create({
      doc: articleDocFromJSON(props.body),
      plugins: [
        readOnlyPlugin(),
        annotationPlugin({ verdicts, onOpen: (id) => latest.current.onOpen(id) }),
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
      ],
    });
    const editor = new EditorView(mount.current!, {
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
    drawn.current = new Map();
    syncHighlights(editor, drawn.current, latest.current.highlights);
    dispatchAnnotations(editor, { type: 'activate', id: latest.current.activeId });
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The document and the scale are fixed for the life of the page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (view.current) syncHighlights(view.current, drawn.current, props.highlights);
  }, [props.highlights]);

  useEffect(() => {
    if (view.current) dispatchAnnotations(view.current, { type: 'activate', id: props.activeId });
  }, [props.activeId]);

  useImperativeHandle(ref, () => ({
    scrollTo(id) {
      view.current?.dom.querySelector(`[data-annotation-id~="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    },
    focus() {
      view.current?.focus();
    },
    rectOf(target) {
      const editor = view.current;
      if (!editor) return null;
      if ('id' in target) {
        const el = editor.dom.querySelector(`[data-annotation-id~="${CSS.escape(target.id)}"]`);
        if (!el) return null;
        const { top, bottom } = el.getBoundingClientRect();
        return { top, bottom };
      }
      try {
        const { top, bottom } = editor.coordsAtPos(Math.min(target.pos, editor.state.doc.content.size));
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
  }));

  return <div ref={mount} className="article-view" />;
});

/** Sends the plugin only what changed since the last sync. */
function syncHighlights(view: EditorView, drawn: Map<string, Highlight>, highlights: Highlight[]): void {
  const next = new Map(highlights.map((h) => [h.id, h]));
  const removed = [...drawn.keys()].filter((id) => !next.has(id));
  const changed = highlights.filter((h) => {
    const old = drawn.get(h.id);
    return !old || old.from !== h.from || old.to !== h.to || old.verdict !== h.verdict || old.state !== h.state;
  });
  if (removed.length) dispatchAnnotations(view, { type: 'remove', ids: removed });
  if (changed.length) dispatchAnnotations(view, { type: 'upsert', highlights: changed });
  drawn.clear();
  for (const [id, h] of next) drawn.set(id, h);
}
