'use client';
// Below the annotations list: the article's revisions, its history, and the
// import of annotations from elsewhere.
import { useState } from 'react';
import type { AnnotationView } from '@/server/domain/annotation';
import { ImportAnnotations } from '../import/ImportAnnotations';
import { ArticleHistory } from '../review/HistoryPanel';
import { RevisionList } from './RevisionList';

interface Props {
  article: { id: number; revision: number };
  revisions: { number: number; createdAt: string }[];
  canImport: boolean;
  canRestore: boolean;
  /** No saves on their way. */
  ready: boolean;
  onRestored: (view: AnnotationView) => void;
  onImported: (message: string) => void;
}

export function ArticleRecords({ article, revisions, canImport, canRestore, ready, onRestored, onImported }: Props) {
  const [showHistory, setShowHistory] = useState(false);
  return (
    <>
      <RevisionList articleId={article.id} current={article.revision} revisions={revisions} />
      <p>
        <button type="button" aria-expanded={showHistory} onClick={() => setShowHistory((v) => !v)}>
          Article history
        </button>
      </p>
      {showHistory && <ArticleHistory articleId={article.id} canRestore={canRestore} onRestored={onRestored} />}
      {canImport && <ImportAnnotations articleId={article.id} ready={ready} onImported={onImported} />}
    </>
  );
}
