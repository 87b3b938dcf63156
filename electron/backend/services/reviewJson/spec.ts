// The whole review as JSON ("caliper-review", version 1): which table each part of the file holds,
// its columns with their JSON names and types, the order rows are written in (by primary key, so
// the same review always gives the same bytes) and the order they are inserted in on import (parents
// before the rows that refer to them). The exporter, the importer, the zod schema that validates an
// import and the published JSON Schema (schemas/caliper-review.schema.json) are all made from this
// one list, and a test compares it with the tables and columns of a new review, so a column a future
// migration adds cannot be left out unnoticed. Layer: electron/backend.
import { z } from 'zod';

export const REVIEW_JSON_FORMAT = 'caliper-review';
export const REVIEW_JSON_VERSION = 1;

/**
 * How a column is written: text, an integer, 0/1 as a boolean, or JSON text as the JSON it holds
 * (SQL NULL is JSON null in a nullable column). `content` is the document's bytes (see documents).
 */
type ColumnType = 'text' | 'int' | 'bool' | 'json';

export interface ColumnSpec {
  column: string;
  name: string;
  type: ColumnType;
  nullable?: boolean;
  /** The values a CHECK constraint allows. */
  values?: readonly string[];
  /** Smallest value a CHECK constraint allows (integers). */
  min?: number;
  /** A pattern for text (a SHA-256). */
  pattern?: RegExp;
  /** For a JSON column: the shape its JSON must have (any JSON value otherwise). */
  shape?: z.ZodType;
}

export interface TableSpec {
  table: string;
  /** The key of its array in the file. */
  key: string;
  /** Primary key columns: the order rows are written in. */
  orderBy: string[];
  columns: ColumnSpec[];
  /** Columns deliberately not exported, with the reason (checked by the coverage test). */
  omitted?: Record<string, string>;
}

const SHA256 = /^[0-9a-f]{64}$/;
/** Any JSON value (one schema, so the published JSON Schema defines it once). */
const ANY_JSON = z.json();
const text = (column: string, name: string, more: Partial<ColumnSpec> = {}): ColumnSpec => ({
  column,
  name,
  type: 'text',
  ...more,
});
const optText = (column: string, name: string): ColumnSpec => text(column, name, { nullable: true });
const int = (column: string, name: string, more: Partial<ColumnSpec> = {}): ColumnSpec => ({
  column,
  name,
  type: 'int',
  ...more,
});
const json = (column: string, name: string, nullable = false): ColumnSpec => ({ column, name, type: 'json', nullable });
const id = text('id', 'id');
const studyId = text('study_id', 'studyId');
const reviewerId = text('reviewer_id', 'reviewerId');
const optReviewerId = optText('reviewer_id', 'reviewerId');
const createdAt = text('created_at', 'createdAt');
const updatedAt = text('updated_at', 'updatedAt');

/** The value columns extraction_values and consensus_values share (a target and its provenance). */
const valueColumns: ColumnSpec[] = [
  text('target_key', 'targetKey'),
  text('kind', 'kind', { values: ['field', 'outcome'] }),
  optText('field_id', 'fieldId'),
  optText('outcome_id', 'outcomeId'),
  optText('timepoint_id', 'timepointId'),
  optText('arm_id', 'armId'),
  optText('component', 'component'),
  text('state', 'state', { values: ['value', 'not_reported'] }),
  json('value', 'value', true),
  text('origin', 'origin', { values: ['typed', 'mapped', 'converted'] }),
  optText('highlight_id', 'highlightId'),
  json('provenance', 'provenance', true),
  json('conversion', 'conversion', true),
];

/** The documents table; its `content` column is written by the exporter itself (see ./write.ts). */
export const DOCUMENTS_KEY = 'documents';

