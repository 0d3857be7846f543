import { describe, expect, it } from 'vitest';
import { JSON_TOO_DEEP, nestedDeeperThan } from '@/server/domain/json-depth';
import type { AnnotationView } from '@/server/domain/annotation';
import { DEFAULT_VERDICTS, type Verdict } from '@/server/domain/verdicts';
import {
  FACTCHECK_NS,
  MAX_IMPORT_ANNOTATIONS,
  parseAnnotationCollection,
  resolveVerdict,
  toAnnotationCollection,
  type ExportableAnnotation,
  type ImportedAnnotation,
} from '@/server/domain/web-annotation';

const verdicts: Verdict[] = [...DEFAULT_VERDICTS];
const BASE = 'https://factcheck.example/articles/3/annotations.jsonld';

function annotation(id: string, from: number, exact: string, extra: Partial<AnnotationView> = {}): ExportableAnnotation {
  const length = Array.from(exact).length;
  const view: AnnotationView = {
    id,
    articleId: 3,
    from,
    to: from + exact.length,
    exact,
    updatedBy: null,
    prefix: 'The mayor said ',
    suffix: ' last year.',
    verdict: 'mostly-false',
    rationale: 'The police figures show a 4 % fall.',
    author: 'Ada Reviewer',
    authorId: null,
    status: 'approved',
    previousExact: null,
    recheckQuote: null,
    discussionResolved: false,
    claimSummary: 'Crime fell by 20 percent',
    claimAuthor: 'Mayor Jane Doe',
    claimAppearanceUrl: 'https://news.example/mayor-speech',
    claimAppearanceDate: '2024-03-01',
    anchorStatus: 'exact',
    anchorScore: null,
    version: 2,
    createdAt: '2024-03-02T09:00:00.000Z',
    updatedAt: '2024-03-02T10:30:00.000Z',
    evidence: [
      { url: 'https://stats.example/crime-2023', title: 'Crime statistics 2023', excerpt: 'Recorded crime fell by 4 %.' },
      { url: 'https://police.example/report', title: '', excerpt: null },
    ],
    ...extra,
  };
  return { ...view, selectors: { start: from, end: from + length, exact: view.exact, prefix: view.prefix, suffix: view.suffix } };
}

function exportOf(annotations: ExportableAnnotation[]) {
  return toAnnotationCollection({
    collectionId: BASE,
    targetSource: 'https://news.example/mayor-interview',
    articleTitle: 'Mayor says crime fell',
    annotations,
    verdicts,
    annotationIdBase: `${BASE}#`,
  });
}

/** JSON as a file holds it: no shared references, nothing but plain data. */
const throughJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

type Json = Record<string, unknown>;
const itemsOf = (collection: Json) => (collection.first as Json).items as Json[];
const bodiesOf = (item: Json) => item.body as Json[];

const imported = (overrides: Partial<ImportedAnnotation> = {}): ImportedAnnotation => ({
  selectors: { exact: 'crime fell', prefix: '', suffix: '', start: null, end: null },
  verdictKey: null,
  verdictLabel: null,
  tags: [],
  rationale: '',
  author: null,
  created: null,
  modified: null,
  evidence: [],
  status: null,
  claimSummary: null,
  claimAuthor: null,
  claimAppearanceUrl: null,
  claimAppearanceDate: null,
  origin: null,
  ...overrides,
});

