// Studies, their reports (citation records) and their documents. A study is the unit of a review;
// its primary report gives the library its first author, year and title. Layer: electron/backend.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { prepared } from '../statements';
import {
  EXTRACTION_STATUSES,
  type DocumentInfo,
  type ExtractionStatus,
  type Report,
  type StudyColumns,
  type StudyDetail,
  type StudyRow,
} from '../../../../shared/model/types';
import type { Audit } from './audit';
import { newRowId } from '../ids';

export interface NewStudy {
  title: string;
  authors: string[];
  year: number | null;
  journal: string | null;
  abstract: string;
}

/** A report's citation fields beyond NewStudy's, as reference files carry them (all optional). */
export interface ReportDetails {
  kind?: Report['kind'];
  volume?: string | null;
  issue?: string | null;
  pages?: string | null;
  doi?: string | null;
  pmid?: string | null;
  url?: string | null;
  keywords?: string[];
}

/** The optional citation fields that are set, for audit rows (absent fields stay absent). */
function detailsForAudit(details: ReportDetails): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of REPORT_DETAIL_KEYS) {
    const value = details[key];
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) out[key] = value;
  }
  return out;
}

const REPORT_DETAIL_KEYS = ['kind', 'volume', 'issue', 'pages', 'doi', 'pmid', 'url', 'keywords'] as const;

/** "Hernandez, Gabriel A." and "Gabriel A. Hernandez" both give "Hernandez". */
export function surnameOf(author: string): string {
  const trimmed = author.trim();
  if (trimmed.includes(',')) return trimmed.split(',')[0]!.trim();
  const parts = trimmed.split(/\s+/);
  // PubMed style "Hernandez GA": surname first, initials after.
  if (parts.length > 1 && /^[A-Z]{1,3}$/.test(parts[parts.length - 1]!)) return parts[0]!;
  return parts[parts.length - 1]!;
}

