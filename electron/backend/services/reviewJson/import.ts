// Creates a new review from a whole-review JSON file (./spec.ts; written by ../exports/json.ts): every
// id kept, reviewers without passcodes, PDFs restored when the file includes them (otherwise their
// metadata and page text come in, and the reader says the PDF was left out). The file is read one
// record at a time (./scan.ts), so memory holds one record whatever the file's size; each record is
// checked and inserted as it comes, all in one transaction building the review under a temporary name,
// renamed into place at the end. A file that does not validate is refused with the JSON path of the
// problem ("studies[3].year: expected a number"), and the transaction and the temporary file go with
// it: nothing is created. Layer: electron/backend.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
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
  HEAD_SCHEMAS,
  REVIEW_META_TABLE,
  ROW_SCHEMAS,
  TABLES,
  type TableSpec,
} from './spec';
import { scanJsonFile, ScanError } from './scan';

/** A whole-review JSON file may be at most 16 GB: it is read one record at a time, never whole. */
const MAX_REVIEW_JSON_BYTES = 16 * 1024 * 1024 * 1024;
/** One record may be at most 300 M characters: a PDF of 200 MB (the largest Caliper takes) in base64, and room. */
const MAX_VALUE_CHARS = 300 * 1024 * 1024;

type Row = Record<string, unknown>;

/** "studies[3].year" from a path of keys and indexes. */
function jsonPath(parts: readonly PropertyKey[]): string {
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
  if (issue.code === 'custom') return `${at}: ${issue.message}`;
  return `${at}: ${issue.message.replace(/^Invalid input: /, '')}`;
}

function refuse(file: string, problem: string): never {
  throw new CaliperError(
    'validation',
    `"${path.basename(file)}" is not a Caliper review export this version can read: ${problem}. Nothing was created.`,
  );
}

