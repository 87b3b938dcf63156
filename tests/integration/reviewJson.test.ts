// The whole review as JSON and back: a review that fills every table is exported, imported into a new
// review and exported again, byte for byte the same (with and without PDFs); the file is checked with a
// real JSON Schema validator against the published schema, which agrees with the importer's own checks;
// bad files are refused naming the JSON path, creating nothing; blinding holds; the importer is fuzzed.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaliperError } from '../../shared/contract/result';
import { EXPORT_FORMATS, exportFormat } from '../../electron/backend/services/exports';
import type { ExportOptions } from '../../electron/backend/services/exports/types';
import { importReviewJson } from '../../electron/backend/services/reviewJson/import';
import {
  NOT_EXPORTED_TABLES,
  REVIEW_META_TABLE,
  reviewJsonSchemaDocument,
  TABLES,
} from '../../electron/backend/services/reviewJson/spec';
import { loadMigrations, migrate } from '../../electron/backend/db/migrate';
import { resources } from '../../electron/backend/resources';
import { pdfBytes } from '../../electron/backend/pdfBytes';
import { importCommand } from '../../electron/cli/commands/import';
import { fuzzRuns, fuzzTimeout } from '../helpers/fuzz';
import { SESSION_A, SESSION_B, sampleReview, type SampleReview } from '../helpers/reviewJsonSample';
import { tempDir, testBackend } from '../helpers/temp';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, changed freely to make bad files
type Loose = Record<string, any>;

const SCHEMA_FILE = path.join(import.meta.dirname, '..', '..', 'schemas', 'caliper-review.schema.json');
const ALL: ExportOptions = { layer: 'all', studies: 'all' };

const json = exportFormat('json')!;

async function exportAs(t: SampleReview, session: string, file: string, options: Partial<ExportOptions> = {}) {
  return json.write(t.backend.context(session), file, { ...ALL, ...options });
}

/** Imports `file` as a new review in a fresh backend and exports it again; answers with the new file's text. */
async function roundTrip(file: string, options: Partial<ExportOptions> = {}) {
  const dir = tempDir();
  const t = testBackend(dir);
  const target = path.join(dir, 'imported.caliper');
  const result = importReviewJson(t.backend.context(), { source: file, target }, { remember: false });
  const again = path.join(dir, 'again.json');
  await json.write(t.backend.context(), again, { ...ALL, ...options });
  const text = readFileSync(again, 'utf8');
  const db = t.backend.requireReview().db;
  return { result, text, db, t, target };
}

const validator = () =>
  new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));