describe('toAnnotationCollection', () => {
  const collection = exportOf([
    annotation('b2', 40, 'last year', { rationale: '  ', evidence: [] }),
    annotation('a1', 15, 'crime fell by 20 percent'),
  ]);

  it('is an AnnotationCollection with one embedded page, in document order', () => {
    expect(collection['@context']).toEqual(['http://www.w3.org/ns/anno.jsonld', { factcheck: FACTCHECK_NS }]);
    expect(collection).toMatchObject({ id: BASE, type: 'AnnotationCollection', label: 'Fact-check: Mayor says crime fell', total: 2 });
    expect(collection.first).toMatchObject({ type: 'AnnotationPage', startIndex: 0 });
    expect(itemsOf(collection).map((i) => i.id)).toEqual([`${BASE}#a1`, `${BASE}#b2`]);
  });

  it('writes each annotation as an assessing Annotation with quote and position selectors', () => {
    const [item] = itemsOf(collection);
    expect(item).toMatchObject({
      type: 'Annotation',
      motivation: 'assessing',
      created: '2024-03-02T09:00:00.000Z',
      modified: '2024-03-02T10:30:00.000Z',
      creator: { type: 'Person', name: 'Ada Reviewer' },
      target: {
        source: 'https://news.example/mayor-interview',
        selector: [
          { type: 'TextQuoteSelector', exact: 'crime fell by 20 percent', prefix: 'The mayor said ', suffix: ' last year.' },
          { type: 'TextPositionSelector', start: 15, end: 39 },
        ],
      },
      'factcheck:status': 'approved',
      'factcheck:claimSummary': 'Crime fell by 20 percent',
      'factcheck:claimAuthor': 'Mayor Jane Doe',
      'factcheck:claimAppearanceUrl': 'https://news.example/mayor-speech',
      'factcheck:claimAppearanceDate': '2024-03-01',
    });
  });

  it('gives exactly one assessing body, at most one commenting body and one linking body per evidence link', () => {
    const [full, bare] = itemsOf(collection).map(bodiesOf);
    const purposes = (bodies: Json[]) => bodies.map((b) => b.purpose);
    expect(purposes(full)).toEqual(['assessing', 'commenting', 'linking', 'linking']);
    expect(purposes(bare)).toEqual(['assessing']);
    expect(full[0]).toEqual({
      type: 'TextualBody',
      purpose: 'assessing',
      value: 'Mostly false',
      format: 'text/plain',
      'factcheck:verdict': 'mostly-false',
    });
    expect(full[1]).toEqual({
      type: 'TextualBody',
      purpose: 'commenting',
      value: 'The police figures show a 4 % fall.',
      format: 'text/plain',
    });
    expect(full[2]).toEqual({
      type: 'SpecificResource',
      purpose: 'linking',
      source: { id: 'https://stats.example/crime-2023', 'dcterms:title': 'Crime statistics 2023' },
      selector: { type: 'TextQuoteSelector', exact: 'Recorded crime fell by 4 %.' },
    });
    expect(full[3]).toEqual({ type: 'SpecificResource', purpose: 'linking', source: { id: 'https://police.example/report' } });
  });

  it('leaves out empty context and unset publishing fields', () => {
    const [item] = itemsOf(
      exportOf([
        annotation('c3', 0, 'Crime', {
          prefix: '',
          suffix: '',
          claimSummary: '',
          claimAuthor: null,
          claimAppearanceUrl: null,
          claimAppearanceDate: null,
        }),
      ]),
    );
    expect((item.target as Json).selector).toEqual([
      { type: 'TextQuoteSelector', exact: 'Crime' },
      { type: 'TextPositionSelector', start: 0, end: 5 },
    ]);
    expect(Object.keys(item).filter((k) => k.startsWith('factcheck:'))).toEqual(['factcheck:status']);
  });
});

