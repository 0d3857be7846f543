'use client';
// Under the open annotation's form: its sign-off, its history and its discussion.
import { useState } from 'react';
import type { AnnotationView } from '@/server/domain/annotation';
import { can } from '@/server/domain/policy';
import type { Actor } from '@/server/domain/roles';
import { DiscussionThread } from './DiscussionThread';
import { AnnotationHistory } from './HistoryPanel';
import { WorkflowActions } from './WorkflowActions';
import { Assignment } from '../queue/Assignment';

interface Props {
  annotation: AnnotationView;
  viewer: Actor;
  allowSelfApproval: boolean;
  ready: boolean;
  onChanged: (view: AnnotationView, said: string) => void;
}

export function AnnotationReview({ annotation, viewer, allowSelfApproval, ready, onChanged }: Props) {
  const [showHistory, setShowHistory] = useState(false);
  return (
    <div className="annotation-review">
      <WorkflowActions annotation={annotation} viewer={viewer} allowSelfApproval={allowSelfApproval} ready={ready} onChanged={onChanged} />
      <Assignment annotationId={annotation.id} viewer={viewer} />
      <p>
        <button type="button" aria-expanded={showHistory} onClick={() => setShowHistory((v) => !v)}>
          History
        </button>
      </p>
      {showHistory && (
        <AnnotationHistory
          annotation={annotation}
          canRestore={can.restoreFromHistory(viewer)}
          onRestored={(view) => onChanged(view, 'The earlier version is restored.')}
        />
      )}
      <DiscussionThread
        annotationId={annotation.id}
        resolved={annotation.discussionResolved}
        viewer={viewer}
        onResolved={() => onChanged({ ...annotation, discussionResolved: true }, 'Discussion resolved.')}
      />
    </div>
  );
}
