// Reviewers read the article; they must not change it. The editor stays
// contenteditable so that keyboard selection (Shift+arrows) works, and every
// way of changing the text is refused here instead.
import { Plugin } from 'prosemirror-state';

export function readOnlyPlugin(): Plugin {
  return new Plugin({
    // The last line of defence: no transaction that changes the document gets through.
    filterTransaction: (tr) => !tr.docChanged,
    props: {
      handleTextInput: () => true,
      handlePaste: () => true,
      handleDrop: () => true,
      handleDOMEvents: {
        // Stop the browser before it touches the DOM (typing, deleting, formatting, undo).
        beforeinput: (_view, event) => {
          event.preventDefault();
          return true;
        },
        cut: (_view, event) => {
          event.preventDefault();
          return true;
        },
      },
    },
  });
}
