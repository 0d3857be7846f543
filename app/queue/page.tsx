import { QueueSection } from '@/components/queue/QueueSection';
import { signedInPage } from '@/server/http/server-caller';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'My work · Fact-check editor' };

export default async function QueuePage() {
  const { caller } = await signedInPage('/queue');
  const [queue, verdicts] = await Promise.all([caller.queue.mine(), caller.verdict.list()]);
  const labels = Object.fromEntries(verdicts.map((v) => [v.key, v.label]));
  return (
    <main className="queue-page">
      <h1>My work</h1>
      {queue.waitingForReview && (
        <QueueSection
          title="Waiting for my review"
          items={queue.waitingForReview}
          verdictLabels={labels}
          empty="Nothing waits for your review."
        />
      )}
      <QueueSection
        title="Changes requested on mine"
        items={queue.changesRequested}
        verdictLabels={labels}
        empty="No annotation of yours has come back with changes requested."
      />
      <QueueSection title="Assigned to me" items={queue.assignedToMe} verdictLabels={labels} empty="Nothing is assigned to you." />
      <QueueSection title="My drafts" items={queue.drafts} verdictLabels={labels} empty="You have no drafts." />
    </main>
  );
}