describe('parseAnnotationCollection', () => {
  it('reads our own export back unchanged', () => {
    const original = annotation('a1', 15, 'crime fell by 20 percent');
    const { annotations, problems } = parseAnnotationCollection(throughJson(exportOf([original])));
    expect(problems).toEqual([]);
    expect(annotations).toEqual([
      {
        selectors: { exact: 'crime fell by 20 percent', prefix: 'The mayor said ', suffix: ' last year.', start: 15, end: 39 },
        verdictKey: 'mostly-false',
        verdictLabel: 'Mostly false',
        tags: [],
        rationale: original.rationale,
        author: 'Ada Reviewer',
        created: original.createdAt,
        modified: original.updatedAt,
        evidence: original.evidence,
        status: 'approved',
        claimSummary: 'Crime fell by 20 percent',
        claimAuthor: 'Mayor Jane Doe',
        claimAppearanceUrl: 'https://news.example/mayor-speech',
        claimAppearanceDate: '2024-03-01',
        origin: null,
      },
    ]);
    expect(resolveVerdict(annotations[0], verdicts)).toMatchObject({ key: 'mostly-false' });
  });

  it('matches our own files by key, so a renamed verdict still imports', () => {
    const { annotations } = parseAnnotationCollection(throughJson(exportOf([annotation('a1', 0, 'crime')])));
    const renamed = verdicts.map((v) => (v.key === 'mostly-false' ? { ...v, label: 'Largely false' } : v));
    expect(resolveVerdict(annotations[0], renamed)).toMatchObject({ key: 'mostly-false' });
  });

  it('keeps astral characters (emoji) in the quote, its context and its position', () => {
    const exact = '🚀 launch 👩🏽‍🚀';
    const original = annotation('e1', 10, exact, { prefix: 'Before 🎉 ', suffix: ' after 𝒳' });
    const { annotations, problems } = parseAnnotationCollection(throughJson(exportOf([original])));
    expect(problems).toEqual([]);
    expect(annotations[0].selectors).toEqual({
      exact,
      prefix: 'Before 🎉 ',
      suffix: ' after 𝒳',
      start: 10,
      end: 10 + Array.from(exact).length,
    });
  });

  it('accepts a single annotation, a bare array, a page and a collection with items', () => {
    const item = itemsOf(exportOf([annotation('a1', 0, 'crime')]))[0];
    const shapes = [
      { ...item, '@context': 'http://www.w3.org/ns/anno.jsonld' },
      [item],
      { type: 'AnnotationPage', items: [item] },
      { type: 'AnnotationCollection', items: [item] },
    ];
    for (const shape of shapes) {
      const { annotations, problems } = parseAnnotationCollection(throughJson(shape));
      expect(problems).toEqual([]);
      expect(annotations.map((a) => a.selectors.exact)).toEqual(['crime']);
    }
  });

  it('imports a Hypothesis API row: text as rationale, acct: user as author, tags as verdict', () => {
    const row = {
      id: 'a8Bc2dEfGh',
      created: '2024-02-10T08:15:30.123456+00:00',
      updated: '2024-02-11T09:00:00.000000+00:00',
      user: 'acct:alice_checks@hypothes.is',
      uri: 'https://news.example/mayor-interview',
      text: 'The **official** figures say otherwise.',
      tags: ['politics', 'FALSE '],
      group: '__world__',
      target: [
        {
          source: 'https://news.example/mayor-interview',
          selector: [
            { type: 'RangeSelector', startContainer: '/main[1]/p[2]', startOffset: 4, endContainer: '/main[1]/p[2]', endOffset: 28 },
            { type: 'TextPositionSelector', start: 120, end: 144 },
            { type: 'TextQuoteSelector', exact: 'crime fell by 20 percent', prefix: 'the mayor said ', suffix: ' last year' },
          ],
        },
      ],
      document: { title: ['Mayor interview'] },
    };
    const { annotations, problems } = parseAnnotationCollection({ total: 1, rows: [row] });
    expect(problems).toEqual([]);
    const [a] = annotations;
    expect(a).toMatchObject({
      selectors: { exact: 'crime fell by 20 percent', prefix: 'the mayor said ', suffix: ' last year', start: 120, end: 144 },
      verdictKey: null,
      verdictLabel: null,
      tags: ['politics', 'FALSE'],
      rationale: 'The **official** figures say otherwise.',
      author: 'alice_checks',
      created: '2024-02-10T08:15:30.123Z',
      modified: '2024-02-11T09:00:00.000Z',
      evidence: [],
      status: null,
    });
    expect(resolveVerdict(a, verdicts)).toMatchObject({ key: 'false' });
    // A bare row (not inside `rows`) imports as well.
    expect(parseAnnotationCollection(row).annotations).toHaveLength(1);
  });

  it('takes a verdict from an assessing body without our key, and a single target object and selector', () => {
    const other = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'Annotation',
      motivation: 'assessing',
      creator: 'https://people.example/bob',
      body: [{ type: 'TextualBody', value: '  mostly   TRUE ' }, 'A plain comment', 'https://evidence.example/a'],
      target: { source: 'https://news.example/x', selector: { type: 'TextQuoteSelector', exact: 'jobs grew' } },
    };
    const { annotations, problems } = parseAnnotationCollection(other);
    expect(problems).toEqual([]);
    expect(annotations[0]).toMatchObject({
      verdictKey: null,
      verdictLabel: '  mostly   TRUE ',
      rationale: 'A plain comment',
      author: 'https://people.example/bob',
      evidence: [{ url: 'https://evidence.example/a', title: '', excerpt: null }],
    });
    expect(resolveVerdict(annotations[0], verdicts)).toMatchObject({ key: 'mostly-true' });
  });

  it('reads tagging bodies as tags, and our terms written out with the namespace IRI', () => {
    const item = {
      type: 'Annotation',
      motivation: 'tagging',
      body: [
        { type: 'TextualBody', value: 'Misleading' },
        { type: 'SpecificResource', purpose: 'tagging', source: 'https://tags.example/1' },
      ],
      target: [
        { source: 'https://news.example/x' },
        { source: 'https://news.example/x', selector: { type: 'TextQuoteSelector', exact: 'jobs grew' } },
      ],
      [`${FACTCHECK_NS}status`]: 'draft',
    };
    const { annotations, problems } = parseAnnotationCollection(item);
    expect(annotations[0]).toMatchObject({ tags: ['Misleading'], status: 'draft', evidence: [] });
    expect(problems).toEqual(['Annotation 1 ("jobs grew"): a tag without text was left out.']);
    expect(resolveVerdict(annotations[0], verdicts)).toMatchObject({ key: 'misleading' });
  });

  it('drops evidence that is not http(s) and says which link', () => {
    const original = annotation('a1', 0, 'crime fell', {
      evidence: [
        { url: 'javascript:alert(1)', title: 'Bad', excerpt: null },
        { url: 'https://ok.example/', title: 'Good', excerpt: null },
        { url: 'ftp://files.example/data.csv', title: '', excerpt: null },
      ],
    });
    const { annotations, problems } = parseAnnotationCollection(throughJson(exportOf([original])));
    expect(annotations[0].evidence).toEqual([{ url: 'https://ok.example/', title: 'Good', excerpt: null }]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^Annotation 1 \("crime fell"\): evidence link "javascript:alert\(1\)" was left out: .*http/);
    expect(problems[1]).toContain('"ftp://files.example/data.csv"');
  });

  it('reports malformed items by number and quote, and imports the good ones', () => {
    const good = itemsOf(exportOf([annotation('a1', 0, 'crime fell')]))[0];
    const noExact = { type: 'Annotation', target: { source: 'x', selector: { type: 'TextPositionSelector', start: 0, end: 4 } } };
    const emptyExact = { type: 'Annotation', target: { source: 'x', selector: { type: 'TextQuoteSelector', exact: '' } } };
    const longRationale = {
      type: 'Annotation',
      body: { type: 'TextualBody', purpose: 'commenting', value: 'x'.repeat(20_001) },
      target: { source: 'x', selector: { type: 'TextQuoteSelector', exact: 'unemployment is at a record low this spring, officials say' } },
    };
    const { annotations, problems } = parseAnnotationCollection(throughJson([noExact, good, 'oops', emptyExact, longRationale]));
    expect(annotations.map((a) => a.selectors.exact)).toEqual(['crime fell']);
    expect(problems).toEqual([
      'Annotation 1 was not imported: it has no TextQuoteSelector (the quoted text), so it cannot be placed in the article.',
      'Annotation 3 was not imported: it is not a JSON object.',
      'Annotation 4 was not imported: its quoted text (TextQuoteSelector exact) is empty.',
      'Annotation 5 ("unemployment is at a record low this spr…") was not imported: its rationale is longer than 20,000 characters.',
    ]);
  });

  it('reads every status of the review workflow, and "final" from files made before it', () => {
    for (const status of ['draft', 'in_review', 'approved', 'changes_requested', 'final']) {
      const item = { ...itemsOf(exportOf([annotation('a1', 0, 'crime')]))[0], 'factcheck:status': status };
      const { annotations, problems } = parseAnnotationCollection(throughJson(item));
      expect(problems, status).toEqual([]);
      expect(annotations[0].status, status).toBe(status);
    }
  });

  it('leaves out invalid optional fields with a reason, keeping the annotation', () => {
    const item = {
      ...itemsOf(exportOf([annotation('a1', 0, 'crime')]))[0],
      'factcheck:status': 'published',
      'factcheck:claimAppearanceDate': 'yesterday',
      created: 'not a date',
    };
    const { annotations, problems } = parseAnnotationCollection(throughJson(item));
    expect(annotations[0]).toMatchObject({ status: null, claimAppearanceDate: null, created: null, claimAuthor: 'Mayor Jane Doe' });
    expect(problems).toEqual([
      'Annotation 1 ("crime"): the creation date was left out: it is not an ISO 8601 date.',
      'Annotation 1 ("crime"): the status was left out: Status must be "draft", "in_review", "approved", "changes_requested" or "final".',
      'Annotation 1 ("crime"): the claim appearance date was left out: The date the claim first appeared must be a date (YYYY-MM-DD).',
    ]);
  });

  it('publishes only the quote of an orphaned annotation, whose position no longer means anything', () => {
    const [item] = itemsOf(exportOf([annotation('o1', 0, 'deleted sentence', { anchorStatus: 'orphaned' })]));
    expect((item.target as Json).selector).toEqual([
      { type: 'TextQuoteSelector', exact: 'deleted sentence', prefix: 'The mayor said ', suffix: ' last year.' },
    ]);
    const { annotations, problems } = parseAnnotationCollection(throughJson(item));
    expect(problems).toEqual([]);
    expect(annotations[0].selectors).toMatchObject({ start: null, end: null });
  });

  it('drops a position that does not cover the quote, with a problem', () => {
    const item = {
      type: 'Annotation',
      target: {
        source: 'x',
        selector: [
          { type: 'TextQuoteSelector', exact: '👍 ok' },
          { type: 'TextPositionSelector', start: 0, end: 5 },
        ],
      },
    };
    const { annotations, problems } = parseAnnotationCollection(item);
    expect(annotations[0].selectors).toMatchObject({ exact: '👍 ok', start: null, end: null });
    expect(problems[0]).toMatch(/TextPositionSelector \(0–5\) does not match/);
  });

  it(`refuses more than ${MAX_IMPORT_ANNOTATIONS.toLocaleString('en-US')} annotations at once`, () => {
    const item = itemsOf(exportOf([annotation('a1', 0, 'crime')]))[0];
    const { annotations, problems } = parseAnnotationCollection(Array.from({ length: MAX_IMPORT_ANNOTATIONS + 1 }, () => item));
    expect(annotations).toEqual([]);
    expect(problems).toEqual([expect.stringMatching(/^The file holds 5,001 annotations; at most 5,000/)]);
  });

  it('says what it could not read at the top level', () => {
    expect(parseAnnotationCollection('hello').problems).toEqual(['The file is not JSON-LD annotations: expected an object or an array.']);
    expect(parseAnnotationCollection({ type: 'AnnotationCollection', first: 'https://x.example/page1' }).problems[0]).toMatch(
      /only links to its first page \(https:\/\/x\.example\/page1\)/,
    );
  });
});

