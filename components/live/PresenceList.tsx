'use client';
// Who has this article open: name and role, and what they are editing.
import { ROLE_LABELS } from '@/server/domain/roles';
import { useLive } from './LiveDesk';

export function PresenceList() {
  const live = useLive();
  if (!live) return null;
  const { people, viewerId } = live;
  return (
    <section className="presence" aria-labelledby="presence-heading">
      <h2 id="presence-heading">On this article</h2>
      {people.length === 0 ? (
        <p className="hint">Nobody else has it open.</p>
      ) : (
        <ul aria-label="On this article">
          {people.map((person) => (
            <li key={person.userId}>
              {person.name}
              {person.userId === viewerId ? ' (you)' : ''}, {ROLE_LABELS[person.role]}
              {person.userId !== viewerId && person.editing.length > 0 ? ' · editing' : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