describe('whole review as JSON', () => {
  it('is one of the export formats', () => {
    expect(EXPORT_FORMATS).toContain(json);
    expect(json).toMatchObject({ id: 'json', extension: 'json' });
  });

  it('exports every table, imports into a new review and exports again byte for byte, without and with PDFs', async () => {
    const t = await sampleReview();
    const dir = tempDir();
    const plain = path.join(dir, 'review.json');
    const progress: number[] = [];
    const written = await exportAs(t, SESSION_A, plain, { onProgress: (done) => progress.push(done) });
    const text = readFileSync(plain, 'utf8');
    const data = JSON.parse(text) as Record<string, unknown[]> & { review: { title: string } };
    // The sample fills every table, so the round trip below covers every column.
    for (const table of TABLES) expect(data[table.key]!.length, table.key).toBeGreaterThan(0);
    expect((data.extractionOperations as { undone: boolean }[]).map((o) => o.undone).sort()).toEqual([
      false,
      false,
      true,
    ]);
    expect(written.rows).toBe(TABLES.reduce((n, table) => n + data[table.key]!.length, 0));
    expect(progress.at(-1)).toBe(written.rows);
    expect(data).toMatchObject({
      format: 'caliper-review',
      version: 1,
      pdfsIncluded: false,
      review: { title: 'Extraction' },
    });
    // No passcode hash leaves the review; B had one.
    expect(text).not.toMatch(/scrypt\$/);
    expect(Object.keys(data.reviewers![0]!)).toEqual(['id', 'name', 'createdAt']);
    const pdfDoc = (data.documents as { kind: string; contentBase64?: string }[]).find((d) => d.kind === 'pdf')!;
    expect(pdfDoc.contentBase64).toBeUndefined();
    expect((data.documentPages as unknown[]).length).toBeGreaterThan(0);
    const abstract = (data.documents as { text?: string }[]).find((d) => d.text?.includes('Two lines'));
    expect(abstract?.text).toBe('Short.\nTwo lines');

    const back = await roundTrip(plain);
    expect(back.text).toBe(text);
    expect(back.result).toMatchObject({ studies: 3, reviewers: 2, pdfs: 0, pdfsLeftOut: 1, records: written.rows });
    expect(back.db.prepare('SELECT count(*) AS n FROM reviewers WHERE passcode IS NOT NULL').get()).toEqual({ n: 0 });
    // The imported review works: its consensus and values are read by the services.
    const ctx = back.t.backend.context(SESSION_A);
    expect(back.t.backend.requireReview().info.id).toBe((data.review as unknown as { id: string }).id);
    await back.t.router.invoke('reviewer:setCurrent', { id: t.b.id }, SESSION_B);
    const extraction = await back.t.router.invoke('extraction:get', { studyId: t.study.id }, SESSION_B);
    expect(extraction.values.length).toBeGreaterThan(0);
    expect(ctx.requireReview().info.title).toBe('Extraction');

    const withPdfs = path.join(dir, 'with-pdfs.json');
    await exportAs(t, SESSION_A, withPdfs, { includePdfs: true });
    const full = readFileSync(withPdfs, 'utf8');
    expect(JSON.parse(full)).toMatchObject({ pdfsIncluded: true });
    const original = t.backend
      .requireReview()
      .db.prepare("SELECT sha256, content FROM documents WHERE kind = 'pdf'")
      .get() as {
      sha256: string;
      content: Buffer;
    };
    const backFull = await roundTrip(withPdfs, { includePdfs: true });
    expect(backFull.text).toBe(full);
    expect(backFull.result).toMatchObject({ pdfs: 1, pdfsLeftOut: 0 });
    const restored = backFull.db.prepare('SELECT content FROM documents WHERE sha256 = ?').get(original.sha256) as {
      content: Buffer;
    };
    expect(restored.content.equals(original.content)).toBe(true);
    // Without the PDF, its metadata and page text came in, its bytes did not.
    expect(
      back.db.prepare('SELECT length(content) AS n, bytes FROM documents WHERE sha256 = ?').get(original.sha256),
    ).toEqual({
      n: 0,
      bytes: original.content.length,
    });
    // The reader says so; importing the same PDF again fills its bytes in.
    const leftOut = await pdfBytes(back.t.backend, original.sha256, { method: 'GET' });
    expect(leftOut.status).toBe(404);
    expect(String(leftOut.body)).toContain('left out of the JSON file');
    await back.t.router.invoke(
      'document:importPdf',
      { fileName: 'again.pdf', contentBase64: original.content.toString('base64'), studyId: t.studies[1] },
      SESSION_A,
    );
    expect((await pdfBytes(back.t.backend, original.sha256, { method: 'GET' })).status).toBe(200);
    expect(
      (
        back.db.prepare('SELECT content FROM documents WHERE sha256 = ?').get(original.sha256) as { content: Buffer }
      ).content.equals(original.content),
    ).toBe(true);
    // The file is valid by the published schema, with and without PDFs.
    const validate = validator();
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(JSON.parse(full)), JSON.stringify(validate.errors)).toBe(true);
  }, 60_000);

  it('imports an export written before abstracts stopped being linked to their study as the same review', async () => {
    const t = await sampleReview();
    const file = path.join(tempDir(), 'review.json');
    await exportAs(t, SESSION_A, file);
    const current = readFileSync(file, 'utf8');
    const older = JSON.parse(current) as Loose;
    const withAbstracts = (older.reports as Loose[]).filter((r) => r.abstractSha256 !== null);
    expect(withAbstracts.length).toBeGreaterThan(0);
    for (const r of withAbstracts) {
      older.studyDocuments.push({
        studyId: r.studyId,
        documentSha256: r.abstractSha256,
        reportId: r.id,
        addedAt: r.createdAt,
        fileName: null,
      });
    }
    writeFileSync(file, JSON.stringify(older));
    const { text, db } = await roundTrip(file);
    expect(
      db
        .prepare(
          "SELECT count(*) AS n FROM study_documents sd JOIN documents d ON d.sha256 = sd.document_sha256 WHERE d.kind = 'abstract'",
        )
        .get(),
    ).toEqual({ n: 0 });
    expect(text).toBe(current);
  });

  it('covers every table and column a new review has (a migration adding one fails here until the export covers it)', () => {
    const db = new Database(':memory:');
    try {
      // The schema of a new review, as the migrations build it.
      migrate(db, loadMigrations(resources.migrationsDir), 'test');
      const tables = (
        db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
          .all() as {
          name: string;
        }[]
      ).map((r) => r.name);
      expect(tables).toEqual(
        [...TABLES.map((s) => s.table), REVIEW_META_TABLE, ...Object.keys(NOT_EXPORTED_TABLES)].sort(),
      );
      for (const spec of TABLES) {
        const columns = (db.prepare(`PRAGMA table_info(${spec.table})`).all() as { name: string }[]).map((c) => c.name);
        expect(
          [...spec.columns.map((c) => c.column), ...Object.keys(spec.omitted ?? {})].sort(),
          `the columns of ${spec.table}`,
        ).toEqual([...columns].sort());
        // Each column is written as its declared type allows, null only where the column allows it.
        const info = db.prepare(`PRAGMA table_info(${spec.table})`).all() as {
          name: string;
          type: string;
          notnull: number;
          pk: number;
        }[];
        for (const column of spec.columns) {
          const declared = info.find((c) => c.name === column.column)!;
          expect(declared.type, `${spec.table}.${column.column}`).toBe(
            column.type === 'int' || column.type === 'bool' ? 'INTEGER' : 'TEXT',
          );
          expect(column.nullable === true, `${spec.table}.${column.column} is nullable`).toBe(
            declared.notnull === 0 && declared.pk === 0,
          );
        }
        const pk = (db.prepare(`PRAGMA table_info(${spec.table})`).all() as { name: string; pk: number }[])
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name);
        expect(spec.orderBy, `${spec.table} is written in primary-key order`).toEqual(pk);
      }
      const meta = (db.prepare(`PRAGMA table_info(${REVIEW_META_TABLE})`).all() as { name: string }[]).map(
        (c) => c.name,
      );
      expect(meta).toEqual(['key', 'value']);
    } finally {
      db.close();
    }
  });

  it('publishes its JSON Schema (draft 2020-12), the same checks the importer makes', () => {
    const generated = reviewJsonSchemaDocument();
    if (process.env.CALIPER_WRITE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, `${JSON.stringify(generated, null, 2)}\n`);
    // Made from the spec the importer checks with (CALIPER_WRITE_SCHEMA=1 writes it again).
    expect(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(generated);
    expect(generated.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });
});

