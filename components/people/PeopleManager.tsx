'use client';
// Admins invite people with a role, rename them, change roles and remove
// access. The server refuses what would leave the desk without an admin, or a
// name someone else has; its sentence is shown.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { personNameSchema } from '@/server/domain/people.types';
import { ROLE_LABELS, ROLES, type Role } from '@/server/domain/roles';
import { errorMessage, useTRPC } from '../ui/trpc';
import { ScrollRegion } from '../ui/ScrollRegion';
import { InviteForm, PendingInvites } from './Invites';

interface Person {
  id: string;
  name: string;
  email: string;
  role: Role;
  accessRemoved: boolean;
}

export function PeopleManager({ initial, selfId }: { initial: Person[]; selfId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const people = useQuery({ ...trpc.people.list.queryOptions(), initialData: initial as never }).data as Person[];
  const [alert, setAlert] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.people.list.queryKey() });
  const refreshInvites = () => queryClient.invalidateQueries({ queryKey: trpc.people.invites.queryKey() });
  const setRole = useMutation(
    trpc.people.setRole.mutationOptions({
      onSuccess: (p) => setNotice(`${p.name} is now ${ROLE_LABELS[p.role]}.`),
      onError: (e) => setAlert(errorMessage(e)),
      onSettled: refresh,
    }),
  );
  const remove = useMutation(
    trpc.people.removeAccess.mutationOptions({
      onSuccess: (p) => setNotice(`${p.name} can no longer sign in; their sessions have ended.`),
      onError: (e) => setAlert(errorMessage(e)),
      onSettled: refresh,
    }),
  );

  return (
    <>
      <InviteForm onInvited={refreshInvites} />
      <PendingInvites />
      <section aria-labelledby="people-list-h">
        <h2 id="people-list-h">People of the desk</h2>
        {alert && (
          <p role="alert" className="error">
            {alert}{' '}
            <button type="button" className="link-button" onClick={() => setAlert(null)}>
              Dismiss
            </button>
          </p>
        )}
        <p aria-live="polite" className="notice-line">
          {notice}
        </p>
        <ScrollRegion label="People of the desk">
          <table className="people">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Access</th>
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    {renaming === p.id ? (
                      <RenameForm
                        person={p}
                        onDone={(renamed) => {
                          setRenaming(null);
                          if (renamed) setNotice(`${p.name} is now called ${renamed}.`);
                          void refresh();
                        }}
                        isSelf={p.id === selfId}
                      />
                    ) : (
                      <>
                        {p.name}
                        {p.id === selfId ? ' (you)' : ''}{' '}
                        <button
                          type="button"
                          className="link-button"
                          aria-label={`Rename ${p.name}`}
                          onClick={() => {
                            setAlert(null);
                            setNotice(null);
                            setRenaming(p.id);
                          }}
                        >
                          Rename
                        </button>
                      </>
                    )}
                  </th>
                  <td>{p.email}</td>
                  <td>
                    {p.accessRemoved ? (
                      ROLE_LABELS[p.role]
                    ) : (
                      <select
                        aria-label={`Role of ${p.name}`}
                        value={p.role}
                        disabled={setRole.isPending}
                        onChange={(e) => {
                          setAlert(null);
                          setNotice(null);
                          setRole.mutate({ userId: p.id, role: e.target.value as Role });
                        }}
                      >
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {ROLE_LABELS[r]}
                          </option>
                        ))}
                      </select>
                    )}
                  </td>
                  <td>
                    {p.accessRemoved ? (
                      'Access removed'
                    ) : p.id === selfId ? (
                      'Signed in'
                    ) : (
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Remove access for ${p.name}`}
                        disabled={remove.isPending}
                        onClick={() => {
                          setAlert(null);
                          setNotice(null);
                          if (
                            window.confirm(
                              `Remove ${p.name}'s access? They are signed out everywhere and cannot sign in until invited again. Their work keeps their name.`,
                            )
                          ) {
                            remove.mutate({ userId: p.id });
                          }
                        }}
                      >
                        Remove access
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
    </>
  );
}

/** An inline form in the person's row: the server's sentence is shown when it refuses (a name someone has, an empty one). */
function RenameForm({ person, isSelf, onDone }: { person: Person; isSelf: boolean; onDone: (renamed: string | null) => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const [value, setValue] = useState(person.name);
  const [error, setError] = useState<string | null>(null);
  const rename = useMutation(
    trpc.people.rename.mutationOptions({
      onSuccess: (renamed) => {
        // One's own new name shows in the header, which the server renders.
        if (isSelf) router.refresh();
        onDone(renamed.name);
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const parsed = personNameSchema.safeParse(value);
    if (!parsed.success) return setError(parsed.error.issues.map((i) => i.message).join('; '));
    rename.mutate({ userId: person.id, name: parsed.data });
  }

  return (
    <form className="rename-form" onSubmit={submit} noValidate>
      <label htmlFor={`${id}-name`} className="visually-hidden">
        New name for {person.name}
      </label>
      <input
        id={`${id}-name`}
        type="text"
        value={value}
        // biome-ignore lint/a11y/noAutofocus: the form opens at the person's "Rename" button, where the focus was
        autoFocus
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onDone(null);
        }}
      />{' '}
      <button type="submit" disabled={rename.isPending}>
        Save name
      </button>{' '}
      <button type="button" onClick={() => onDone(null)}>
        Cancel
      </button>
      {error && (
        <p role="alert" className="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </form>
  );
}
