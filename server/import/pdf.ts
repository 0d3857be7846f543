// PDF reports with a text layer, read with pdfjs-dist (its Node build) in the
// import worker pool. The text comes out per page in reading order (lines top
// to bottom, words left to right), paragraphs are rebuilt from the spacing of
// the lines, a word hyphenated at a line's end is joined again, and running
// headers, footers and page numbers (lines that repeat at the top or bottom of
// most pages) are dropped. Each page starts with a marker paragraph "p. 12",
// so a claim can cite its page; the marker is ordinary text, so anchoring and
// positions treat it like any other paragraph. The result is HTML, read by the
// same HTML import as everything else. No OCR: a scanned PDF says so.
import { ImportError } from './index';

export const MAX_PDF_PAGES = 2_000;
export const NOT_A_PDF = 'This file is not a PDF: it does not start as a PDF does. Upload the report as a .pdf file';
export const SCANNED_PDF =
  'This PDF has no text layer (it looks like a scan): there is no text to import, and reading scans (OCR) is not supported yet. Upload a PDF with text, or paste the text';
export const PDF_JAVASCRIPT =
  'This PDF contains JavaScript (actions that run when it is opened or used), so it was refused: reports do not need scripts. Print it to a new PDF without them and upload that';
export const tooManyPages = (pages: number) =>
  `This PDF has ${pages.toLocaleString('en-US')} pages; at most ${MAX_PDF_PAGES.toLocaleString('en-US')} can be imported. Split it and import the part you are checking`;
export const PDF_UNREADABLE = 'This PDF could not be read: it is damaged or encrypted. Save it again without a password and upload it';

export interface PdfLine {
  text: string;
  /** Baseline, from the top of the page. */
  y: number;
  x: number;
  size: number;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `%PDF-` within the first kilobyte, as readers accept it. */
export const looksLikePdf = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 1024)).toString('latin1').includes('%PDF-');

interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL?: boolean;
}

/** Groups a page's text items into lines, top to bottom, each left to right. */
export function linesOf(items: TextItemLike[], pageHeight: number): PdfLine[] {
  const pieces = items
    .filter((i) => i.str.length > 0)
    .map((i) => ({
      text: i.str,
      x: i.transform[4],
      y: pageHeight - i.transform[5],
      size: Math.abs(i.transform[3]) || i.height || 10,
      w: i.width,
    }));
  pieces.sort((a, b) => a.y - b.y || a.x - b.x);
  const lines: { y: number; size: number; parts: typeof pieces }[] = [];
  for (const piece of pieces) {
    const line = lines.find((l) => Math.abs(l.y - piece.y) < Math.max(2, piece.size * 0.4));
    if (line) line.parts.push(piece);
    else lines.push({ y: piece.y, size: piece.size, parts: [piece] });
  }
  return lines
    .sort((a, b) => a.y - b.y)
    .map((line) => {
      const parts = line.parts.sort((a, b) => a.x - b.x);
      let text = '';
      let end = Number.NEGATIVE_INFINITY;
      for (const p of parts) {
        // A gap wider than a fifth of the font size is a space the PDF did not write.
        if (text && !/\s$/.test(text) && !/^\s/.test(p.text) && p.x - end > line.size * 0.2) text += ' ';
        text += p.text;
        end = p.x + p.w;
      }
      return { text: text.replace(/\s+/g, ' ').trim(), y: line.y, x: parts[0].x, size: Math.max(...parts.map((p) => p.size)) };
    })
    .filter((l) => l.text);
}

/** A line that only numbers the page: "12", "- 12 -", "Page 12", "12 of 40", "p. 12". */
const PAGE_NUMBER = /^(?:[-–—]\s*)?(?:page\s+|p\.\s*)?\d{1,5}(?:\s*(?:of|\/)\s*\d{1,5})?(?:\s*[-–—])?$/i;
const shape = (text: string) => text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();

/** How many lines at each page's top and bottom are looked at for running heads. */
const EDGE_LINES = 2;

/**
 * Drops page numbers, and running heads and feet: a line among the two at a
 * page's top or bottom whose text repeats on at least half the pages, or the
 * outermost line when it repeats with only its numbers changed ("Chapter 3 · 41").
 */
export function dropRunningLines(pages: PdfLine[][]): PdfLine[][] {
  const exact = new Map<string, number>();
  const numbered = new Map<string, number>();
  const count = (map: Map<string, number>, keys: string[]) => {
    for (const key of new Set(keys)) map.set(key, (map.get(key) ?? 0) + 1);
  };
  for (const lines of pages) {
    count(
      exact,
      [...lines.slice(0, EDGE_LINES), ...lines.slice(-EDGE_LINES)].map((l) => l.text),
    );
    count(
      numbered,
      [lines[0], lines[lines.length - 1]].filter(Boolean).map((l) => shape(l.text)),
    );
  }
  const often = (n: number | undefined) => pages.length >= 2 && (n ?? 0) >= Math.max(2, Math.ceil(pages.length / 2));
  return pages.map((lines) =>
    lines.filter((line, i) => {
      const outermost = i === 0 || i === lines.length - 1;
      const atEdge = i < EDGE_LINES || i >= lines.length - EDGE_LINES;
      if (outermost && (PAGE_NUMBER.test(line.text) || often(numbered.get(shape(line.text))))) return false;
      return !(atEdge && often(exact.get(line.text)));
    }),
  );
}