/** Every table of a review, in the order the file holds them and the importer inserts them. */
export const TABLES: TableSpec[] = [
  {
    table: 'reviewers',
    key: 'reviewers',
    orderBy: ['id'],
    columns: [id, text('name', 'name'), createdAt],
    omitted: {
      passcode: 'a passcode hash never leaves the review: imported reviewers have no passcode',
    },
  },
  { table: 'studies', key: 'studies', orderBy: ['id'], columns: [id, text('label', 'label'), createdAt, updatedAt] },
  {
    table: 'documents',
    key: DOCUMENTS_KEY,
    orderBy: ['sha256'],
    columns: [
      text('sha256', 'sha256', { pattern: SHA256 }),
      text('kind', 'kind', { values: ['abstract', 'pdf'] }),
      text('media_type', 'mediaType'),
      int('bytes', 'bytes', { min: 0 }),
      createdAt,
    ],
    omitted: {
      content:
        'written as "text" (an abstract) or "contentBase64" (a PDF, when PDFs are included, or bytes that are not UTF-8 text)',
    },
  },
  {
    table: 'reports',
    key: 'reports',
    orderBy: ['id'],
    columns: [
      id,
      studyId,
      text('kind', 'kind', { values: ['journal_article', 'conference_abstract', 'registry_record', 'other'] }),
      text('title', 'title'),
      json('authors', 'authors'),
      optText('first_author', 'firstAuthor'),
      int('year', 'year', { nullable: true }),
      optText('journal', 'journal'),
      optText('volume', 'volume'),
      optText('issue', 'issue'),
      optText('pages', 'pages'),
      optText('doi', 'doi'),
      optText('pmid', 'pmid'),
      optText('url', 'url'),
      json('keywords', 'keywords'),
      optText('abstract_sha256', 'abstractSha256'),
      { column: 'is_primary', name: 'isPrimary', type: 'bool' },
      createdAt,
    ],
  },
  {
    table: 'study_documents',
    key: 'studyDocuments',
    orderBy: ['study_id', 'document_sha256'],
    columns: [
      studyId,
      text('document_sha256', 'documentSha256'),
      optText('report_id', 'reportId'),
      text('added_at', 'addedAt'),
      optText('file_name', 'fileName'),
    ],
  },
  {
    table: 'pdf_documents',
    key: 'pdfDocuments',
    orderBy: ['sha256'],
    columns: [
      text('sha256', 'sha256'),
      text('fingerprint', 'fingerprint'),
      int('page_count', 'pageCount', { min: 0 }),
      optText('title', 'title'),
      optText('doi', 'doi'),
      text('pdfjs_version', 'pdfjsVersion'),
    ],
  },
  {
    table: 'document_pages',
    key: 'documentPages',
    orderBy: ['sha256', 'page'],
    columns: [text('sha256', 'sha256'), int('page', 'page', { min: 1 }), text('text', 'text')],
  },
  {
    table: 'highlights',
    key: 'highlights',
    orderBy: ['id'],
    columns: [
      id,
      studyId,
      text('document_sha256', 'documentSha256'),
      optReviewerId,
      int('page', 'page', { nullable: true, min: 1 }),
      text('exact', 'exact'),
      text('prefix', 'prefix'),
      text('suffix', 'suffix'),
      int('start_offset', 'startOffset', { min: 0 }),
      int('end_offset', 'endOffset', { min: 1 }),
      createdAt,
      optText('deleted_at', 'deletedAt'),
    ],
  },
  {
    table: 'forms',
    key: 'forms',
    orderBy: ['id'],
    columns: [
      id,
      int('version', 'version', { min: 1 }),
      // The form the app reads: its sections, study-level fields and outcomes (shared/model/extraction.ts).
      {
        ...json('definition', 'definition'),
        shape: z
          .object({ sections: z.array(ANY_JSON), fields: z.array(ANY_JSON), outcomes: z.array(ANY_JSON) })
          .catchall(ANY_JSON),
      },
      updatedAt,
    ],
  },
  {
    table: 'form_versions',
    key: 'formVersions',
    orderBy: ['form_id', 'version'],
    columns: [
      text('form_id', 'formId'),
      int('version', 'version', { min: 1 }),
      text('at', 'at'),
      optReviewerId,
      text('summary', 'summary'),
      json('snapshot', 'snapshot'),
    ],
  },
  {
    table: 'arms',
    key: 'arms',
    orderBy: ['id'],
    columns: [
      id,
      studyId,
      text('label', 'label'),
      int('position', 'position'),
      createdAt,
      optText('removed_at', 'removedAt'),
    ],
  },
  {
    table: 'extraction_status',
    key: 'extractionStatus',
    orderBy: ['study_id', 'reviewer_id'],
    columns: [
      studyId,
      reviewerId,
      text('status', 'status', { values: ['not_started', 'in_progress', 'complete'] }),
      updatedAt,
    ],
  },
  {
    table: 'extraction_values',
    key: 'extractionValues',
    orderBy: ['id'],
    columns: [id, studyId, reviewerId, ...valueColumns, updatedAt],
  },
  {
    table: 'extraction_operations',
    key: 'extractionOperations',
    orderBy: ['seq'],
    columns: [
      int('seq', 'seq', { min: 1 }),
      studyId,
      reviewerId,
      text('at', 'at'),
      json('changes', 'changes'),
      { column: 'undone', name: 'undone', type: 'bool' },
    ],
  },
  {
    table: 'review_settings',
    key: 'settings',
    orderBy: ['key'],
    columns: [text('key', 'key'), json('value', 'value'), updatedAt],
  },
  {
    table: 'consensus_values',
    key: 'consensusValues',
    orderBy: ['id'],
    columns: [
      id,
      studyId,
      ...valueColumns,
      text('decision', 'decision', { values: ['agreed', 'adopted', 'entered'] }),
      optText('adopted_reviewer_id', 'adoptedReviewerId'),
      json('basis', 'basis'),
      optText('note', 'note'),
      optText('decided_by', 'decidedBy'),
      text('decided_at', 'decidedAt'),
    ],
  },
  {
    table: 'analyses',
    key: 'analyses',
    orderBy: ['id'],
    columns: [
      id,
      text('name', 'name'),
      int('position', 'position'),
      text('outcome_id', 'outcomeId'),
      text('timepoint_id', 'timepointId'),
      json('comparison', 'comparison'),
      text('layer', 'layer', { values: ['consensus', 'reviewer'] }),
      optReviewerId,
      text('measure', 'measure'),
      text('method', 'method'),
      json('settings', 'settings'),
      createdAt,
      updatedAt,
    ],
  },
  {
    table: 'audit_log',
    key: 'auditLog',
    orderBy: ['seq'],
    columns: [
      int('seq', 'seq', { min: 1 }),
      text('at', 'at'),
      optReviewerId,
      text('entity', 'entity'),
      text('entity_id', 'entityId'),
      text('action', 'action', { values: ['create', 'update', 'delete'] }),
      optText('field', 'field'),
      // Stored as text with no JSON check: written as stored, a string.
      optText('before', 'before'),
      optText('after', 'after'),
    ],
  },
];

