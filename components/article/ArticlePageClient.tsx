'use client';
// Keeps the workspace's notice across the remount that a new revision causes
// (the editor is rebuilt on the new document, keyed by revision number).
import { useRouter } from 'next/navigation';
import { useState, type ComponentProps } from 'react';
import { ArticleWorkspace } from './ArticleWorkspace';

type Props = Omit<ComponentProps<typeof ArticleWorkspace>, 'notice' | 'onRevisionSaved'>;

export function ArticlePageClient(props: Props) {
  const router = useRouter();
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <ArticleWorkspace
      key={props.article.revision}
      {...props}
      notice={notice}
      onRevisionSaved={(message) => {
        setNotice(message);
        router.refresh();
      }}
    />
  );
}
