import { expect, test } from '@playwright/test';
import { ADMIN, alert, annotate, closePanel, editor, expectAllSaved, importText, newPerson, startReviewing } from './helpers';

test('two reviewers: changes appear for the other, and an edit on an old version is refused, not lost', async ({ browser, page }) => {
  // Two browsers and an invite on a shared machine: it ran past the usual minute under load (three runs, three places).
  test.slow();
  // Ana is the admin of this run; Ben joins as an editor, so he may change her annotation.
  const { page: other } = await newPerson(page, browser, 'Ben Editor', 'Editor');
  // Both pages run the change poll (every 8 s) on Playwright's clock: its rounds are brought on, not waited for.
  await page.clock.install();
  await other.clock.install();
  await importText(
    page,
    'Port says cargo doubled\n\nThe port authority said cargo volumes doubled in 2025.\n\nIts own figures show a rise of 12 percent.',
  );
  const url = page.url();
  await startReviewing(page);
  await other.goto(url);
  await startReviewing(other);

  await annotate(page, {
    exact: 'cargo volumes doubled in 2025',
    verdict: 'False',
    rationale: 'Ana: the figures say 12 percent.',
    evidence: [],
  });
  // Ben's page picks it up without a reload.
  const bensList = other.getByRole('region', { name: 'Annotations' });
  await other.clock.fastForward(8_000);
  await expect(bensList.getByRole('listitem')).toHaveCount(1);
  await expect(editor(other).locator('[data-annotation-id]')).toHaveText('cargo volumes doubled in 2025');

  // Both open it and write; Ana saves first. Ben's form holds his unsaved words, so her change waits rather than
  // replacing them (a form with nothing typed would show it in place: open-annotation-live.spec.ts).
  await other
    .getByRole('region', { name: 'Annotations' })
    .getByRole('button', { name: /^“cargo volumes/ })
    .click();
  await other.getByRole('textbox', { name: 'Rationale' }).fill('Ben’s edit on the old version.');
  await page
    .getByRole('region', { name: 'Annotations' })
    .getByRole('button', { name: /^“cargo volumes/ })
    .click();
  await page.getByRole('textbox', { name: 'Rationale' }).fill('Ana, second pass.');
  await page.getByRole('button', { name: 'Save annotation' }).click();
  await expectAllSaved(page);
  await closePanel(page);

  await other.getByRole('button', { name: 'Save annotation' }).click();
  await expect(alert(other)).toHaveText(new RegExp(`changed by ${ADMIN.name}`));
  // Ben's words are still in the form, for him to reconcile.
  await expect(other.getByRole('textbox', { name: 'Rationale' })).toHaveValue('Ben’s edit on the old version.');
  // Both versions side by side, near the form, with who saved theirs.
  const theirs = other.getByRole('region', { name: 'Their version' });
  await expect(theirs).toContainText('Ana, second pass.');
  await expect(theirs).toContainText(`Saved by ${ADMIN.name}`);
  await expect(other.getByRole('region', { name: 'Your version' })).toContainText('Ben’s edit on the old version.');

  // Ben keeps his version on purpose; Ana's page follows, naming him.
  await other.getByRole('button', { name: 'Keep mine' }).click();
  await expectAllSaved(other);
  const anasList = page.getByRole('region', { name: 'Annotations' });
  await page.clock.fastForward(8_000);
  await expect(anasList).toContainText('Ben’s edit on the old version.');
  await expect(anasList).toContainText('edited by Ben Editor');
  // Nothing is lost: the history has Ana's version and Ben's change over it.
  await other
    .getByRole('region', { name: 'Annotations' })
    .getByRole('button', { name: /^“cargo volumes/ })
    .click();
  await other.getByRole('button', { name: 'History', exact: true }).click();
  const history = other.getByRole('region', { name: 'History', exact: true });
  await expect(history.getByRole('listitem').first()).toContainText('Ben Editor changed the rationale');
  await expect(history).toContainText(`${ADMIN.name} changed the rationale`);
  await other.context().close();
});