/** Checks one document's bytes: present as its kind allows, matching its SHA-256 and size. */
function checkDocument(doc: Row, at: string, file: string): Buffer {
  if (doc.text !== undefined && doc.contentBase64 !== undefined)
    refuse(file, `${at}: has both "text" and "contentBase64"`);
  const content = contentOf(doc);
  if (doc.kind === 'abstract' && content === null) refuse(file, `${at}: an abstract needs its "text"`);
  if (doc.kind === 'pdf' && doc.text !== undefined)
    refuse(file, `${at}: a PDF's bytes are "contentBase64", not "text"`);
  if (content === null) return Buffer.alloc(0);
  if (content.length !== doc.bytes)
    refuse(file, `${at}.bytes: says ${String(doc.bytes)} bytes but the content has ${content.length}`);
  const sha = createHash('sha256').update(content).digest('hex');
  if (sha !== doc.sha256) refuse(file, `${at}.sha256: does not match the content (its SHA-256 is ${sha})`);
  return content;
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

interface Counts {
  records: number;
  studies: number;
  reviewers: number;
  pdfs: number;
  pdfsLeftOut: number;
}

/**
 * Reads the file value by value (./scan.ts), checks each against the schema and inserts each row as it
 * comes, inside the transaction that builds the new review: a problem anywhere throws, the transaction
 * rolls back and the half-built file is removed. Foreign keys are checked at the end, so the tables may
 * come in any order; a row referring to a record the file lacks is then named by its path.
 */
function readInto(db: Database.Database, file: string): Counts {
  db.pragma('defer_foreign_keys = ON');
  const counts: Counts = { records: 0, studies: 0, reviewers: 0, pdfs: 0, pdfsLeftOut: 0 };
  const inserts = new Map<string, { table: TableSpec; run: (values: unknown[]) => void }>();
  for (const table of TABLES) {
    const columns = table.columns.map((c) => c.column);
    if (table.key === DOCUMENTS_KEY) columns.push('content');
    const statement = db.prepare(
      `INSERT INTO ${table.table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    inserts.set(table.key, { table, run: (values) => statement.run(values) });
  }
  const seen = new Set<string>();
  const check = (schema: z.ZodType, value: unknown, at: string): unknown => {
    const result = schema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      refuse(file, describeIssue({ ...issue, path: [...pathOf(at), ...issue.path] } as z.core.$ZodIssue));
    }
    return result.data;
  };
  const head = (key: string, value: unknown) => {
    if (key === 'format' && value !== REVIEW_JSON_FORMAT)
      refuse(file, `format: expected "${REVIEW_JSON_FORMAT}" (got ${JSON.stringify(value)})`);
    if (key === 'version' && typeof value === 'number' && value > REVIEW_JSON_VERSION)
      refuse(
        file,
        `version: it was written by a newer Caliper (version ${value}; this one reads ${REVIEW_JSON_VERSION})`,
      );
    const schema = HEAD_SCHEMAS[key];
    if (!schema) refuse(file, inserts.has(key) ? `${key}: expected an array` : `unknown "${key}"`);
    check(schema, value, key);
    if (key === 'review') {
      const put = db.prepare(`INSERT INTO ${REVIEW_META_TABLE} (key, value) VALUES (?, ?)`);
      for (const [k, v] of Object.entries(value as Record<string, string>)) put.run(k, v);
    }
  };
  try {
    scanJsonFile(
      file,
      {
        value: (key, value) => {
          seen.add(key);
          head(key, value);
        },
        arrayStart: (key) => {
          seen.add(key);
          if (!inserts.has(key))
            refuse(file, HEAD_SCHEMAS[key] ? `${key}: did not expect an array` : `unknown "${key}"`);
        },
        element: (key, index, value) => {
          const { table, run } = inserts.get(key)!;
          const at = `${key}[${index}]`;
          const row = check(ROW_SCHEMAS.get(key)!, value, at) as Row;
          const values = table.columns.map((c) => sqlValue(c.type, row[c.name]));
          if (key === DOCUMENTS_KEY) {
            const content = checkDocument(row, at, file);
            values.push(content);
            if (row.kind === 'pdf') counts[content.length > 0 ? 'pdfs' : 'pdfsLeftOut']++;
          }
          try {
            run(values);
          } catch (error) {
            if ((error as { code?: unknown }).code === undefined) throw error;
            refuse(file, `${at}: ${constraintProblem(error)}`);
          }
          counts.records++;
          if (key === 'studies' || key === 'reviewers') counts[key]++;
        },
        arrayEnd: () => undefined,
      },
      MAX_VALUE_CHARS,
    );
  } catch (error) {
    if (error instanceof ScanError) refuse(file, `it is not JSON as expected (${error.message})`);
    throw error;
  }
  for (const key of [...Object.keys(HEAD_SCHEMAS), ...inserts.keys()])
    if (!seen.has(key)) refuse(file, `${key}: is missing`);
  const broken = db.prepare('PRAGMA foreign_key_check').get() as
    { table: string; rowid: number; parent: string } | undefined;
  if (broken) {
    const table = TABLES.find((t) => t.table === broken.table)!;
    // Rows go in in the file's order, so a row's place among its table's rows is its index in the file.
    const { n } = db.prepare(`SELECT count(*) AS n FROM ${table.table} WHERE rowid < ?`).get(broken.rowid) as {
      n: number;
    };
    refuse(file, `${table.key}[${n}]: refers to a record the file does not hold (in ${broken.parent})`);
  }
  // A file exported before review format 6 links every abstract to its study as well: the report holds
  // it already (migration 0006 drops the same rows from a review file).
  db.prepare(
    "DELETE FROM study_documents WHERE document_sha256 IN (SELECT sha256 FROM documents WHERE kind = 'abstract')",
  ).run();
  return counts;
}

/** "studies[3]" as path parts. */
function pathOf(at: string): PropertyKey[] {
  const match = /^(.*)\[(\d+)\]$/.exec(at);
  return match ? [match[1]!, Number(match[2])] : [at];
}

export interface ReviewJsonImport extends Counts {
  review: ReviewInfo;
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
      `"${path.basename(source)}" is ${formatMegabytes(size)}; a whole-review JSON file may be at most ${formatMegabytes(MAX_REVIEW_JSON_BYTES)}.`,
    );
  }
  let counts: Counts | null = null;
  const db = createReviewDb(target, ctx.backend.migrationsDir, (db) => {
    counts = readInto(db, source);
  });
  closeReviewDb(db);
  const review = openReview(ctx, { path: target }, options);
  return { review, ...counts! };
}