/** A valid file made by hand (small), for the bad-input and schema-agreement tests. */
function minimalFile(): Record<string, unknown> {
  const file: Record<string, unknown> = {
    format: 'caliper-review',
    version: 1,
    pdfsIncluded: false,
    review: { id: 'r1', title: 'Small', created_at: '2026-01-01T00:00:00.000Z' },
  };
  for (const table of TABLES) file[table.key] = [];
  file.studies = [{ id: 's1', label: 'Smith 2001', createdAt: '2026-01-01', updatedAt: '2026-01-01' }];
  file.reports = [
    {
      id: 'p1',
      studyId: 's1',
      kind: 'journal_article',
      title: 'A trial',
      authors: ['Smith, A'],
      firstAuthor: 'Smith',
      year: 2001,
      journal: null,
      volume: null,
      issue: null,
      pages: null,
      doi: null,
      pmid: null,
      url: null,
      keywords: [],
      abstractSha256: null,
      isPrimary: true,
      createdAt: '2026-01-01',
    },
  ];
  return file;
}

/** Bad samples: each with a change and the path the importer's message must name. */
const BAD: { name: string; change: (f: Loose) => void; names: string }[] = [
  { name: 'a year as text', change: (f) => (f.reports[0].year = '2001'), names: 'reports[0].year: expected a number' },
  { name: 'a missing column', change: (f) => delete f.studies[0].label, names: 'studies[0].label: is missing' },
  {
    name: 'a missing JSON column',
    change: (f) => delete f.reports[0].authors,
    names: 'reports[0].authors: is missing',
  },
  { name: 'an unknown column', change: (f) => (f.studies[0].colour = 'red'), names: 'studies[0]: unknown "colour"' },
  { name: 'a kind not allowed', change: (f) => (f.reports[0].kind = 'book'), names: 'reports[0].kind' },
  { name: 'a table missing', change: (f) => delete f.arms, names: 'arms: is missing' },
  {
    name: 'a bad SHA-256',
    change: (f) =>
      f.documents.push({
        sha256: 'xyz',
        kind: 'abstract',
        mediaType: 'text/plain',
        bytes: 1,
        createdAt: 'x',
        text: 'a',
      }),
    names: 'documents[0].sha256',
  },
  {
    name: 'a fraction for a page',
    change: (f) => f.documentPages.push({ sha256: 'a'.repeat(64), page: 1.5, text: '' }),
    names: 'documentPages[0].page: expected a whole number',
  },
  { name: 'an unknown table', change: (f) => (f.extra = []), names: 'unknown "extra"' },
  {
    name: 'a form without outcomes',
    change: (f) => f.forms.push({ id: 'f1', version: 1, definition: { sections: [], fields: [] }, updatedAt: 'x' }),
    names: 'forms[0].definition.outcomes: is missing',
  },
  { name: 'a wrong version', change: (f) => (f.version = 0), names: 'version' },
];

