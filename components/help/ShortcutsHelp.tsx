'use client';
// The header's Help button and the keyboard shortcuts list it opens, also on
// `?` (when not typing in a box) and F1, from any page. A native modal
// <dialog>: focus moves into it, Escape closes it and focus returns.
import { useEffect, useId, useRef } from 'react';
import { SHORTCUTS } from '../editor/shortcuts';

/** Typing a "?" into a box must type it; the article is a read-only textbox, where "?" types nothing. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('input, textarea, select'))
    return !(target instanceof HTMLInputElement && ['button', 'checkbox', 'radio'].includes(target.type));
  const editable = target.closest<HTMLElement>('[contenteditable="true"]');
  return !!editable && editable.getAttribute('aria-readonly') !== 'true';
}

export function ShortcutsHelp() {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || dialog.current?.open) return;
      const question = event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target);
      if (question || event.key === 'F1') {
        event.preventDefault();
        dialog.current?.showModal();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <button
        type="button"
        className="link-button header-help"
        aria-haspopup="dialog"
        aria-keyshortcuts="Shift+? F1"
        onClick={() => dialog.current?.showModal()}
      >
        Keyboard shortcuts
      </button>
      <dialog ref={dialog} className="shortcuts-dialog" aria-labelledby={`${id}-h`}>
        <h2 id={`${id}-h`}>Keyboard shortcuts</h2>
        {SHORTCUTS.map((group) => (
          <section key={group.where} aria-labelledby={`${id}-${group.where}`}>
            <h3 id={`${id}-${group.where}`}>{group.where}</h3>
            <dl className="shortcut-list">
              {group.shortcuts.map((s) => (
                <div key={s.keys.join() + s.what}>
                  <dt>
                    {s.keys.map((k, i) => (
                      <span key={k}>
                        {i > 0 && ' or '}
                        <kbd>{k}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{s.what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <form method="dialog">
          <button type="submit" className="primary">
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}
