// The end of a small form: the server's refusal in its own words, then the
// submit button (which says when it is busy) and Cancel.
interface Props {
  error: string | null;
  busy: boolean;
  label: string;
  busyLabel: string;
  onCancel: () => void;
}

export function FormFooter({ error, busy, label, busyLabel, onCancel }: Props) {
  return (
    <>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? busyLabel : label}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}
