'use client';
// Invites: an admin makes one (a link, no email sent), and sees the pending
// ones with their role, email and expiry, to copy a link again or revoke it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { createInviteInput } from '@/server/domain/people.types';
import { ROLE_LABELS, ROLES, type Role } from '@/server/domain/roles';
import { formatDate } from '../ui/format';
import { ScrollRegion } from '../ui/ScrollRegion';
import { errorMessage, useTRPC } from '../ui/trpc';

/** Copies `text`; false without clipboard permission (the caller then shows the text to copy by hand). */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function PendingInvites() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const invites = useQuery(trpc.people.invites.queryOptions());
  const [notice, setNotice] = useState<string | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const revoke = useMutation(
    trpc.people.revokeInvite.mutationOptions({
      onSuccess: (r) => setNotice(`The invite for ${r.email} is revoked: its link no longer works.`),
      onError: (e) => setAlert(errorMessage(e)),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.people.invites.queryKey() }),
    }),
  );
  const list = invites.data ?? [];
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Pending invites</h2>
      {invites.isError && (
        <p role="alert" className="error">
          {errorMessage(invites.error)}
        </p>
      )}
      {alert && (
        <p role="alert" className="error">
          {alert}
        </p>
      )}
      <p aria-live="polite" className="notice-line">
        {notice}
      </p>
      {invites.isSuccess && list.length === 0 ? (
        <p className="hint">No pending invites: every link made has been used, revoked or has expired.</p>
      ) : (
        <ScrollRegion label="Pending invites, as a table">
          <table className="people invites">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Expires</th>
                <th scope="col">Link</th>
              </tr>
            </thead>
            <tbody>
              {list.map((invite) => (
                <tr key={invite.id}>
                  <th scope="row">{invite.email}</th>
                  <td>{ROLE_LABELS[invite.role]}</td>
                  <td>
                    <time dateTime={invite.expiresAt}>{formatDate(invite.expiresAt)}</time>
                  </td>
                  <td className="row-actions">
                    {invite.url ? (
                      <button
                        type="button"
                        aria-label={`Copy link for ${invite.email}`}
                        onClick={async () => {
                          setAlert(null);
                          const copied = await copyText(invite.url!);
                          setNotice(
                            copied ? `Link for ${invite.email} copied.` : `Copy the link for ${invite.email} by hand: ${invite.url}`,
                          );
                        }}
                      >
                        Copy link
                      </button>
                    ) : (
                      <span className="hint">Link not kept: revoke and invite again</span>
                    )}{' '}
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Revoke invite for ${invite.email}`}
                      disabled={revoke.isPending}
                      onClick={() => {
                        setAlert(null);
                        setNotice(null);
                        revoke.mutate({ id: invite.id });
                      }}
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

export function InviteForm({ onInvited }: { onInvited: () => void }) {
  const trpc = useTRPC();
  const id = useId();
  const [email, setEmail] = useState('');
  const [role, setRoleValue] = useState<Role>('reviewer');
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const invite = useMutation(
    trpc.people.invite.mutationOptions({
      onSuccess: () => {
        setEmail('');
        onInvited();
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setCopied(false);
    const parsed = createInviteInput.safeParse({ email, role });
    if (!parsed.success) return setError(parsed.error.issues.map((i) => i.message).join('; '));
    invite.mutate(parsed.data);
  }

  async function copy(link: string) {
    const copied = await copyText(link);
    // Without clipboard permission, select the text so Ctrl+C works.
    if (!copied) (document.getElementById(`${id}-link`) as HTMLInputElement | null)?.select();
    setCopied(copied);
  }

  const created = invite.data;
  return (
    <form className="invite-form" onSubmit={submit} aria-labelledby={`${id}-h`} noValidate>
      <h2 id={`${id}-h`}>Invite someone</h2>
      <label htmlFor={`${id}-email`}>Email</label>
      <input id={`${id}-email`} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      <label htmlFor={`${id}-role`}>Role</label>
      <select id={`${id}-role`} value={role} onChange={(e) => setRoleValue(e.target.value as Role)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={invite.isPending}>
        Create invite
      </button>
      {created && (
        <div className="invite-link">
          <label htmlFor={`${id}-link`}>Invite link</label>
          <input id={`${id}-link`} type="text" readOnly value={created.url} onFocus={(e) => e.target.select()} />
          <button type="button" onClick={() => copy(created.url)}>
            Copy link
          </button>
          <p className="hint" aria-live="polite">
            {copied ? 'Copied. ' : ''}For {created.email} as {ROLE_LABELS[created.role]}. It works once and expires on{' '}
            {formatDate(created.expiresAt)}. No email is sent: pass it on yourself.
          </p>
        </div>
      )}
    </form>
  );
}
