// Creates a new review from a whole-review JSON file (./spec.ts; written by ../exports/json.ts): every
// id kept, reviewers without passcodes, PDFs restored when the file includes them (otherwise their
// metadata and page text come in, and the reader says the PDF was left out). The file is checked whole
// before anything is written: a file that does not validate is refused with the JSON path of the
// problem ("studies[3].year: expected a number"). The review is built in one transaction under a
// temporary name and renamed into place, so a refused file leaves nothing behind. Layer: electron/backend.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { CaliperError } from '../../../../shared/contract/result';
import { formatMegabytes } from '../../../../shared/contract/limits';
import type { ReviewInfo } from '../../../../shared/model/types';
import type { RequestContext } from '../../context';
import { closeReviewDb, createReviewDb, REVIEW_EXTENSION } from '../../db/open';
import { openReview, type OpenOptions } from '../review';
import {
  DOCUMENTS_KEY,
  REVIEW_JSON_FORMAT,
  REVIEW_JSON_VERSION,
  REVIEW_META_TABLE,
  reviewJsonSchema,
  TABLES,
  type TableSpec,
} from './spec';

/** A whole-review JSON file may be at most 256 MB (it is read and checked whole before anything is written). */
export const MAX_REVIEW_JSON_BYTES = 256 * 1024 * 1024;

type Row = Record<string, unknown>;
/** A checked file: its head, and each table's rows under the table's key. */
type ReviewJson = { review: Record<string, string> } & Record<string, unknown>;

const rowsOf = (data: ReviewJson, key: string): Row[] => data[key] as Row[];

/** "studies[3].year" from a path of keys and indexes. */
export function jsonPath(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(the whole file)';
}

const ARTICLE: Record<string, string> = {
  number: 'a number',
  string: 'a text',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  null: 'null',
  int: 'a whole number',
};