describe('importing a whole-review JSON file', () => {
  it('refuses a bad file naming the JSON path of the problem; the published schema refuses the same files', () => {
    const validate = validator();
    const dir = tempDir();
    const t = testBackend();
    /** The importer's refusal of a file, or '' when it imports. */
    const refusal = (data: unknown, name: string, text = JSON.stringify(data)) => {
      const source = path.join(dir, `${name}.json`);
      writeFileSync(source, text);
      try {
        importReviewJson(
          t.backend.context(),
          { source, target: path.join(dir, `${name}.caliper`) },
          { remember: false },
        );
        return '';
      } catch (error) {
        expect(error).toBeInstanceOf(CaliperError);
        return (error as Error).message;
      }
    };
    expect(validate(minimalFile()), JSON.stringify(validate.errors)).toBe(true);
    expect(refusal(minimalFile(), 'ok')).toBe('');
    // Laid out any way (pretty-printed here), the same file reads the same.
    expect(refusal(null, 'pretty', JSON.stringify(minimalFile(), null, 3))).toBe('');
    BAD.forEach((bad, i) => {
      const file = minimalFile();
      bad.change(file as Loose);
      expect(validate(file), `the schema refuses ${bad.name}`).toBe(false);
      const message = refusal(file, `bad${i}`);
      expect(message, bad.name).toContain(bad.names);
      expect(message).toContain(`"bad${i}.json"`);
      expect(existsSync(path.join(dir, `bad${i}.caliper`))).toBe(false);
    });
  });

  it('refuses what the schema cannot see (a record referring to one the file lacks, bytes that do not match) and creates nothing', () => {
    const dir = tempDir();
    const t = testBackend();
    const cases: [string, (f: Loose) => void, string][] = [
      ['dangling', (f) => (f.reports[0].studyId = 'nope'), 'reports[0]: refers to a record the file does not hold'],
      ['twice', (f) => f.studies.push({ ...f.studies[0] }), 'studies[1]: repeats a record'],
      [
        'hash',
        (f) =>
          f.documents.push({
            sha256: 'a'.repeat(64),
            kind: 'abstract',
            mediaType: 'text/plain',
            bytes: 3,
            createdAt: 'x',
            text: 'abc',
          }),
        'documents[0].sha256: does not match the content',
      ],
      ['check', (f) => (f.reports[0].year = 1200), 'reports[0]: does not fit a review (CHECK constraint failed'],
      ['not json', () => undefined, 'it is not JSON'],
      ['other format', (f) => (f.format = 'something'), 'format: expected "caliper-review"'],
    ];
    for (const [name, change, names] of cases) {
      const file = minimalFile();
      change(file as Loose);
      const source = path.join(dir, `${name}.json`);
      writeFileSync(source, name === 'not json' ? '{"format": "caliper-review", ' : JSON.stringify(file));
      const target = path.join(dir, `${name}.caliper`);
      expect(() => importReviewJson(t.backend.context(), { source, target }, { remember: false }), name).toThrow(names);
      expect(existsSync(target)).toBe(false);
    }
    // Nothing was left beside them: no review, no temporary file.
    expect(readdirSync(dir).filter((f) => !f.endsWith('.json'))).toEqual([]);
    // The good file imports, and an existing review is never replaced.
    const good = path.join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(minimalFile()));
    const target = path.join(dir, 'good.caliper');
    expect(importReviewJson(t.backend.context(), { source: good, target }, { remember: false })).toMatchObject({
      records: 2,
      studies: 1,
    });
    expect(() => importReviewJson(t.backend.context(), { source: good, target }, { remember: false })).toThrow(
      /already exists/,
    );
  });

  it('on the command line: one line of JSON, exit 0; a bad file exits 2 with a one-line JSON error', async () => {
    const dir = tempDir();
    const good = path.join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(minimalFile()));
    const run = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await importCommand.run([...args, '--data-dir', dir], {
        readStdin: async () => '',
        stdout: (s) => out.push(s),
        stderr: (s) => err.push(s),
      });
      return { code, out: out.join(''), err: err.join('') };
    };
    const target = path.join(dir, 'cli.caliper');
    const ok = await run(['--create', '--review', target, good]);
    expect(ok.code).toBe(0);
    expect(ok.out.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(ok.out)).toEqual({
      review: target,
      id: 'r1',
      title: 'Small',
      records: 2,
      studies: 1,
      reviewers: 0,
      pdfs: 0,
      pdfsLeftOut: 0,
    });
    // Without --create a JSON file is not taken for references.
    await expect(run(['--review', target, good])).rejects.toThrow(/import --create/);
    const badFile = minimalFile();
    (badFile.studies as Record<string, unknown>[])[0]!.createdAt = 5;
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(badFile));
    const refused = await run(['--create', '--review', path.join(dir, 'bad.caliper'), bad]);
    expect(refused.code).toBe(2);
    expect(refused.err.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(refused.err).error).toMatchObject({
      code: 'validation',
      message: expect.stringContaining('studies[0].createdAt: expected a text'),
    });
    expect(existsSync(path.join(dir, 'bad.caliper'))).toBe(false);
  });

  it(
    'fuzz: a mutated export is imported or refused with a validation error, never half-created',
    async () => {
      const t = await sampleReview();
      const dir = tempDir();
      const file = path.join(dir, 'review.json');
      await exportAs(t, SESSION_A, file);
      const text = readFileSync(file, 'utf8');
      const base = JSON.parse(text) as Record<string, unknown>;
      const importer = testBackend(tempDir());
      const leaf = fc.oneof(
        fc.string(),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.constant([]),
        fc.constant({}),
      );
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 12 }), leaf), { minLength: 1, maxLength: 3 }),
          // Or the text itself cut short, or with a slice replaced.
          fc.option(fc.tuple(fc.nat(text.length), fc.nat(6), fc.string({ maxLength: 2 }))),
          (mutations, textual) => {
            const copy = structuredClone(base) as Loose;
            for (const [a, b, name, value] of mutations) {
              const keys = Object.keys(copy);
              const key = keys[a % keys.length]!;
              const table = copy[key];
              if (Array.isArray(table) && table.length > 0) {
                const row = table[b % table.length];
                const columns = Object.keys(row);
                const column = name.length % 2 === 0 ? columns[b % columns.length]! : name;
                if (name.length % 3 === 0) delete row[column];
                else row[column] = value;
              } else copy[key] = value;
            }
            // The same two names every time: a long run leaves one file behind, not one per input.
            const source = path.join(dir, 'mutated.json');
            const target = path.join(dir, 'mutated.caliper');
            writeFileSync(
              source,
              textual
                ? text.slice(0, textual[0]) + textual[2] + text.slice(textual[0] + textual[1] + 1)
                : JSON.stringify(copy),
            );
            try {
              importReviewJson(importer.backend.context(), { source, target }, { remember: false });
              importer.backend.close();
              rmSync(target);
            } catch (error) {
              expect(error).toBeInstanceOf(CaliperError);
              expect((error as CaliperError).code).toBe('validation');
              expect(existsSync(target)).toBe(false);
            }
          },
        ),
        { numRuns: fuzzRuns(40) },
      );
      expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    },
    fuzzTimeout(120_000),
  );
});

