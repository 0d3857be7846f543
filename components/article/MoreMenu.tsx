'use client';
// The toolbar's secondary actions on a narrow screen, behind one button: the
// WAI-ARIA menu button pattern. Enter, Space or Down opens on the first item,
// Up on the last; arrows, Home and End move; Escape closes and returns to the
// button; Tab, a click outside or choosing an item closes.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

export type MoreItem =
  | { kind: 'button'; label: string; onSelect: () => void; disabled?: boolean }
  | { kind: 'link'; label: string; href: string; download?: boolean; newTab?: boolean; title?: string };

const items = (menu: HTMLElement | null) =>
  Array.from(menu?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? []);

/** Focuses the menu's item at `index`, counting from the end when negative and wrapping around. */
function focusItem(menu: HTMLElement | null, index: number) {
  const all = items(menu);
  if (all.length) all[((index % all.length) + all.length) % all.length].focus();
}

export function MoreMenu({ items: actions, label = 'More' }: { items: MoreItem[]; label?: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  const focusAt = (index: number) => focusItem(menu.current, index);
  const pending = useRef<'first' | 'last' | null>(null);

  function show(where: 'first' | 'last') {
    pending.current = where;
    setOpen(true);
  }
  function close(returnFocus: boolean) {
    setOpen(false);
    if (returnFocus) button.current?.focus();
  }

  useEffect(() => {
    if (!open) return;
    if (pending.current) focusItem(menu.current, pending.current === 'first' ? 0 : -1);
    pending.current = null;
    const outside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  function onButtonKey(event: KeyboardEvent) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      show(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  }

  function onMenuKey(event: KeyboardEvent) {
    const at = items(menu.current).indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Tab') return setOpen(false);
    const target = ({ ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: -1 } as Record<string, number>)[event.key];
    if (target === undefined && event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    if (target === undefined) close(true);
    else focusAt(target);
  }

  return (
    <div className="more-menu">
      <button
        ref={button}
        type="button"
        id={`${id}-button`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        onClick={() => (open ? close(false) : show('first'))}
        onKeyDown={onButtonKey}
      >
        {label} <span aria-hidden="true">▾</span>
      </button>
      <div ref={menu} id={`${id}-menu`} role="menu" aria-labelledby={`${id}-button`} hidden={!open} onKeyDown={onMenuKey}>
        {actions.map((item) =>
          item.kind === 'button' ? (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              aria-disabled={item.disabled || undefined}
              onClick={() => {
                if (item.disabled) return;
                close(true);
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          ) : (
            <a
              key={item.label}
              role="menuitem"
              tabIndex={-1}
              href={item.href}
              title={item.title}
              download={item.download || undefined}
              target={item.newTab ? '_blank' : undefined}
              rel={item.newTab ? 'noopener' : undefined}
              onClick={() => setOpen(false)}
            >
              {item.label}
            </a>
          ),
        )}
      </div>
    </div>
  );
}
