// The app's keyboard shortcuts, defined once: the article's keymap and the
// toolbar read the annotate key from here, and the shortcuts list (`?`, F1,
// Help in the header) shows this table, so the list cannot drift from the keys.

/** ProseMirror's name for the key, and how people read it. */
export const ANNOTATE_SHORTCUT = { keys: 'Mod-Alt-m', label: 'Ctrl+Alt+M' } as const;

export interface Shortcut {
  keys: string[];
  what: string;
}

export interface ShortcutGroup {
  where: string;
  shortcuts: Shortcut[];
}

export const SHORTCUTS: ShortcutGroup[] = [
  {
    where: 'Anywhere',
    shortcuts: [
      { keys: ['?'], what: 'Show this list of shortcuts (not while typing in a box)' },
      { keys: ['F1'], what: 'Show this list of shortcuts' },
    ],
  },
  {
    where: 'On an article',
    shortcuts: [
      { keys: [ANNOTATE_SHORTCUT.label], what: 'Annotate the selected text (⌘ instead of Ctrl on a Mac)' },
      { keys: ['Alt+↓', 'Alt+↑'], what: 'In the article: select the next or previous annotation, and hear its verdict and status' },
      { keys: ['Enter'], what: 'In the article: open the selected annotation, or the one the caret is in' },
    ],
  },
  {
    where: 'In the annotation form',
    shortcuts: [
      { keys: ['Ctrl+Enter'], what: 'Save the annotation (⌘+Enter on a Mac)' },
      { keys: ['Enter'], what: 'In an evidence box: add the link' },
      { keys: ['Escape'], what: 'Close the form and return to the article' },
    ],
  },
  {
    where: 'In a discussion reply',
    shortcuts: [{ keys: ['@'], what: 'Mention a colleague: ↓ and ↑ choose, Enter or Tab picks, Escape closes the list' }],
  },
];
