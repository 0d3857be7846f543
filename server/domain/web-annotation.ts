// W3C Web Annotation (JSON-LD): the export of an article's annotations, and the
// import of annotations from our own files and from other tools. One entry
// point for both directions; each lives in a module of its own.
export {
  ANNO_CONTEXT,
  FACTCHECK_NS,
  WEB_ANNOTATION_CONTEXT,
  toAnnotationCollection,
  type AnnotationCollectionInput,
  type ExportableAnnotation,
  type W3CTargetSelectors,
} from './web-annotation-export';
export {
  MAX_IMPORT_ANNOTATIONS,
  parseAnnotationCollection,
  resolveVerdict,
  type ImportedAnnotation,
  type ParsedAnnotations,
} from './web-annotation-import';
