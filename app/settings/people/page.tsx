import { notFound } from 'next/navigation';
import { PeopleManager } from '@/components/people/PeopleManager';
import { can } from '@/server/domain/policy';
import { signedInPage } from '@/server/http/server-caller';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'People · Fact-check editor' };

export default async function PeoplePage() {
  const { caller, user } = await signedInPage('/settings/people');
  if (!can.managePeople(user)) notFound();
  const people = await caller.people.list();
  return (
    <main className="people-page">
      <h1>People</h1>
      <p>
        Viewers read and comment; reviewers annotate and edit their own annotations; editors edit anyone&apos;s; admins also change settings
        and people.
      </p>
      <PeopleManager initial={people} selfId={user.id} />
    </main>
  );
}