describe('resolveVerdict', () => {
  it('matches labels whatever their case and spacing', () => {
    expect(resolveVerdict(imported({ verdictLabel: 'NOT  A\tCLAIM' }), verdicts)).toMatchObject({ key: 'not-a-claim' });
    expect(resolveVerdict(imported({ verdictLabel: ' misleading ' }), verdicts)).toMatchObject({ key: 'misleading' });
  });

  it('takes an unknown verdict for "Needs a verdict", saying so', () => {
    expect(resolveVerdict(imported({ verdictLabel: 'Pants on fire' }), verdicts)).toEqual({
      key: null,
      note: 'The verdict "Pants on fire" on the annotation on "crime fell" is not on this desk\'s scale: it was imported as "Needs a verdict".',
    });
  });

  it('does not fall back to tags when a verdict is named but unknown', () => {
    expect(resolveVerdict(imported({ verdictKey: 'pants-on-fire', tags: ['false'] }), verdicts)).toMatchObject({ key: null });
  });

  it('needs a verdict when tags name two, or none', () => {
    expect(resolveVerdict(imported({ tags: ['False', 'misleading'] }), verdicts)).toEqual({
      key: null,
      note: expect.stringContaining('name more than one verdict (False, Misleading)'),
    });
    expect(resolveVerdict(imported({ tags: ['politics'] }), verdicts)).toEqual({ key: null, note: null });
  });

  it('reads a verdict from tags in any spelling: "mostly-false", "Mostly False", "MOSTLY_FALSE"', () => {
    for (const tag of ['mostly-false', 'Mostly False', 'MOSTLY_FALSE', ' mostly   false ']) {
      expect(resolveVerdict(imported({ tags: ['climate', tag] }), verdicts)).toEqual({ key: 'mostly-false', from: 'tag' });
    }
  });

  it('reads a verdict the note names on purpose, not a word in passing', () => {
    const note = (rationale: string) => resolveVerdict(imported({ rationale }), verdicts);
    expect(note('Verdict: mostly false. The survey said otherwise.')).toEqual({ key: 'mostly-false', from: 'note' });
    expect(note('**Misleading**\n\nThe chart starts at 40.')).toEqual({ key: 'misleading', from: 'note' });
    expect(note('The claim is #mostly-true given the 2023 figures.')).toEqual({ key: 'mostly-true', from: 'note' });
    expect(note('This looks Mostly False to me: see the table.')).toEqual({ key: 'mostly-false', from: 'note' });
    expect(note('It is true that the figures were revised; check the source.')).toEqual({ key: null, note: null });
    expect(note('Rating: False. Though parts are mostly true.')).toMatchObject({ key: null });
  });
});