/** review_meta (key and value) is written as the object "review": {"id", "title", "created_at", ...}. */
export const REVIEW_META_TABLE = 'review_meta';

/** Tables the file does not hold: the migration bookkeeping of the file that wrote it. */
export const NOT_EXPORTED_TABLES: Record<string, string> = {
  schema_migrations: 'which migrations built the file: the importing Caliper builds the new review with its own',
};

// Validation -----------------------------------------------------------------------------------------

/**
 * A JSON column on import: the importer hands over values JSON.parse made, which are JSON data by
 * construction, so only presence is checked (checking them as any JSON value walks every nested value
 * again, the slowest part of an import). The published schema says "any JSON value".
 */
const PRESENT = z.custom<unknown>((value) => value !== undefined, { message: 'is missing' });

function columnSchema(spec: ColumnSpec, forImport: boolean): z.ZodType {
  let schema: z.ZodType;
  switch (spec.type) {
    case 'text': {
      if (spec.values) schema = z.enum(spec.values as [string, ...string[]]);
      else if (spec.pattern) schema = z.string().regex(spec.pattern);
      else schema = z.string();
      break;
    }
    case 'int': {
      schema = z
        .number()
        .int()
        .min(spec.min ?? Number.MIN_SAFE_INTEGER)
        .max(Number.MAX_SAFE_INTEGER);
      break;
    }
    case 'bool':
      schema = z.boolean();
      break;
    case 'json':
      if (spec.shape) return spec.shape;
      return forImport ? PRESENT : ANY_JSON;
  }
  return spec.nullable ? schema.nullable() : schema;
}

function rowSchema(table: TableSpec, forImport: boolean): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const column of table.columns) shape[column.name] = columnSchema(column, forImport);
  if (table.key === DOCUMENTS_KEY) {
    shape.text = z.string().optional();
    shape.contentBase64 = z
      .string()
      .regex(/^[A-Za-z0-9+/]*={0,2}$/)
      .optional();
  }
  return z.object(shape).strict();
}

/** The values at the head of the file, outside the tables. */
export const HEAD_SCHEMAS: Record<string, z.ZodType> = {
  format: z.literal(REVIEW_JSON_FORMAT),
  version: z.literal(REVIEW_JSON_VERSION),
  pdfsIncluded: z.boolean(),
  review: z.object({ id: z.string(), title: z.string(), created_at: z.string() }).catchall(z.string()),
};

/** Each table's row, by its key in the file, as the importer checks it. */
export const ROW_SCHEMAS: ReadonlyMap<string, z.ZodObject> = new Map(
  TABLES.map((table) => [table.key, rowSchema(table, true)]),
);

/** The whole file, as schemas/caliper-review.schema.json publishes it. */
const reviewJsonSchema = z
  .object({
    ...HEAD_SCHEMAS,
    ...Object.fromEntries(TABLES.map((table) => [table.key, z.array(rowSchema(table, false))])),
  })
  .strict();

/** The published JSON Schema (draft 2020-12), made from reviewJsonSchema. */
export function reviewJsonSchemaDocument(): Record<string, unknown> {
  const generated = z.toJSONSchema(reviewJsonSchema, { target: 'draft-2020-12' });
  return {
    $schema: generated.$schema,
    title: 'Caliper review',
    description:
      'A whole Caliper review as JSON: written by File > Export… (Whole review, JSON) and `caliper export --format json`, read by `caliper import --create`. Each array holds the rows of one table of the review file in primary-key order; JSON columns hold the JSON they store; a document\'s bytes are "text" (an abstract) or "contentBase64" (a PDF, when included).',
    ...generated,
  };
}
