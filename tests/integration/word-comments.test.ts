// Word comments offered as draft annotations, and a .docx or .pdf as a new
// revision of an article: reading the comments in the worker (ranges across
// runs and paragraphs, tracked changes, repeated phrases, comments that mark
// nothing), and the server's rules (the importer is the author, the comment's
// author is credited, every one needs a verdict, one transaction, the history).
import JSZip from 'jszip';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { annotations, articles } from '@/db/schema';
import { articleDocFromJSON } from '@/server/domain/article-schema';
import { findQuote } from '@/server/domain/anchoring';
import { plainTextOf } from '@/server/domain/plain-text';
import { ZIP_BOMB } from '@/server/import/docx';
import { PDF_JAVASCRIPT } from '@/server/import/pdf';
import { readWordComments } from '@/server/import/word-comments';
import { runImportJob, runInspectJob } from '@/server/workers/import-jobs';
import { buildDocx, buildPdf, DOCX_FACTS, PDF_FACTS } from '../fixtures/documents';
import { buildCommentedDocx, ORCHARD } from '../fixtures/word-comments';
import { addFailingTrigger, freshCaller, PEOPLE, refusal } from './helpers';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const DOCX = 'orchard.docx';

describe('reading Word comments (in the worker)', () => {
  it('gives each comment the words it marks, with context, across runs, paragraphs and tracked changes', async () => {
    const { comments, unmarked } = await readWordComments(await JSZip.loadAsync(await buildCommentedDocx()));
    const byAuthorText = Object.fromEntries(comments.map((c) => [c.text, c]));
    for (const key of ['twice', 'days', 'varieties', 'cider', 'office'] as const) {
      const comment = byAuthorText[ORCHARD.comments[key].text];
      expect(comment, key).toMatchObject({ exact: ORCHARD.quotes[key], author: ORCHARD.comments[key].author });
      expect(comment.date).toBe(ORCHARD.comments[key].date.replace('Z', '.000Z'));
    }
    // The deleted word is not in the quote, the inserted one is; the context is the nearest 32 characters.
    expect(byAuthorText[ORCHARD.comments.cider.text].exact).not.toContain('half');
    expect(byAuthorText[ORCHARD.comments.twice.text].prefix).toBe('0 apple trees in the spring survey, '.slice(-32));
    expect(byAuthorText[ORCHARD.comments.office.text].prefix).toBe('More trees will follow next winter, '.slice(-32));
    expect(unmarked).toEqual([{ author: 'Ines Marr', text: ORCHARD.comments.unmarked.text }]);
  });

  it('counts the comments that mark words, for the form to offer', async () => {
    const count = (bytes: Uint8Array, fileName = DOCX) => runInspectJob({ kind: 'inspect', input: { base64: base64(bytes), fileName } });
    expect(await count(await buildCommentedDocx())).toEqual({ ok: true, wordComments: 5 });
    expect(await count(await buildDocx())).toEqual({ ok: true, wordComments: 1 });
    expect(await count(await buildPdf({ pages: 1 }), 'release.pdf')).toEqual({ ok: true, wordComments: 0 });
  });

  it('refuses a zip bomb before reading its comments', async () => {
    const zip = new JSZip();
    zip.file('word/document.xml', '<w:document/>');
    zip.file('word/comments.xml', new Uint8Array(48 * 1024 * 1024));
    const bomb = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    expect(await runInspectJob({ kind: 'inspect', input: { base64: base64(bomb), fileName: DOCX } })).toEqual({
      ok: false,
      message: ZIP_BOMB,
    });
    const job = await runImportJob({ kind: 'file', input: { base64: base64(bomb), fileName: DOCX, wordComments: true } });
    expect(job).toEqual({ ok: false, message: ZIP_BOMB });
  }, 30_000);

  it('expands no entities a hostile comments part declares', async () => {
    const zip = await JSZip.loadAsync(await buildCommentedDocx());
    const xml = await zip.file('word/comments.xml')!.async('string');
    const laughs =
      '<!DOCTYPE w:comments [<!ENTITY a "haha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY x SYSTEM "file:///etc/passwd">]>';
    zip.file('word/comments.xml', xml.replace('?>', `?>${laughs}`).replace('Which makers? Name two.', '&c;&x;'));
    const { comments } = await readWordComments(zip);
    const cider = comments.find((c) => c.exact === ORCHARD.quotes.cider)!;
    expect(cider.text).not.toContain('haha');
    expect(cider.text).not.toContain('root:');
  });
});

let ctx: Awaited<ReturnType<typeof freshCaller>>;
beforeEach(async () => {
  ctx = await freshCaller();
});
afterEach(() => ctx.cleanup());