describe('blinding and the whole-review export', () => {
  it('is refused while a study holds another reviewer’s work still blind to the one asking, and written once it is reconciled', async () => {
    const t = await sampleReview();
    const dir = tempDir();
    // A second study: A extracts it, B has not finished; B must not get A's values through the export.
    const [, pdfStudy] = t.studies;
    await t.router.invoke(
      'extraction:write',
      {
        studyId: pdfStudy!,
        writes: [{ target: { kind: 'field', fieldId: t.fieldId('Country') }, state: 'value', value: 'Secret' }],
      } as never,
      SESSION_A,
    );
    const file = path.join(dir, 'blind.json');
    await expect(exportAs(t, SESSION_B, file)).rejects.toMatchObject({
      code: 'not_allowed',
      message: expect.stringContaining('1 study holds'),
    });
    expect(existsSync(file)).toBe(false);
    // A no-reviewer window is refused too; A, whose own work it is, may export.
    await expect(json.write(t.backend.context('nobody'), file, ALL)).rejects.toMatchObject({ code: 'not_allowed' });
    await exportAs(t, SESSION_A, file);
    expect(readFileSync(file, 'utf8')).toContain('Secret');
    // B starts on the study too: now A is blind to B's work and B to A's.
    await t.router.invoke(
      'extraction:write',
      {
        studyId: pdfStudy!,
        writes: [{ target: { kind: 'field', fieldId: t.fieldId('Country') }, state: 'value', value: 'Other' }],
      } as never,
      SESSION_B,
    );
    await expect(exportAs(t, SESSION_A, file)).rejects.toMatchObject({ code: 'not_allowed' });
    for (const session of [SESSION_A, SESSION_B])
      await t.router.invoke('extraction:setStatus', { studyId: pdfStudy!, status: 'complete' }, session);
    for (const session of [SESSION_A, SESSION_B, 'nobody'])
      await expect(exportAs(t, session, file)).resolves.toMatchObject({ unit: 'records' });
  }, 60_000);

  it('stops when cancelled, leaving no file', async () => {
    const t = await sampleReview();
    const file = path.join(tempDir(), 'x.json');
    const controller = new AbortController();
    controller.abort();
    await expect(exportAs(t, SESSION_A, file, { signal: controller.signal })).rejects.toMatchObject({
      code: 'cancelled',
    });
    expect(existsSync(file)).toBe(false);
  });
});
