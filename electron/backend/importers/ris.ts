// RIS (Research Information Systems) tagged format, as EndNote, Zotero, Mendeley, Ovid, Scopus and
// Web of Science export it: "TY  - JOUR" opens a record, "ER  - " closes it; a line without a tag
// continues the previous field; tags such as AU and KW repeat. Parsed by hand: it is a line format
// and we want exact line numbers. Layer: electron/backend (importers).
import type { ReportKind } from '../../../shared/model/types';
import { collect, eachLine, emptyResult, joinPages, parseWhole, type DraftRecord, type LineParser } from './record';
import type { ImportedRecord, ParseResult } from './types';

// "TY  - JOUR"; some exporters write one space before the dash or none after it, and APA PsycNET
// writes a 4-letter "PMID  - ". The value may hold U+2028/U+2029 (line separators inside a field):
// "s" lets "." match them, so such a value stays one field.
const TAG_LINE = /^([A-Z][A-Z0-9]|PMID) {1,2}-(?: (.*)|)$/s;

const KINDS: Record<string, ReportKind> = {
  JOUR: 'journal_article',
  JFULL: 'journal_article',
  EJOUR: 'journal_article',
  MGZN: 'journal_article',
  ABST: 'conference_abstract',
  CONF: 'conference_abstract',
  CPAPER: 'conference_abstract',
};

function kindOf(type: string): ReportKind {
  const upper = type.trim().toUpperCase();
  if (KINDS[upper]) return KINDS[upper];
  if (/registry|trial/i.test(type)) return 'registry_record';
  return 'other';
}

/** First value of the first tag that has one. */
function first(fields: Map<string, string[]>, ...tags: string[]): string | undefined {
  for (const tag of tags) {
    const value = fields.get(tag)?.find((v) => v.trim().length > 0);
    if (value !== undefined) return value;
  }
  return undefined;
}

function all(fields: Map<string, string[]>, ...tags: string[]): string[] {
  return tags.flatMap((tag) => fields.get(tag) ?? []);
}

function toDraft(type: string, fields: Map<string, string[]>): DraftRecord {
  const urls = all(fields, 'UR', 'L2');
  const database = first(fields, 'DB', 'DP') ?? '';
  const accession = first(fields, 'AN');
  const fromRegistry = /clinicaltrials|trial regist|ictrp|isrctn|anzctr|euctr/i.test(database);
  return {
    kind: fromRegistry ? 'registry_record' : kindOf(type),
    title: first(fields, 'TI', 'T1', 'CT'),
    authors: all(fields, 'AU', 'A1').flatMap((a) => (a.includes(';') ? a.split(';') : [a])),
    year: first(fields, 'PY', 'Y1', 'DA', 'Y2'),
    journal: first(fields, 'JF', 'JO', 'T2', 'JA', 'J2', 'J1', 'BT'),
    volume: first(fields, 'VL'),
    issue: first(fields, 'IS', 'CP'),
    pages: joinPages(first(fields, 'SP'), first(fields, 'EP')),
    doi: first(fields, 'DO') ?? urls.find((u) => /doi\.org\/10\./i.test(u)),
    // AN is the database's accession number; it is a PMID only when the database is PubMed/MEDLINE.
    pmid:
      first(fields, 'PMID') ??
      (accession && /pubmed|medline/i.test(database) && /^\s*\d+\s*$/.test(accession) ? accession : undefined),
    abstract: first(fields, 'AB', 'N2'),
    keywords: all(fields, 'KW'),
    url: urls.find((u) => u.trim().length > 0),
  };
}

interface OpenRecord {
  line: number;
  type: string;
  fields: Map<string, string[]>;
  last: string | null;
}

/**
 * Reads RIS text. Lines outside records (Ovid's numbering, JSTOR and APA header lines, an "NL  -"
 * after ER, comments) are ignored with a note: they are not records, so they refuse nothing. A
 * record cut short (a new TY before its ER, or the end of the file) is read as far as it goes,
 * with a note.
 */
export function parseRis(text: string, onRecord?: (record: ImportedRecord) => void): ParseResult {
  return parseWhole(risParser(onRecord), text);
}

/** parseRis fed in pieces (see LineParser). */
export function risParser(onRecord?: (record: ImportedRecord) => void): LineParser {
  const result = emptyResult(onRecord);
  let open: OpenRecord | null = null;
  /** First and last line of the current run of lines outside any record. */
  let stray: { from: number; to: number } | null = null;

  const flushStray = () => {
    if (!stray) return;
    result.notes.push({
      line: stray.from,
      message:
        stray.from === stray.to
          ? `line ${stray.from} is outside any record (a record starts with "TY  -"); ignored`
          : `lines ${stray.from}–${stray.to} are outside any record (a record starts with "TY  -"); ignored`,
    });
    stray = null;
  };
  const finish = (record: OpenRecord) => collect(result, toDraft(record.type, record.fields), record.line);

  let lineNo = 0;
  const line = (raw: string) => {
    lineNo++;
    const match = TAG_LINE.exec(raw.trimEnd());
    if (match) {
      const tag = match[1]!;
      const value = (match[2] ?? '').trim();
      if (tag === 'TY') {
        flushStray();
        if (open) {
          result.notes.push({
            line: open.line,
            message: `the record starting on line ${open.line} has no ER line before the next TY on line ${lineNo}; read up to there`,
          });
          finish(open);
        }
        open = { line: lineNo, type: value, fields: new Map(), last: null };
        return;
      }
      if (!open) {
        stray = stray ? { from: stray.from, to: lineNo } : { from: lineNo, to: lineNo };
        return;
      }
      if (tag === 'ER') {
        finish(open);
        open = null;
        return;
      }
      const values = open.fields.get(tag);
      if (values) values.push(value);
      else open.fields.set(tag, [value]);
      open.last = tag;
      return;
    }
    if (raw.trim().length === 0) return;
    if (open && open.last) {
      // A continuation line: part of the previous field's value.
      const values = open.fields.get(open.last)!;
      values[values.length - 1] = `${values[values.length - 1]} ${raw.trim()}`;
      return;
    }
    if (open) {
      result.notes.push({ line: lineNo, message: 'a line that is not a tag ("XX  - value") right after TY; ignored' });
      return;
    }
    stray = stray ? { from: stray.from, to: lineNo } : { from: lineNo, to: lineNo };
  };

  const feed = (text: string, last = false) => eachLine(text, last, line);

  const end = (): ParseResult => {
    flushStray();
    if (open) {
      result.notes.push({
        line: open.line,
        message: `the record starting on line ${open.line} ends without an ER line; read to the end of the file`,
      });
      finish(open);
      open = null;
    }
    return { records: result.records, errors: result.errors, notes: result.notes };
  };

  return { feed, end };
}