describe('Word comments as draft annotations (server)', () => {
  it('brings each in on its words, needing a verdict, by the importer, crediting the comment’s author, with history', async () => {
    const file = { fileName: DOCX, base64: base64(await buildCommentedDocx()) };
    expect(await ctx.caller.article.inspectFile(file)).toEqual({ wordComments: 5 });
    const { id, notes } = await ctx.caller.article.importFile({ ...file, wordComments: true });
    expect(notes).toContain('5 Word comments were brought in as draft annotations marked “Needs a verdict”, each credited to its author.');
    expect(notes.join(' ')).toMatch(/The Word comment by Ines Marr "General: tone down the headline\." marks no words in the text/);
    expect(notes.join(' ')).not.toMatch(/comments in this document were left out/);

    const list = await ctx.caller.annotation.list({ articleId: id });
    expect(list).toHaveLength(5);
    const text = plainTextOf(articleDocFromJSON((await ctx.caller.article.byId({ id })).body));
    for (const key of ['twice', 'days', 'varieties', 'cider', 'office'] as const) {
      const a = list.find((x) => x.exact === ORCHARD.quotes[key]);
      const comment = ORCHARD.comments[key];
      expect(a, key).toMatchObject({
        anchorStatus: 'exact',
        needsVerdict: true,
        verdict: '',
        status: 'draft',
        tags: [],
        authorId: PEOPLE.admin.id,
        author: PEOPLE.admin.name,
        rationale: `${comment.text}\n\nImported from a Word comment: ${comment.author}, ${comment.date.slice(0, 10)}`,
      });
    }
    // The second "the parks office says", the one commented on, not the first.
    const office = list.find((x) => x.exact === ORCHARD.quotes.office)!;
    expect(text.indexOf(ORCHARD.quotes.office)).toBeLessThan(text.lastIndexOf(ORCHARD.quotes.office));
    expect(office.suffix.startsWith(', once the nursery')).toBe(true);

    const trail = JSON.stringify(await ctx.caller.annotation.history({ id: office.id }));
    expect(trail).toContain('annotation.imported');
    expect(trail).toContain('"originalCreator":"Tomás Reyes"');
  });

  it('leaves them out, with a note, unless the person chose them', async () => {
    const { id, notes } = await ctx.caller.article.importFile({ fileName: DOCX, base64: base64(await buildCommentedDocx()) });
    expect(notes).toContain('The Word comments in this document were left out.');
    expect(await ctx.caller.annotation.list({ articleId: id })).toHaveLength(0);
  });

  it('writes neither the article nor any comment when one insert fails', async () => {
    await addFailingTrigger(ctx.db, {
      name: 'fail_import',
      table: 'annotations',
      timing: 'BEFORE INSERT',
      when: "NEW.rationale LIKE '%Name two.%'",
      message: 'injected',
    });
    const before = (await ctx.db.select().from(articles).all()).length;
    const annotationsBefore = (await ctx.db.select().from(annotations).all()).length;
    await expect(
      ctx.caller.article.importFile({ fileName: DOCX, base64: base64(await buildCommentedDocx()), wordComments: true }),
    ).rejects.toThrow();
    expect(await ctx.db.select().from(articles).all()).toHaveLength(before);
    expect(await ctx.db.select().from(annotations).all()).toHaveLength(annotationsBefore);
  });

  it('refuses hostile files with a sentence and writes nothing', async () => {
    const zip = new JSZip();
    zip.file('word/document.xml', '<w:document/>');
    zip.file('word/comments.xml', new Uint8Array(48 * 1024 * 1024));
    const bomb = base64(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } }));
    const before = (await ctx.db.select().from(articles).all()).length;
    expect((await refusal(ctx.caller.article.inspectFile({ fileName: DOCX, base64: bomb }))).message).toBe(ZIP_BOMB);
    expect((await refusal(ctx.caller.article.importFile({ fileName: DOCX, base64: bomb, wordComments: true }))).message).toBe(ZIP_BOMB);
    expect((await refusal(ctx.caller.article.importFile({ fileName: 'r.pdf', base64: base64(Buffer.from('<html>')) }))).message).toMatch(
      /not a PDF/,
    );
    // A PDF with a JavaScript action, refused in the worker as an upload and as a revision (10,000 pages: tests/unit/import-documents).
    const scripted = await PDFDocument.load(await buildPdf({ pages: 1 }));
    scripted.catalog.set(PDFName.of('OpenAction'), scripted.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }));
    const script = base64(await scripted.save());
    expect((await refusal(ctx.caller.article.importFile({ fileName: 's.pdf', base64: script }))).message).toBe(PDF_JAVASCRIPT);
    expect(await ctx.db.select().from(articles).all()).toHaveLength(before);

    const { id } = await ctx.caller.article.import({ text: `${DOCX_FACTS.title}\n\n${DOCX_FACTS.claim}` });
    const refused = await refusal(ctx.caller.article.updateFromFile({ articleId: id, fileName: 's.pdf', base64: script }));
    expect(refused.message).toBe(PDF_JAVASCRIPT);
    expect((await ctx.caller.article.revisions({ id })).map((r) => r.number)).toEqual([1]);
  }, 30_000);
});

