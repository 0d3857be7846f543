// Word drafts and PDF reports through the import job (as the worker pool runs
// it): structure kept, comments and tracked changes noted, running heads
// dropped, page markers kept, and hostile files refused with a sentence.
import JSZip from 'jszip';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { articleDocFromJSON } from '@/server/domain/article-schema';
import { plainTextOf } from '@/server/domain/plain-text';
import { NOT_A_DOCX, ZIP_BOMB } from '@/server/import/docx';
import { dropRunningLines, NOT_A_PDF, PDF_JAVASCRIPT, paragraphsOf, SCANNED_PDF, tooManyPages, type PdfLine } from '@/server/import/pdf';
import { runImportJob, type ImportJobResult } from '@/server/workers/import-jobs';
import { buildDocx, buildPdf, DOCX_FACTS, PDF_FACTS } from '../fixtures/documents';

const importFile = (bytes: Uint8Array, fileName: string) =>
  runImportJob({ kind: 'file', input: { base64: Buffer.from(bytes).toString('base64'), fileName } });

function ok(result: ImportJobResult) {
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  const doc = articleDocFromJSON(JSON.parse(result.body.json));
  const blocks: { type: string; text: string }[] = [];
  doc.forEach((node) => {
    blocks.push({ type: node.type.name, text: node.textContent });
  });
  return { ...result, doc, blocks, text: plainTextOf(doc) };
}

const refusalOf = (result: ImportJobResult) => (result.ok ? null : result.message);

describe('.docx', () => {
  it('keeps the title, headings, list, link, bold and table text; notes the comment and the tracked change; footnote at the end', async () => {
    const result = ok(await importFile(await buildDocx(), 'draft.docx'));
    expect(result.title).toBe(DOCX_FACTS.title);
    expect(result.blocks).toContainEqual({ type: 'heading', text: DOCX_FACTS.heading });
    const list = result.blocks.find((b) => b.type === 'bullet_list');
    expect(list?.text).toBe(DOCX_FACTS.listItems.join(''));
    expect(JSON.stringify(result.doc.toJSON())).toContain('"href":"https://water.example/report-2024"');
    expect(result.text).toContain(DOCX_FACTS.claim);
    expect(result.text).toContain('2024 | 8.1');
    // Tracked changes read as accepted; the comment's words are not in the text.
    expect(result.text).toContain(DOCX_FACTS.inserted);
    expect(result.text).not.toContain(DOCX_FACTS.deleted);
    expect(result.text).not.toContain(DOCX_FACTS.commentText);
    expect(result.blocks.at(-1)?.text).toContain(DOCX_FACTS.footnote);
    expect(result.notes).toEqual([
      'The Word comments in this document were left out.',
      'The document has tracked changes: it was imported as if all of them were accepted (insertions kept, deletions left out).',
    ]);
  });

  it('refuses a zip bomb posing as .docx before unpacking it', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('word/document.xml', '<w:document/>');
    // 48 MB of zeros (over the 32 MB a part may hold): about 50 KB compressed.
    zip.file('word/styles.xml', new Uint8Array(48 * 1024 * 1024));
    const bomb = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(refusalOf(await importFile(bomb, 'bomb.docx'))).toBe(ZIP_BOMB);
  }, 30_000);

  it('refuses a zip bomb whose directory lies about its sizes, while inflating', async () => {
    const zip = new JSZip();
    zip.file('word/document.xml', '<w:document/>');
    zip.file('word/settings.xml', new Uint8Array(40 * 1024 * 1024));
    const bytes = Buffer.from(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    // Rewrite every declared uncompressed size (local headers and central directory) to 1 KB.
    for (const [signature, offset] of [
      [0x04034b50, 22],
      [0x02014b50, 24],
    ] as const) {
      for (
        let at = bytes.indexOf(Buffer.from(new Uint32Array([signature]).buffer));
        at >= 0;
        at = bytes.indexOf(Buffer.from(new Uint32Array([signature]).buffer), at + 4)
      ) {
        bytes.writeUInt32LE(1024, at + offset);
      }
    }
    expect(refusalOf(await importFile(bytes, 'liar.docx'))).toMatch(/zip bomb|not a Word document/);
  }, 30_000);

  it('refuses a file that is not a .docx, naming what it looks like', async () => {
    expect(refusalOf(await importFile(Buffer.from('Just some text'), 'notes.docx'))).toBe(NOT_A_DOCX);
    expect(refusalOf(await importFile(await buildPdf({ pages: 1 }), 'report.docx'))).toMatch(/It looks like a PDF/);
  });
});

