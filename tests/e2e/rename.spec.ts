// Names within the desk's rules (issue 22): an admin renames someone on the
// People page, a person changes their own name on the account page, and a
// name someone else has is refused with the server's sentence.
import { expect, test } from '@playwright/test';
import { ADMIN, alert, newPerson } from './helpers';

const taken = (name: string) => `Someone on this desk is already called ${name}: choose a name people can tell apart`;

test("an admin renames a person on the People page; a colleague's name is refused with the server's sentence", async ({
  page,
  browser,
}) => {
  const uma = await newPerson(page, browser, 'Uma Unique', 'Reviewer');
  await page.goto('/settings/people');
  const people = page.getByRole('table');

  await people.getByRole('button', { name: 'Rename Uma Unique' }).click();
  const box = people.getByRole('textbox', { name: 'New name for Uma Unique' });
  await expect(box).toBeFocused();
  await expect(box).toHaveValue('Uma Unique');
  // The admin's own name, in other case and spacing, is taken.
  await box.fill(`  ${ADMIN.name.toUpperCase()} `);
  await people.getByRole('button', { name: 'Save name' }).click();
  await expect(people.getByRole('alert')).toHaveText(taken(ADMIN.name));
  // An empty name never reaches the server.
  await box.fill('   ');
  await people.getByRole('button', { name: 'Save name' }).click();
  await expect(people.getByRole('alert')).toHaveText('Name is required');
  // Cancel leaves the name as it was.
  await people.getByRole('button', { name: 'Cancel' }).click();
  await expect(box).toBeHidden();
  await expect(people.getByRole('combobox', { name: 'Role of Uma Unique' })).toHaveValue('reviewer');

  await people.getByRole('button', { name: 'Rename Uma Unique' }).click();
  await box.fill('Uma Umbrellawise');
  await people.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByText('Uma Unique is now called Uma Umbrellawise.')).toBeVisible();
  await expect(people.getByRole('combobox', { name: 'Role of Uma Umbrellawise' })).toHaveValue('reviewer');
  await expect(people.getByRole('button', { name: 'Rename Uma Unique' })).toHaveCount(0);
  await expect(alert(page)).toHaveCount(0);

  // Uma sees her new name at her next page.
  await uma.page.reload();
  await expect(uma.page.getByRole('banner')).toContainText('Signed in as Uma Umbrellawise');
  await uma.context.close();
});

test('a person changes their own name on the account page, and the header shows it', async ({ page, browser }) => {
  const quentin = await newPerson(page, browser, 'Quentin Quillfeather', 'Viewer');
  const own = quentin.page;
  await own.getByRole('banner').getByRole('link', { name: 'Quentin Quillfeather' }).click();
  await expect(own.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
  const box = own.getByRole('textbox', { name: 'Name' });
  await expect(box).toHaveValue('Quentin Quillfeather');

  // A colleague's name is refused with the server's sentence; the header keeps the old name.
  await box.fill(ADMIN.name.toLowerCase());
  await own.getByRole('button', { name: 'Save name' }).click();
  await expect(alert(own)).toHaveText(taken(ADMIN.name));
  await expect(own.getByRole('banner')).toContainText('Signed in as Quentin Quillfeather');

  await box.fill('Quinn Quillfeather');
  await own.getByRole('button', { name: 'Save name' }).click();
  await expect(own.getByText('Your name is now Quinn Quillfeather.')).toBeVisible();
  await expect(alert(own)).toHaveCount(0);
  await expect(own.getByRole('banner')).toContainText('Signed in as Quinn Quillfeather');
  await expect(own.getByRole('banner').getByRole('link', { name: 'Quinn Quillfeather' })).toBeVisible();

  // The admin sees the new name too.
  await page.goto('/settings/people');
  await expect(page.getByRole('table').getByRole('combobox', { name: 'Role of Quinn Quillfeather' })).toHaveValue('viewer');
  await quentin.context.close();
});
