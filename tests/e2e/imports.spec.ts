// Bringing work in from where it starts: Hypothesis notes onto an article,
// a Word draft (with its comments, if the person wants them) and a PDF report
// as new articles or as a new revision, all through the UI.
import JSZip from 'jszip';
import { expect, test, type Page } from '@playwright/test';
import { buildDocx, buildPdf, DOCX_FACTS, PDF_FACTS } from '../fixtures/documents';
import { buildCommentedDocx, ORCHARD } from '../fixtures/word-comments';
import { hypothesisClientExport, hypothesisJsonLd } from '../fixtures/hypothesis';
import { alert, ANT_ARTICLE, editor, expectAllSaved, startReviewing } from './helpers';

const sidebar = (page: Page) => page.getByRole('region', { name: 'Annotations' });
/** The first import after the server starts also starts a worker thread (loading the importers): on a loaded machine that takes a while. */
const COLD_IMPORT = { timeout: 30_000 };
const item = (page: Page, quoteStart: string) => sidebar(page).getByRole('button', { name: new RegExp(`^“${quoteStart}`) });

async function importAntArticle(page: Page) {
  await page.goto('/');
  await page.getByLabel('Upload file').setInputFiles(ANT_ARTICLE);
  await page.getByRole('button', { name: 'Import article' }).click();
  await expect(page).toHaveURL(/\/articles\/\d+$/, COLD_IMPORT);
  await startReviewing(page);
}

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function importFile(page: Page, name: string, buffer: Buffer, mimeType: string) {
  await page.goto('/');
  await page.getByLabel('Upload file').setInputFiles({ name, mimeType, buffer });
  await page.getByRole('button', { name: 'Import article' }).click();
}

test('Hypothesis notes land on their quotes with notes and tags; those without a verdict cannot be submitted until one is chosen', async ({
  page,
}) => {
  await importAntArticle(page);
  await page.getByLabel('Import annotations').setInputFiles({
    name: 'hypothesis.jsonld',
    mimeType: 'application/ld+json',
    buffer: Buffer.from(JSON.stringify(hypothesisJsonLd())),
  });
  const notice = page.getByText(/^Imported 6 annotations/);
  await expect(notice).toContainText('4 with a verdict, 2 marked "Needs a verdict"');
  await expect(notice).toContainText('anchored exactly');
  await expect(notice).toContainText('1 fuzzily, 1 not placed');
  await expect(notice).toContainText('Not placed (under "Needs re-anchoring"): “regulators fined the company 18 billion yuan last spring”');

  const banks = item(page, 'about 100 commercial banks');
  await expect(banks).toContainText('Needs a verdict');
  await expect(banks).toContainText('Tags: banks, to-do');
  // The note is kept as written and shown as text: its HTML stays inert.
  await expect(banks).toContainText('<img src=x onerror=alert(1)>');
  await expect(item(page, 'the Ant Group has made loans')).toContainText('Mostly true');
  await expect(item(page, 'the Ant Group has made loans')).toContainText('Tags: Mostly-True, numbers');
  await expect(item(page, 'The Wall Street Journal reported')).toContainText('Imported from Hypothesis: mara_k, 2021-01-08');

  await banks.click();
  await expect(page.getByText('Needs a verdict: it was imported without one.')).toBeVisible();
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(alert(page).filter({ hasText: 'needs a verdict' })).toBeVisible();

  await page.getByRole('combobox', { name: 'Verdict' }).selectOption({ label: 'Unverifiable' });
  await page.getByRole('button', { name: 'Save annotation' }).click();
  await expectAllSaved(page);
  await expect(item(page, 'about 100 commercial banks')).toContainText('Unverifiable');
  await item(page, 'about 100 commercial banks').click();
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByRole('heading', { name: /^Status:/ })).toHaveText('Status: In review');
});

test('the Hypothesis client export imports too', async ({ page }) => {
  await importAntArticle(page);
  await page.getByLabel('Import annotations').setInputFiles({
    name: 'hypothesis-export.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(hypothesisClientExport())),
  });
  await expect(page.getByText(/^Imported 6 annotations/)).toContainText('4 with a verdict, 2 marked "Needs a verdict"');
  await expect(item(page, 'Jack Ma cursed Xi Jinping')).toContainText('Imported from Hypothesis: Devi Ramos, 2021-01-09');
});

test('a Word draft keeps its headings and list; comments and tracked changes are noted', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Upload file').setInputFiles({ name: 'river-draft.docx', mimeType: DOCX_TYPE, buffer: await buildDocx() });
  // Its one comment is offered, and left out unless ticked.
  await expect(page.getByRole('checkbox', { name: 'Bring in the Word comment as a draft annotation' })).not.toBeChecked();
  await page.getByRole('button', { name: 'Import article' }).click();
  const notes = page.getByRole('status').filter({ hasText: 'Imported “The river that ran backwards”' });
  await expect(notes).toContainText('The Word comments in this document were left out.');
  await expect(notes).toContainText('tracked changes');
  await notes.getByRole('link', { name: 'Open the article' }).click();
  await startReviewing(page);
  // The comment was offered but not chosen: no annotation came in.
  await expect(sidebar(page).getByRole('button', { name: /^“/ })).toHaveCount(0);
  await expect(editor(page).getByRole('heading', { name: DOCX_FACTS.heading })).toBeVisible();
  // The bullet list first; the footnotes follow at the end as a numbered list.
  await expect(editor(page).getByRole('list').first().getByRole('listitem')).toHaveText(DOCX_FACTS.listItems);
  await expect(editor(page).getByRole('list').last()).toContainText(DOCX_FACTS.footnote);
  await expect(editor(page).getByRole('link', { name: DOCX_FACTS.linkText })).toBeVisible();
  await expect(editor(page)).not.toContainText(DOCX_FACTS.deleted);
});