describe('.pdf', () => {
  it('reads the text in order, joins hyphenated words, drops the running header and page numbers, keeps page markers', async () => {
    const result = ok(await importFile(await buildPdf({ pages: 3 }), 'release.pdf'));
    expect(result.title).toBe(PDF_FACTS.title);
    expect(result.text).toContain(PDF_FACTS.firstClaim);
    expect(result.text).not.toContain('consump-');
    expect(result.text).not.toContain(PDF_FACTS.header);
    expect(result.text).not.toMatch(/Page \d of 3/);
    expect(result.blocks.filter((b) => /^p\. \d+$/.test(b.text)).map((b) => b.text)).toEqual(['p. 1', 'p. 2', 'p. 3']);
    expect(result.blocks).toContainEqual({ type: 'heading', text: 'Section 2' });
    // Paragraphs rebuilt: each of the body's two-line paragraphs is one block.
    expect(result.blocks).toContainEqual({
      type: 'paragraph',
      text: 'Prices paid per kilowatt hour stayed close to last year, so bills fell roughly in line with use.',
    });
  });

  it('says plainly that a scanned PDF has no text', async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage().drawRectangle({ x: 50, y: 50, width: 300, height: 400 });
    expect(refusalOf(await importFile(await pdf.save(), 'scan.pdf'))).toBe(SCANNED_PDF);
  });

  it('refuses a .pdf that is not a PDF', async () => {
    expect(refusalOf(await importFile(Buffer.from('<html>not a pdf</html>'), 'report.pdf'))).toBe(NOT_A_PDF);
  });

  it('refuses 10,000 pages', async () => {
    const pdf = await PDFDocument.create();
    for (let i = 0; i < 10_000; i++) pdf.addPage([200, 200]);
    const bytes = await pdf.save({ useObjectStreams: true });
    expect(refusalOf(await importFile(bytes, 'huge.pdf'))).toBe(tooManyPages(10_000));
  }, 60_000);

  it('refuses a PDF with a JavaScript action', async () => {
    const pdf = await PDFDocument.load(await buildPdf({ pages: 1 }));
    pdf.catalog.set(PDFName.of('OpenAction'), pdf.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert("hi")') }));
    expect(refusalOf(await importFile(await pdf.save(), 'script.pdf'))).toBe(PDF_JAVASCRIPT);

    const named = await PDFDocument.load(await buildPdf({ pages: 1 }));
    named.addJavaScript('greet', 'app.alert("hi")');
    expect(refusalOf(await importFile(await named.save(), 'named-script.pdf'))).toBe(PDF_JAVASCRIPT);
  });
});

describe('PDF layout rules', () => {
  const line = (text: string, y: number, size = 10): PdfLine => ({ text, y, x: 50, size });

  it('joins a hyphen at a line end only before a lower-case word', () => {
    expect(paragraphsOf([line('a state-', 10), line('ment of fact', 22), line('the Anglo-', 34), line('Saxon law', 46)])).toEqual([
      { text: 'a statement of fact the Anglo- Saxon law', size: 10 },
    ]);
  });

  it('keeps a line that repeats in the body but not at the edges', () => {
    const page = (n: number) => [
      line('Annual Report', 10),
      line(`Body ${n}`, 30),
      line('See the note.', 50),
      line(`Body end ${n}`, 70),
      line(`${n}`, 90),
    ];
    const kept = dropRunningLines([page(1), page(2), page(3)]);
    expect(kept[1].map((l) => l.text)).toEqual(['Body 2', 'See the note.', 'Body end 2']);
  });
});
