'use client';
// A comment box where "@" offers the desk's people: the WAI-ARIA combobox
// pattern on a textarea (a listbox popup, the active option named by
// aria-activedescendant so focus stays where the typing is). Arrows move,
// Enter or Tab picks, Escape closes; a polite line tells how many match.
import { useQuery } from '@tanstack/react-query';
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { matchPeople, mentionQueryAt, type MentionablePerson } from '@/server/domain/mentions';
import { useTRPC } from '../ui/trpc';

interface Props {
  id: string;
  value: string;
  onChange: (value: string) => void;
  rows: number;
  describedBy?: string;
}

export function MentionTextarea({ id, value, onChange, rows, describedBy }: Props) {
  const trpc = useTRPC();
  const listId = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const people = useQuery({ ...trpc.comment.people.queryOptions(), staleTime: 60_000 });
  const [typing, setTyping] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const [closedAt, setClosedAt] = useState<number | null>(null);

  const matches: MentionablePerson[] = typing && closedAt !== typing.start ? matchPeople(people.data ?? [], typing.query) : [];
  const open = matches.length > 0;
  const current = open ? Math.min(active, matches.length - 1) : -1;

  function follow(text: string, caret: number) {
    const next = mentionQueryAt(text, caret);
    setTyping(next);
    if (!next || next.start !== typing?.start) setClosedAt(null);
    setActive(0);
  }

  function pick(person: MentionablePerson) {
    if (!typing) return;
    const caret = typing.start + 1 + typing.query.length;
    const inserted = `@${person.name} `;
    const text = value.slice(0, typing.start) + inserted + value.slice(caret);
    onChange(text);
    setTyping(null);
    const at = typing.start + inserted.length;
    // After React has written the new value: put the caret after the name.
    requestAnimationFrame(() => area.current?.setSelectionRange(at, at));
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (!open) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + matches.length) % matches.length);
    } else if ((event.key === 'Enter' && !event.ctrlKey && !event.metaKey && !event.shiftKey) || (event.key === 'Tab' && !event.shiftKey)) {
      event.preventDefault();
      pick(matches[current]);
    } else if (event.key === 'Escape') {
      // Closes the list only; a second Escape reaches whatever holds the box (the panel).
      event.preventDefault();
      event.stopPropagation();
      setClosedAt(typing!.start);
    }
  }

  const optionId = (i: number) => `${listId}-option-${i}`;
  return (
    <div className="mention-box">
      <textarea
        ref={area}
        id={id}
        rows={rows}
        value={value}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open ? optionId(current) : undefined}
        aria-describedby={describedBy}
        onChange={(e) => {
          onChange(e.target.value);
          follow(e.target.value, e.target.selectionStart);
        }}
        onKeyDown={onKeyDown}
        onClick={(e) => follow(e.currentTarget.value, e.currentTarget.selectionStart)}
        onBlur={() => setTyping(null)}
      />
      <div id={listId} role="listbox" aria-label="People to mention" className="mention-list" hidden={!open}>
        {matches.map((p, i) => (
          // biome-ignore lint/a11y/useFocusableInteractive: focus stays in the textarea, which names the active option (aria-activedescendant), as the combobox pattern asks
          <div
            key={p.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            // Before the textarea's blur, so the pick lands.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(p);
            }}
          >
            {p.name}
          </div>
        ))}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {open
          ? `${matches.length} ${matches.length === 1 ? 'person matches' : 'people match'}: up and down to choose, Enter to mention.`
          : ''}
      </p>
    </div>
  );
}
