'use client';
// Someone saved this annotation while you were editing it. Both versions side
// by side, with who and when; whichever is kept, the other stays in the history.
import { useId } from 'react';
import type { AnnotationView } from '@/server/domain/annotation';
import type { Verdict } from '@/server/domain/verdicts';
import type { AnnotationDraft } from './AnnotationForm';
import { formatDate } from '../../ui/format';

interface Props {
  theirs: AnnotationView;
  yours: AnnotationDraft;
  yourName: string;
  verdicts: Map<string, Verdict>;
  onKeepMine: () => void;
  onKeepTheirs: () => void;
}

function Version({
  title,
  who,
  verdict,
  rationale,
  evidence,
}: {
  title: string;
  who: string;
  verdict: string;
  rationale: string;
  evidence: { url: string }[];
}) {
  const id = useId();
  return (
    <section className="version" aria-labelledby={id} role="region">
      <h4 id={id}>{title}</h4>
      <p className="hint">{who}</p>
      <dl>
        <dt>Verdict</dt>
        <dd>{verdict}</dd>
        <dt>Rationale</dt>
        <dd className="version-rationale">{rationale || '(none)'}</dd>
        <dt>Evidence</dt>
        <dd>
          {evidence.length ? (
            <ul>
              {evidence.map((e) => (
                <li key={e.url}>{e.url}</li>
              ))}
            </ul>
          ) : (
            '(none)'
          )}
        </dd>
      </dl>
    </section>
  );
}

export function ConflictVersions({ theirs, yours, yourName, verdicts, onKeepMine, onKeepTheirs }: Props) {
  const label = (key: string) => verdicts.get(key)?.label ?? key;
  return (
    <div className="conflict">
      <div className="versions">
        <Version
          title="Their version"
          who={`Saved by ${theirs.updatedBy ?? theirs.author}, ${formatDate(theirs.updatedAt)}`}
          verdict={label(theirs.verdict)}
          rationale={theirs.rationale}
          evidence={theirs.evidence}
        />
        <Version
          title="Your version"
          who={`${yourName}, not saved`}
          verdict={label(yours.verdict)}
          rationale={yours.rationale}
          evidence={yours.evidence}
        />
      </div>
      <p className="conflict-actions">
        <button type="button" className="primary" onClick={onKeepMine}>
          Keep mine
        </button>
        <button type="button" onClick={onKeepTheirs}>
          Keep theirs
        </button>
        <span className="hint"> Or edit the form below into a merged version and save it. The version not kept stays in the history.</span>
      </p>
    </div>
  );
}