/** One zod issue as "path: what was expected". */
function describeIssue(issue: z.core.$ZodIssue): string {
  const at = jsonPath(issue.path);
  if (issue.code === 'invalid_type') {
    const received = /received (\w+)/.exec(issue.message)?.[1];
    if (received === 'undefined') return `${at}: is missing`;
    const expected = ARTICLE[issue.expected] ?? issue.expected;
    return `${at}: expected ${expected}${received ? ` (got ${ARTICLE[received] ?? received})` : ''}`;
  }
  if (issue.code === 'unrecognized_keys') return `${at}: unknown ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_union') return `${at}: expected JSON data`;
  return `${at}: ${issue.message.replace(/^Invalid input: /, '')}`;
}

function refuse(file: string, problem: string): never {
  throw new CaliperError(
    'validation',
    `"${path.basename(file)}" is not a Caliper review export this version can read: ${problem}. Nothing was created.`,
  );
}

/** Parses and checks a whole-review JSON text; a problem is named by its JSON path. */
export function parseReviewJson(text: string, file: string): ReviewJson {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    refuse(file, `it is not JSON (${(error as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) refuse(file, 'it is not a JSON object');
  const head = data as { format?: unknown; version?: unknown };
  if (head.format !== REVIEW_JSON_FORMAT)
    refuse(file, `format: expected "${REVIEW_JSON_FORMAT}" (got ${JSON.stringify(head.format) ?? 'nothing'})`);
  if (typeof head.version === 'number' && head.version > REVIEW_JSON_VERSION)
    refuse(
      file,
      `version: it was written by a newer Caliper (version ${head.version}; this one reads ${REVIEW_JSON_VERSION})`,
    );
  const result = reviewJsonSchema.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    refuse(file, `${describeIssue(issues[0]!)}${more}`);
  }
  checkDocuments(result.data, file);
  return result.data as ReviewJson;
}

/** Each document's bytes: present as the kind allows, and matching its SHA-256 and size. */
function checkDocuments(data: ReviewJson, file: string): void {
  rowsOf(data, DOCUMENTS_KEY).forEach((doc, i) => {
    const at = `${DOCUMENTS_KEY}[${i}]`;
    if (doc.text !== undefined && doc.contentBase64 !== undefined)
      refuse(file, `${at}: has both "text" and "contentBase64"`);
    const content = contentOf(doc);
    if (doc.kind === 'abstract' && content === null) refuse(file, `${at}: an abstract needs its "text"`);
    if (doc.kind === 'pdf' && doc.text !== undefined)
      refuse(file, `${at}: a PDF's bytes are "contentBase64", not "text"`);
    if (content === null) return;
    if (content.length !== doc.bytes)
      refuse(file, `${at}.bytes: says ${String(doc.bytes)} bytes but the content has ${content.length}`);
    const sha = createHash('sha256').update(content).digest('hex');
    if (sha !== doc.sha256) refuse(file, `${at}.sha256: does not match the content (its SHA-256 is ${sha})`);
  });
}

function contentOf(doc: Row): Buffer | null {
  if (typeof doc.text === 'string') return Buffer.from(doc.text, 'utf8');
  if (typeof doc.contentBase64 === 'string') return Buffer.from(doc.contentBase64, 'base64');
  return null;
}

function sqlValue(type: TableSpec['columns'][number]['type'], value: unknown): unknown {
  if (value === null) return null;
  if (type === 'bool') return value ? 1 : 0;
  if (type === 'json') return JSON.stringify(value);
  return value;
}

/** What a constraint failure means for the row that caused it. */
function constraintProblem(error: unknown): string {
  const message = (error as Error).message;
  if (/FOREIGN KEY/.test(message)) return `refers to a record the file does not hold (${message})`;
  if (/UNIQUE|PRIMARY KEY/.test(message)) return `repeats a record the file already holds (${message})`;
  return `does not fit a review (${message})`;
}

/** Inserts every row of the file; a row a constraint refuses is named by its JSON path. */
function insertAll(db: Database.Database, data: ReviewJson, file: string): number {
  const putMeta = db.prepare(`INSERT INTO ${REVIEW_META_TABLE} (key, value) VALUES (?, ?)`);
  for (const [key, value] of Object.entries(data.review)) putMeta.run(key, value);
  let records = 0;
  for (const table of TABLES) {
    const columns = table.columns.map((c) => c.column);
    if (table.key === DOCUMENTS_KEY) columns.push('content');
    const insert = db.prepare(
      `INSERT INTO ${table.table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    rowsOf(data, table.key).forEach((row, i) => {
      const values = table.columns.map((c) => sqlValue(c.type, row[c.name]));
      if (table.key === DOCUMENTS_KEY) values.push(contentOf(row) ?? Buffer.alloc(0));
      try {
        insert.run(values);
      } catch (error) {
        if ((error as { code?: unknown }).code === undefined) throw error;
        refuse(file, `${table.key}[${i}]: ${constraintProblem(error)}`);
      }
      records++;
    });
  }
  return records;
}

export interface ReviewJsonImport {
  review: ReviewInfo;
  /** Rows of every table the file held. */
  records: number;
  studies: number;
  reviewers: number;
  /** PDFs whose bytes the file included, and PDFs it left out (metadata and page text only). */
  pdfs: number;
  pdfsLeftOut: number;
}

/** Creates the review `target` (which must not exist) from the whole-review JSON file `source`, and opens it. */
export function importReviewJson(
  ctx: RequestContext,
  request: { source: string; target: string },
  options: OpenOptions = {},
): ReviewJsonImport {
  const source = path.resolve(request.source);
  const target = path.resolve(request.target);
  if (path.extname(target) !== REVIEW_EXTENSION) {
    throw new CaliperError(
      'validation',
      `A review file name must end in ${REVIEW_EXTENSION} (got "${path.basename(target)}").`,
    );
  }
  let size: number;
  try {
    size = statSync(source).size;
  } catch {
    throw new CaliperError('not_found', `"${path.basename(source)}" does not exist (${source}).`);
  }
  if (size > MAX_REVIEW_JSON_BYTES) {
    throw new CaliperError(
      'validation',
      `"${path.basename(source)}" is ${formatMegabytes(size)}; a whole-review JSON file may be at most ${formatMegabytes(MAX_REVIEW_JSON_BYTES)} (export it without PDFs).`,
    );
  }
  const data = parseReviewJson(readFileSync(source, 'utf8'), source);
  let records = 0;
  const db = createReviewDb(target, ctx.backend.migrationsDir, (db) => {
    records = insertAll(db, data, source);
  });
  closeReviewDb(db);
  const review = openReview(ctx, { path: target }, options);
  const documents = rowsOf(data, DOCUMENTS_KEY);
  const pdfs = documents.filter((d) => d.kind === 'pdf');
  return {
    review,
    records,
    studies: rowsOf(data, 'studies').length,
    reviewers: rowsOf(data, 'reviewers').length,
    pdfs: pdfs.filter((d) => d.contentBase64 !== undefined).length,
    pdfsLeftOut: pdfs.filter((d) => d.contentBase64 === undefined).length,
  };
}
