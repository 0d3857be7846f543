// Rendering a whole article (the annotated export, its JSON, a public page,
// the snapshot a publication freezes) is CPU work that grows with the
// article: for a 2 MB article, parsing the stored document and writing the
// page hold a thread for seconds. These jobs run in the worker pool, so the
// thread that answers requests only reads rows and hands over strings. They
// are pure functions of plain data: documents cross the thread boundary as
// the JSON text the database keeps, dates as ISO strings.
import { articleDocFromJSON } from '@/server/domain/article-schema';
import { correctionsUpTo } from '@/server/export/corrections';
import { renderExportModel } from '@/server/export/html';
import { buildExportModel, exportModelToJson, type ExportInput, type ExportJson } from '@/server/export/model';
import { renderPublicPage, type PublicPageContext } from '@/server/export/public-page';
import type { PublishedFraming, PublishedSnapshot } from '@/server/export/snapshot';
import { revisionHtml } from '@/server/export/revision-html';

/** An export's input as plain data: the document as its stored JSON text, the time as an ISO string. */
export type ExportData = Omit<ExportInput, 'doc' | 'exportedAt'> & { docJson: string; exportedAt: string };

export interface ExportJob {
  kind: 'export';
  data: ExportData;
  output: 'html' | 'json';
}

/** A published version's page, from the stored snapshots (JSON text) of every version up to the newest. */
export interface PublicPageJob {
  kind: 'public-page';
  versions: { number: number; note: string; createdAt: string; snapshotJson: string }[];
  /** The version shown. */
  version: number;
  context: Omit<PublicPageContext, 'snapshot' | 'corrections' | 'reviewUrlBase'>;
}

/** What "Publish" freezes, as the JSON text that goes into the row (see PublishedSnapshot). */
export interface SnapshotJob {
  kind: 'snapshot';
  data: ExportData;
  plainText: string;
  framing: PublishedFraming;
  publishedBy: string;
}

/** An earlier revision's text as read-only HTML (see revisionHtml). */
export interface RevisionPageJob {
  kind: 'revision-page';
  docJson: string;
}

export type RenderJob = ExportJob | PublicPageJob | SnapshotJob | RevisionPageJob;
export type RenderResult = string | ExportJson;

const exportInput = (data: ExportData): ExportInput => {
  const { docJson, exportedAt, ...rest } = data;
  return { ...rest, doc: articleDocFromJSON(JSON.parse(docJson)), exportedAt: new Date(exportedAt) };
};

export function runExportJob(job: ExportJob): string | ExportJson {
  const model = buildExportModel(exportInput(job.data));
  return job.output === 'html' ? renderExportModel(model) : exportModelToJson(model);
}

export function runPublicPageJob(job: PublicPageJob): string {
  const versions = job.versions.map((v) => ({ ...v, snapshot: JSON.parse(v.snapshotJson) as PublishedSnapshot }));
  const shown = versions.find((v) => v.number === job.version);
  if (!shown) throw new Error(`public page: no version ${job.version} among those given`);
  return renderPublicPage({
    ...job.context,
    snapshot: shown.snapshot,
    reviewUrlBase: shown.snapshot.framing.externalUrl ?? job.context.canonicalUrl,
    corrections: correctionsUpTo(versions, job.version),
  });
}

/** The snapshot as the row stores it: the same object, in the same key order, that the publish transaction used to serialise. */
export function runSnapshotJob(job: SnapshotJob): string {
  const model = buildExportModel(exportInput(job.data));
  const snapshot: PublishedSnapshot = {
    format: 1,
    article: model.article,
    doc: model.doc.toJSON(),
    plainText: job.plainText,
    annotations: model.notes.map((n) => n.annotation),
    verdicts: job.data.verdicts,
    organisation: { name: model.organisation.name, url: model.organisation.url, logoUrl: model.organisation.logoUrl },
    framing: job.framing,
    publishedAt: job.data.exportedAt,
    publishedBy: job.publishedBy,
  };
  return JSON.stringify(snapshot);
}

export function runRenderJob(job: RenderJob): RenderResult {
  if (job.kind === 'export') return runExportJob(job);
  if (job.kind === 'revision-page') return revisionHtml(articleDocFromJSON(JSON.parse(job.docJson)));
  if (job.kind === 'public-page') return runPublicPageJob(job);
  return runSnapshotJob(job);
}
