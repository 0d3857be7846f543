// An article's annotations as a W3C Web Annotation collection (JSON-LD), so
// that other annotation tools, archives and researchers can read a fact-check
// without knowing this app. Only the standard vocabulary is used where it has
// a term; the rest goes under the `factcheck:` namespace below, so that our own
// import gets back everything the editor stores.
import { compareByPosition, type AnnotationView, type EvidenceView } from './annotation';
import type { Verdict } from './verdicts';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/**
 * Namespace of our extension terms. It is an identifier, not a document that
 * must load: JSON-LD only needs a stable IRI to expand `factcheck:verdict` to.
 * Exported files carry it forever, so it must never change; the importer also
 * accepts terms written out in full with this IRI.
 */
export const FACTCHECK_NS = 'https://github.com/factcheck-editor/ns#';

export const WEB_ANNOTATION_CONTEXT = [ANNO_CONTEXT, { factcheck: FACTCHECK_NS }] as const;

/** Our extension terms, compact form. */
export const TERMS = {
  verdict: 'factcheck:verdict',
  status: 'factcheck:status',
  claimSummary: 'factcheck:claimSummary',
  claimAuthor: 'factcheck:claimAuthor',
  claimAppearanceUrl: 'factcheck:claimAppearanceUrl',
  claimAppearanceDate: 'factcheck:claimAppearanceDate',
} as const;

/**
 * The title of a linked page. The annotation vocabulary has no title term, but
 * its context declares the `dcterms` prefix, so Dublin Core's title expands
 * without a term of our own.
 */
export const TITLE_TERM = 'dcterms:title';

/** Where the annotation sits in the article, as both W3C text selectors. */
export interface W3CTargetSelectors {
  /** TextPositionSelector: Unicode code points over the article's plain text. */
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
}

export type ExportableAnnotation = AnnotationView & { selectors: W3CTargetSelectors };

export interface AnnotationCollectionInput {
  /** Absolute URL of the collection itself. */
  collectionId: string;
  /** The article's source URL, or a stable app URL for the article. */
  targetSource: string;
  articleTitle: string;
  annotations: ExportableAnnotation[];
  verdicts: Verdict[];
  /** Annotation ids become `${annotationIdBase}${id}`, e.g. `https://host/articles/3/annotations.jsonld#`. */
  annotationIdBase: string;
}

type JsonObject = { [key: string]: unknown };

export function toAnnotationCollection(input: AnnotationCollectionInput): JsonObject {
  const labels = new Map(input.verdicts.map((v) => [v.key, v.label]));
  const items = [...input.annotations]
    .sort(compareByPosition)
    .map((a) => toAnnotation(a, input.targetSource, input.annotationIdBase, labels));
  return {
    '@context': WEB_ANNOTATION_CONTEXT,
    id: input.collectionId,
    type: 'AnnotationCollection',
    label: `Fact-check: ${input.articleTitle}`,
    total: items.length,
    // One embedded page: an article has hundreds of annotations at most, and a
    // reader of a downloaded file cannot follow links to further pages.
    first: { id: `${input.collectionId}#page-1`, type: 'AnnotationPage', startIndex: 0, items },
  };
}

function toAnnotation(a: ExportableAnnotation, source: string, idBase: string, labels: Map<string, string>): JsonObject {
  const { start, end, exact, prefix, suffix } = a.selectors;
  // Empty prefix or suffix (a quote at the edge of the text) is left out rather than sent as "".
  const quote: JsonObject = { type: 'TextQuoteSelector', exact, ...(prefix && { prefix }), ...(suffix && { suffix }) };
  return {
    id: `${idBase}${a.id}`,
    type: 'Annotation',
    // One that still needs a verdict assesses nothing yet: it is a comment until a verdict is chosen.
    motivation: a.verdict ? 'assessing' : 'commenting',
    created: a.createdAt,
    modified: a.updatedAt,
    creator: { type: 'Person', name: a.author },
    body: [
      // The label is what other tools show; the key is what our import matches,
      // so a file still imports after a verdict is renamed.
      ...(a.verdict
        ? [
            {
              type: 'TextualBody',
              purpose: 'assessing',
              value: labels.get(a.verdict) ?? a.verdict,
              format: 'text/plain',
              [TERMS.verdict]: a.verdict,
            },
          ]
        : []),
      ...(a.tags ?? []).map((tag) => ({ type: 'TextualBody', purpose: 'tagging', value: tag })),
      ...(a.rationale.trim() ? [{ type: 'TextualBody', purpose: 'commenting', value: a.rationale, format: 'text/plain' }] : []),
      ...a.evidence.map(toLinkingBody),
    ],
    // An orphaned annotation's quote is gone from the text; a position would point at whatever is there now.
    target: { source, selector: a.anchorStatus === 'orphaned' ? [quote] : [quote, { type: 'TextPositionSelector', start, end }] },
    [TERMS.status]: a.status,
    ...(a.claimSummary.trim() && { [TERMS.claimSummary]: a.claimSummary }),
    ...(a.claimAuthor && { [TERMS.claimAuthor]: a.claimAuthor }),
    ...(a.claimAppearanceUrl && { [TERMS.claimAppearanceUrl]: a.claimAppearanceUrl }),
    ...(a.claimAppearanceDate && { [TERMS.claimAppearanceDate]: a.claimAppearanceDate }),
  };
}

/**
 * An evidence link. The model puts a purpose only on a Specific Resource whose
 * source is the linked page (Web Annotation Data Model §4.1, "Purpose for
 * External Web Resources"). The excerpt is a passage quoted from that page,
 * which is what a TextQuoteSelector on it says.
 */
function toLinkingBody({ url, title, excerpt }: EvidenceView): JsonObject {
  return {
    type: 'SpecificResource',
    purpose: 'linking',
    source: { id: url, ...(title && { [TITLE_TERM]: title }) },
    ...(excerpt && { selector: { type: 'TextQuoteSelector', exact: excerpt } }),
  };
}