export function studyLabel(authors: string[], year: number | null, title: string): string {
  const first = authors[0] ? surnameOf(authors[0]) : title.split(/\s+/).slice(0, 4).join(' ');
  return year ? `${first} ${year}` : first;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Stores a document once per content; returns its SHA-256. */
export function putDocument(
  db: Database.Database,
  audit: Audit,
  now: string,
  doc: { kind: DocumentInfo['kind']; mediaType: string; content: Buffer },
): string {
  const sha256 = sha256Hex(doc.content);
  const result = prepared(
    db,
    `INSERT INTO documents (sha256, kind, media_type, bytes, content, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (sha256) DO NOTHING`,
  ).run(sha256, doc.kind, doc.mediaType, doc.content.length, doc.content, now);
  if (result.changes > 0) {
    audit({
      entity: 'document',
      entityId: sha256,
      action: 'create',
      after: { kind: doc.kind, bytes: doc.content.length },
    });
  } else if (doc.content.length > 0) {
    // A review imported from a JSON file without its PDFs holds their facts with no bytes: the same
    // PDF given again fills them in.
    const refilled = prepared(db, 'UPDATE documents SET content = ? WHERE sha256 = ? AND length(content) = 0').run(
      doc.content,
      sha256,
    );
    if (refilled.changes > 0) {
      audit({
        entity: 'document',
        entityId: sha256,
        action: 'update',
        field: 'content',
        after: { bytes: doc.content.length },
      });
    }
  }
  return sha256;
}

/** Adds a study with its primary report and, when given, its pasted abstract. */
export function insertStudy(db: Database.Database, audit: Audit, now: string, input: NewStudy & ReportDetails): string {
  const studyId = newRowId();
  const label = studyLabel(input.authors, input.year, input.title);
  prepared(db, 'INSERT INTO studies (id, label, created_at, updated_at) VALUES (?, ?, ?, ?)').run(
    studyId,
    label,
    now,
    now,
  );
  audit({ entity: 'study', entityId: studyId, action: 'create', after: { label } });
  insertReport(db, audit, now, studyId, input, true);
  return studyId;
}

/**
 * Adds a report (a citation record) to a study, with its abstract stored as a document. The
 * primary report gives the study its label; further reports are other publications of the study.
 */
export function insertReport(
  db: Database.Database,
  audit: Audit,
  now: string,
  studyId: string,
  input: NewStudy & ReportDetails,
  isPrimary: boolean,
): string {
  const reportId = newRowId();
  let abstractSha: string | null = null;
  if (input.abstract.trim().length > 0) {
    abstractSha = putDocument(db, audit, now, {
      kind: 'abstract',
      mediaType: 'text/plain; charset=utf-8',
      content: Buffer.from(input.abstract, 'utf8'),
    });
  }
  const firstAuthor = input.authors[0] ? surnameOf(input.authors[0]) : null;
  prepared(
    db,
    `INSERT INTO reports (id, study_id, kind, title, authors, first_author, year, journal, volume, issue, pages, doi,
       pmid, url, keywords, abstract_sha256, is_primary, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    reportId,
    studyId,
    input.kind ?? 'journal_article',
    input.title,
    JSON.stringify(input.authors),
    firstAuthor,
    input.year,
    input.journal,
    input.volume ?? null,
    input.issue ?? null,
    input.pages ?? null,
    input.doi ?? null,
    input.pmid ?? null,
    input.url ?? null,
    JSON.stringify(input.keywords ?? []),
    abstractSha,
    isPrimary ? 1 : 0,
    now,
  );
  const { title, authors, year, journal } = input;
  audit({
    entity: 'report',
    entityId: reportId,
    action: 'create',
    after: {
      studyId,
      title,
      authors,
      year,
      journal,
      abstractSha256: abstractSha,
      ...detailsForAudit(input),
      ...(isPrimary ? {} : { isPrimary: false }),
    },
  });
  return reportId;
}

interface StudyRowDb {
  id: string;
  label: string;
  first_author: string | null;
  year: number | null;
  title: string | null;
  status: ExtractionStatus | null;
  created_at: string;
  updated_at: string;
}

const STUDY_ROW_SQL = `
  SELECT s.id, s.label, s.created_at, s.updated_at, r.first_author, r.year, r.title, es.status
  FROM studies s
  LEFT JOIN reports r ON r.study_id = s.id AND r.is_primary = 1
  LEFT JOIN extraction_status es ON es.study_id = s.id AND es.reviewer_id = @reviewerId`;

const toStudyRow = (r: LeanRowDb): StudyRow => ({
  id: r.id,
  label: r.label,
  firstAuthor: r.first_author,
  year: r.year,
  title: r.title ?? r.label,
  status: r.status ?? 'not_started',
});

interface LeanRowDb {
  id: string;
  label: string;
  first_author: string | null;
  year: number | null;
  title: string | null;
  status: ExtractionStatus | null;
}

/**
 * Studies ordered by first author and year; filter matches author, year, title or label; `ids`
 * keeps only those studies. One query that reads only the columns of a library row, so listing
 * 50,000 studies stays one pass over the tables.
 */
export function listStudies(
  db: Database.Database,
  reviewerId: string | null,
  filter?: string,
  ids?: readonly string[],
): StudyRow[] {
  const params = {
    reviewerId,
    filter: filter ? `%${filter.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
    ids: ids ? JSON.stringify(ids) : null,
  };
  const conditions = [
    ...(filter
      ? [
          `(r.title LIKE @filter ESCAPE '\\' OR r.first_author LIKE @filter ESCAPE '\\'
       OR s.label LIKE @filter ESCAPE '\\' OR CAST(r.year AS TEXT) LIKE @filter ESCAPE '\\')`,
        ]
      : []),
    ...(ids ? ['s.id IN (SELECT value FROM json_each(@ids))'] : []),
  ];
  const rows = prepared(
    db,
    `SELECT s.id, s.label, r.first_author, r.year, r.title, es.status
     FROM studies s
     LEFT JOIN reports r ON r.study_id = s.id AND r.is_primary = 1
     LEFT JOIN extraction_status es ON es.study_id = s.id AND es.reviewer_id = @reviewerId
     ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
     ORDER BY coalesce(r.first_author, s.label) COLLATE NOCASE, r.year, s.created_at`,
  ).all(params) as LeanRowDb[];
  return rows.map(toStudyRow);
}

const STATUS_INDEX: Record<ExtractionStatus, number> = Object.fromEntries(
  EXTRACTION_STATUSES.map((status, i) => [status, i]),
) as Record<ExtractionStatus, number>;

/**
 * Every study's library row as columns, in listStudies' order. The rows are read as arrays (no
 * object per row) and go straight into the columns, so listing 50,000 studies allocates a few
 * arrays rather than 100,000 objects.
 */
export function listStudyColumns(db: Database.Database, reviewerId: string | null): StudyColumns {
  const rows = prepared(
    db,
    `SELECT s.id, s.label, r.first_author, r.year, coalesce(r.title, s.label), es.status
     FROM studies s
     LEFT JOIN reports r ON r.study_id = s.id AND r.is_primary = 1
     LEFT JOIN extraction_status es ON es.study_id = s.id AND es.reviewer_id = ?
     ORDER BY coalesce(r.first_author, s.label) COLLATE NOCASE, r.year, s.created_at`,
  )
    .raw(true)
    .all(reviewerId) as [string, string, string | null, number | null, string, ExtractionStatus | null][];
  const columns: StudyColumns = { ids: [], labels: [], firstAuthors: [], years: [], titles: [], statuses: [] };
  for (const [id, label, firstAuthor, year, title, status] of rows) {
    columns.ids.push(id);
    columns.labels.push(label);
    columns.firstAuthors.push(firstAuthor);
    columns.years.push(year);
    columns.titles.push(title);
    columns.statuses.push(STATUS_INDEX[status ?? 'not_started']);
  }
  return columns;
}

interface ReportDb {
  id: string;
  study_id: string;
  kind: Report['kind'];
  title: string;
  authors: string;
  year: number | null;
  journal: string | null;
  volume: string | null;
  issue: string | null;
  pages: string | null;
  doi: string | null;
  pmid: string | null;
  url: string | null;
  keywords: string;
  abstract_sha256: string | null;
  is_primary: number;
  created_at: string;
}

const toReport = (r: ReportDb): Report => ({
  id: r.id,
  studyId: r.study_id,
  kind: r.kind,
  title: r.title,
  authors: JSON.parse(r.authors) as string[],
  year: r.year,
  journal: r.journal,
  volume: r.volume,
  issue: r.issue,
  pages: r.pages,
  doi: r.doi,
  pmid: r.pmid,
  url: r.url,
  keywords: JSON.parse(r.keywords) as string[],
  abstractSha256: r.abstract_sha256,
  isPrimary: r.is_primary === 1,
  createdAt: r.created_at,
});

export function getStudy(db: Database.Database, reviewerId: string | null, id: string): StudyDetail | null {
  const row = prepared(db, `${STUDY_ROW_SQL} WHERE s.id = @id`).get({ reviewerId, id }) as StudyRowDb | undefined;
  if (!row) return null;
  const reports = (
    prepared(db, 'SELECT * FROM reports WHERE study_id = ? ORDER BY is_primary DESC, created_at').all(id) as ReportDb[]
  ).map(toReport);
  const documents = (
    prepared(
      db,
      // The files attached to the study and the abstracts of its reports, in the order they came.
      `WITH held (sha256, file_name, added_at) AS (
         SELECT document_sha256, file_name, added_at FROM study_documents WHERE study_id = @id
         UNION ALL
         SELECT abstract_sha256, NULL, created_at FROM reports WHERE study_id = @id AND abstract_sha256 IS NOT NULL
       )
       SELECT d.sha256, d.kind, d.media_type, d.bytes, d.created_at, max(h.file_name) AS file_name, p.page_count
         FROM held h JOIN documents d ON d.sha256 = h.sha256
         LEFT JOIN pdf_documents p ON p.sha256 = h.sha256
       GROUP BY d.sha256 ORDER BY min(h.added_at), d.sha256`,
    ).all({ id }) as {
      sha256: string;
      kind: DocumentInfo['kind'];
      media_type: string;
      bytes: number;
      created_at: string;
      file_name: string | null;
      page_count: number | null;
    }[]
  ).map((d): DocumentInfo => ({
    sha256: d.sha256,
    kind: d.kind,
    mediaType: d.media_type,
    bytes: d.bytes,
    createdAt: d.created_at,
    fileName: d.file_name,
    pageCount: d.page_count,
  }));
  const abstractSha = reports.find((r) => r.isPrimary)?.abstractSha256 ?? null;
  const textOf = (sha: string) =>
    (
      prepared(db, 'SELECT content FROM documents WHERE sha256 = ?').get(sha) as { content: Buffer } | undefined
    )?.content.toString('utf8') ?? null;
  const abstractText = abstractSha ? textOf(abstractSha) : null;
  const others = new Set(reports.map((r) => r.abstractSha256).filter((sha) => sha !== null && sha !== abstractSha));
  const otherAbstracts = [...others].flatMap((sha) => {
    const text = textOf(sha!);
    return text === null ? [] : [{ sha256: sha!, text }];
  });
  return {
    ...toStudyRow(row),
    reports,
    abstract: abstractSha && abstractText !== null ? { sha256: abstractSha, text: abstractText } : null,
    otherAbstracts,
    documents,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function getStudyRow(db: Database.Database, reviewerId: string | null, id: string): StudyRow | null {
  const row = prepared(db, `${STUDY_ROW_SQL} WHERE s.id = @id`).get({ reviewerId, id }) as StudyRowDb | undefined;
  return row ? toStudyRow(row) : null;
}