describe('a file as a new revision', () => {
  async function annotate(articleId: number, exact: string, verdict = 'false') {
    const doc = articleDocFromJSON((await ctx.caller.article.byId({ id: articleId })).body);
    return ctx.caller.annotation.create({
      id: randomUUID(),
      articleId,
      anchor: { ...findQuote(doc, exact)!, exact },
      verdict,
      rationale: `Checked: ${exact}`,
    });
  }

  it('re-anchors every annotation on the new .docx, as a pasted revision does', async () => {
    const { id } = await ctx.caller.article.importFile({ fileName: DOCX, base64: base64(await buildCommentedDocx()) });
    await annotate(id, ORCHARD.quotes.twice, 'true');
    await annotate(id, ORCHARD.removedInRevision);
    const result = await ctx.caller.article.updateFromFile({
      articleId: id,
      fileName: 'orchard-v2.docx',
      base64: base64(await buildCommentedDocx({ revised: true })),
    });
    expect(result).toMatchObject({ number: 2, anchors: { exact: 1, moved: 0, fuzzy: 0, orphaned: 1 } });
    // The revision's reading notes, as on import: its comments were not brought in.
    expect(result.notes).toContain('The Word comments in this document were left out.');
    const page = await ctx.caller.article.page({ id });
    expect(page.article.revision).toBe(2);
    const { json } = await ctx.caller.article.document({ id });
    expect(plainTextOf(articleDocFromJSON(JSON.parse(json!)))).toContain(ORCHARD.addedInRevision);
    const list = await ctx.caller.annotation.list({ articleId: id });
    expect(list.find((a) => a.exact === ORCHARD.quotes.twice)).toMatchObject({ anchorStatus: 'exact' });
    expect(list.find((a) => a.exact === ORCHARD.removedInRevision)).toMatchObject({ anchorStatus: 'orphaned' });
    const history = JSON.stringify(await ctx.caller.article.history({ id }));
    expect(history).toContain('article.revision_saved');
  });

  it('takes a .pdf as the next revision of an article, and a Word draft of a pasted one', async () => {
    const { id } = await ctx.caller.article.importFile({ fileName: 'release.pdf', base64: base64(await buildPdf({ pages: 2 })) });
    await annotate(id, PDF_FACTS.firstClaim, 'true');
    const result = await ctx.caller.article.updateFromFile({
      articleId: id,
      fileName: 'release-v2.pdf',
      base64: base64(await buildPdf({ pages: 3 })),
    });
    expect(result).toMatchObject({ number: 2, anchors: { exact: 1, orphaned: 0 } });
    expect(plainTextOf(articleDocFromJSON((await ctx.caller.article.byId({ id })).body))).toContain('p. 3');

    const pasted = await ctx.caller.article.import({ text: `${DOCX_FACTS.title}\n\n${DOCX_FACTS.claim}` });
    await annotate(pasted.id, DOCX_FACTS.claim);
    const fromWord = await ctx.caller.article.updateFromFile({
      articleId: pasted.id,
      fileName: 'draft.docx',
      base64: base64(await buildDocx()),
    });
    expect(fromWord.anchors).toMatchObject({ orphaned: 0 });
    expect(fromWord.anchors.exact + fromWord.anchors.moved).toBe(1);
  });

  it('refuses a file that cannot be read, and leaves the article as it was', async () => {
    const { id } = await ctx.caller.article.import({ text: `${DOCX_FACTS.title}\n\n${DOCX_FACTS.claim}` });
    const refused = await refusal(
      ctx.caller.article.updateFromFile({ articleId: id, fileName: 'x.pdf', base64: base64(Buffer.from('nope')) }),
    );
    expect(refused.message).toMatch(/not a PDF/);
    expect((await ctx.caller.article.page({ id })).article.revision).toBe(1);
    const wrongType = await refusal(ctx.caller.article.updateFromFile({ articleId: id, fileName: 'x.txt', base64: 'aGk=' }));
    expect(wrongType.message).toMatch(/Unsupported file type/);
  });
});