test('Word comments are offered before importing and come in as drafts on their words, needing a verdict, credited to their authors', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByLabel('Upload file').setInputFiles({ name: 'orchard.docx', mimeType: DOCX_TYPE, buffer: await buildCommentedDocx() });
  const choice = page.getByRole('checkbox', { name: 'Bring in 5 Word comments as draft annotations' });
  await expect(choice).not.toBeChecked();
  await choice.check();
  await page.getByRole('button', { name: 'Import article' }).click();
  const notes = page.getByRole('status').filter({ hasText: `Imported “${ORCHARD.title}”` });
  await expect(notes).toContainText('5 Word comments were brought in as draft annotations marked “Needs a verdict”');
  await expect(notes).toContainText('The Word comment by Ines Marr "General: tone down the headline." marks no words in the text');
  await notes.getByRole('link', { name: 'Open the article' }).click();
  await startReviewing(page);

  const twice = item(page, ORCHARD.quotes.twice);
  await expect(twice).toContainText('Needs a verdict');
  await expect(twice).toContainText(ORCHARD.comments.twice.text);
  await expect(twice).toContainText('Imported from a Word comment: Ines Marr, 2026-04-02');
  // A comment that names a verdict is still a remark: it needs one chosen.
  await expect(item(page, 'The report names three old varieties.')).toContainText('Needs a verdict');
  await expect(item(page, ORCHARD.quotes.cider)).toContainText('Imported from a Word comment: Sub editor, 2026-04-03');
  await expect(sidebar(page).getByText('Needs a verdict')).toHaveCount(5);

  await twice.click();
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(alert(page).filter({ hasText: 'needs a verdict' })).toBeVisible();
});

test('a Word draft as a new revision re-anchors the annotations, as pasted text does', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Upload file').setInputFiles({ name: 'orchard.docx', mimeType: DOCX_TYPE, buffer: await buildCommentedDocx() });
  await page.getByRole('checkbox', { name: 'Bring in 5 Word comments as draft annotations' }).check();
  await page.getByRole('button', { name: 'Import article' }).click();
  await page.getByRole('link', { name: 'Open the article' }).click();
  await startReviewing(page);
  await expect(sidebar(page).getByText('Needs a verdict')).toHaveCount(5);

  await page.getByRole('button', { name: 'Update article' }).click();
  const form = page.getByRole('form', { name: 'Update article' });
  await form
    .getByLabel('Upload file')
    .setInputFiles({ name: 'orchard-v2.docx', mimeType: DOCX_TYPE, buffer: await buildCommentedDocx({ revised: true }) });
  await form.getByRole('button', { name: 'Save revision' }).click();
  await expect(
    // The paragraph after the two-paragraph comment is gone: its words are found with new context (moved), for a human to confirm.
    page.getByText(/Revision 2 saved\. Annotations: 3 unchanged, 1 moved, 0 placed by fuzzy match, 1 need re-anchoring\./),
  ).toContainText('The Word comments in this document were left out.');
  await expect(editor(page)).toContainText(ORCHARD.addedInRevision);
  await expect(editor(page)).not.toContainText(ORCHARD.removedInRevision);
  await expect(page.getByRole('region', { name: 'Needs re-anchoring' })).toContainText(ORCHARD.removedInRevision);
});

test('a PDF report has no running headers and shows its page markers', async ({ page }) => {
  await importFile(page, 'energy-release.pdf', Buffer.from(await buildPdf({ pages: 3 })), 'application/pdf');
  await expect(page).toHaveURL(/\/articles\/\d+$/);
  await startReviewing(page);
  await expect(editor(page)).toContainText(PDF_FACTS.firstClaim);
  for (const marker of ['p. 1', 'p. 2', 'p. 3']) await expect(editor(page).getByText(marker, { exact: true })).toBeVisible();
  await expect(editor(page)).not.toContainText(PDF_FACTS.header);
  await expect(editor(page)).not.toContainText('Page 2 of 3');
});

test('hostile files are refused with a sentence', async ({ page }) => {
  await importFile(page, 'report.pdf', Buffer.from('<html>this is not a pdf</html>'), 'application/pdf');
  await expect(alert(page)).toHaveText(/This file is not a PDF/);
  await importFile(page, 'notes.docx', Buffer.from('plain words'), 'application/octet-stream');
  await expect(alert(page)).toHaveText(/This file is not a Word document/);

  // 48 MB of zeros in one part, about 50 KB on the wire: refused before it is unpacked, and no article is made.
  const zip = new JSZip();
  zip.file('word/document.xml', '<w:document/>');
  zip.file('word/comments.xml', new Uint8Array(48 * 1024 * 1024));
  const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  await importFile(page, 'bomb.docx', bomb, DOCX_TYPE);
  await expect(alert(page)).toHaveText(/zip bomb/);
  await expect(page).toHaveURL(/\/$/);
});