/** Paragraphs from lines: a gap clearly wider than the usual line spacing, or a change of font size, starts a new one. */
export function paragraphsOf(lines: PdfLine[]): { text: string; size: number }[] {
  const gaps = lines
    .slice(1)
    .map((l, i) => l.y - lines[i].y)
    .filter((g) => g > 0);
  const usual = gaps.length ? [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)] : 0;
  const paragraphs: { text: string; size: number }[] = [];
  lines.forEach((line, i) => {
    const previous = lines[i - 1];
    const gap = previous ? line.y - previous.y : 0;
    const newParagraph =
      !previous || gap > usual * 1.4 + 0.5 || Math.abs(line.size - previous.size) > 0.5 || gap > line.size * 2.2 || gap < 0;
    const last = paragraphs[paragraphs.length - 1];
    if (newParagraph || !last) {
      paragraphs.push({ text: line.text, size: line.size });
    } else if (/\p{Ll}-$/u.test(last.text) && /^\p{Ll}/u.test(line.text)) {
      // "state-" + "ment" → "statement": a hyphen at a line's end before a lower-case word is the typesetter's.
      last.text = last.text.slice(0, -1) + line.text;
    } else {
      last.text += ` ${line.text}`;
    }
  });
  return paragraphs;
}

export interface PdfHtml {
  html: string;
  pages: number;
  notes: string[];
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | null = null;
const loadPdfJs = () => {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
};

const hasScript = (actions: unknown) => actions !== null && actions !== undefined && Object.keys(actions as object).length > 0;

export async function pdfToHtml(bytes: Uint8Array): Promise<PdfHtml> {
  if (!looksLikePdf(bytes)) throw new ImportError(NOT_A_PDF);
  const { getDocument } = await loadPdfJs();
  let doc: Awaited<ReturnType<typeof getDocument>['promise']>;
  const task = getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    doc = await task.promise;
  } catch {
    throw new ImportError(PDF_UNREADABLE);
  }
  try {
    if (doc.numPages > MAX_PDF_PAGES) throw new ImportError(tooManyPages(doc.numPages));
    // pdfjs never runs a PDF's scripts (scripting is off); a file that carries them is refused all the same.
    if (hasScript(await doc.getJSActions())) throw new ImportError(PDF_JAVASCRIPT);
    const meta = await doc.getMetadata().catch(() => null);
    const info = (meta?.info ?? {}) as { Title?: unknown };
    const pages: PdfLine[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      if (hasScript(await page.getJSActions())) throw new ImportError(PDF_JAVASCRIPT);
      const annotations = await page.getAnnotations();
      if (annotations.some((a) => hasScript((a as { actions?: unknown }).actions))) throw new ImportError(PDF_JAVASCRIPT);
      const content = await page.getTextContent();
      const height = page.getViewport({ scale: 1 }).height;
      pages.push(
        linesOf(
          content.items.flatMap((i) => ('str' in i ? [i] : [])),
          height,
        ),
      );
      page.cleanup();
    }
    if (pages.every((lines) => lines.length === 0)) throw new ImportError(SCANNED_PDF);
    const kept = dropRunningLines(pages);
    const title = typeof info.Title === 'string' && info.Title.trim() ? info.Title.trim() : null;
    const html: string[] = [];
    if (title) html.push(`<title>${escapeHtml(title)}</title>`);
    let first = true;
    kept.forEach((lines, i) => {
      const paragraphs = paragraphsOf(lines);
      // The report's first paragraph is its headline when it has no document title or repeats it: before the first page marker.
      if (first && paragraphs.length && (!title || paragraphs[0].text === title)) {
        html.push(`<h1>${escapeHtml(paragraphs.shift()!.text)}</h1>`);
        first = false;
      }
      first = false;
      html.push(`<p><em>p. ${i + 1}</em></p>`);
      const body = paragraphs.length ? Math.min(...paragraphs.map((p) => p.size)) : 0;
      for (const p of paragraphs) {
        // A short line set larger than the body text is a heading.
        const heading = p.size > body * 1.15 && p.text.length < 200;
        html.push(heading ? `<h2>${escapeHtml(p.text)}</h2>` : `<p>${escapeHtml(p.text)}</p>`);
      }
    });
    const notes = pages.some((lines) => lines.length === 0)
      ? ['Some pages of this PDF have no text layer (scanned pages): they are empty in the import.']
      : [];
    return {
      html: `<!doctype html><html><head>${html[0]?.startsWith('<title>') ? html.shift() : ''}</head><body>${html.join('\n')}</body></html>`,
      pages: doc.numPages,
      notes,
    };
  } finally {
    await doc.destroy();
  }
}