describe('Hypothesis files', () => {
  const quote = { type: 'TextQuoteSelector', exact: 'crime fell', prefix: 'The mayor said ', suffix: ' last year' };
  const jsonLd = (overrides: Record<string, unknown> = {}) => ({
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'Annotation',
    id: 'https://hypothes.is/a/abc123',
    created: '2024-05-02T09:15:00.000000+00:00',
    modified: '2024-05-03T10:00:00.000000+00:00',
    creator: 'acct:ada@hypothes.is',
    body: [
      { type: 'TextualBody', value: 'See **the report**. <script>alert(1)</script>', format: 'text/markdown' },
      { type: 'TextualBody', purpose: 'tagging', value: 'crime' },
    ],
    target: [
      {
        source: 'https://news.example/story',
        selector: [
          { type: 'XPathSelector', value: '/main[1]/p[2]', refinedBy: { type: 'TextPositionSelector', start: 4, end: 14 } },
          { type: 'TextPositionSelector', start: 915, end: 925 },
          quote,
        ],
      },
    ],
    ...overrides,
  });

  it('reads a JSON-LD annotation as Hypothesis serves it: array target, XPath ignored, Markdown note kept as written, tags', () => {
    const { annotations, problems } = parseAnnotationCollection(jsonLd());
    expect(problems).toEqual([]);
    expect(annotations[0]).toMatchObject({
      selectors: { exact: 'crime fell', prefix: 'The mayor said ', suffix: ' last year', start: 915, end: 925 },
      rationale: 'See **the report**. <script>alert(1)</script>',
      tags: ['crime'],
      author: 'ada',
      origin: 'Hypothesis',
      created: '2024-05-02T09:15:00.000Z',
    });
    expect(resolveVerdict(annotations[0], verdicts)).toEqual({ key: null, note: null });
  });

  it('reads the Hypothesis client export with display names, RangeSelector ignored', () => {
    const exported = {
      export_date: '2024-06-01T12:00:00.000Z',
      export_userid: 'acct:ada@hypothes.is',
      client_version: '1.1500.0',
      annotations: [
        {
          id: 'x1',
          created: '2024-05-02T09:15:00.000000+00:00',
          updated: '2024-05-02T09:15:00.000000+00:00',
          user: 'acct:ada@hypothes.is',
          user_info: { display_name: 'Ada Lovelace' },
          uri: 'https://news.example/story',
          document: { title: ['A story'] },
          text: 'Verdict: mostly-false',
          tags: ['Mostly False', 'crime'],
          target: [
            {
              source: 'https://news.example/story',
              selector: [
                { type: 'RangeSelector', startContainer: '/p[2]', startOffset: 4, endContainer: '/p[2]', endOffset: 14 },
                { type: 'TextPositionSelector', start: 915, end: 925 },
                quote,
              ],
            },
          ],
        },
        { id: 'x2', user: 'acct:bo@hypothes.is', text: 'a page note', target: [{ source: 'https://news.example/story' }] },
      ],
    };
    const { annotations, problems } = parseAnnotationCollection(exported);
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatchObject({ author: 'Ada Lovelace', origin: 'Hypothesis', tags: ['Mostly False', 'crime'] });
    expect(resolveVerdict(annotations[0], verdicts)).toEqual({ key: 'mostly-false', from: 'tag' });
    expect(problems).toEqual([expect.stringMatching(/^Annotation 2 was not imported: it has no TextQuoteSelector/)]);
  });

  it('exports tags back as tagging bodies and leaves out the verdict of one that needs it', () => {
    const collection = exportOf([annotation('t1', 15, 'crime fell by 20 percent', { verdict: '', tags: ['crime', 'police'] })]);
    const item = itemsOf(collection as Json)[0];
    expect(item.motivation).toBe('commenting');
    expect(
      bodiesOf(item)
        .filter((b) => b.purpose === 'tagging')
        .map((b) => b.value),
    ).toEqual(['crime', 'police']);
    expect(bodiesOf(item).some((b) => b.purpose === 'assessing')).toBe(false);
    const back = parseAnnotationCollection(throughJson(collection));
    expect(back.annotations[0].tags).toEqual(['crime', 'police']);
  });
});

describe('nestedDeeperThan', () => {
  it('measures nesting without recursion, at any depth', () => {
    expect(nestedDeeperThan('text', 0)).toBe(false);
    expect(nestedDeeperThan([], 0)).toBe(true);
    expect(nestedDeeperThan({ a: [1, { b: [] }] }, 4)).toBe(false);
    expect(nestedDeeperThan({ a: [1, { b: [] }] }, 3)).toBe(true);
    // The deepest branch counts, wherever it is.
    expect(nestedDeeperThan([[], [[[]]], {}], 3)).toBe(true);
    let deep: unknown = null;
    for (let i = 0; i < 1_000_000; i++) deep = { next: deep };
    expect(nestedDeeperThan(deep)).toBe(true);
    expect(nestedDeeperThan(deep, 1_000_000)).toBe(false);
  });

  it('refuses a collection nested too deeply before walking it', () => {
    let body: unknown = 'x';
    for (let i = 0; i < 5_000; i++) body = [body];
    expect(parseAnnotationCollection({ type: 'Annotation', body, target: 'urn:x' })).toEqual({
      annotations: [],
      problems: [JSON_TOO_DEEP],
    });
  });
});
