// RIS (Research Information Systems) tagged format, as EndNote, Zotero, Mendeley, Ovid, Scopus and
// Web of Science export it: "TY  - JOUR" opens a record, "ER  - " closes it; a line without a tag
// continues the previous field; tags such as AU and KW repeat. Parsed by hand: it is a line format
// and we want exact line numbers. Layer: electron/backend (importers).
import type { ReportKind } from '../../../shared/model/types';
import { collect, joinPages, type DraftRecord } from './record';
import type { ParseError, ParseResult } from './types';

// "TY  - JOUR"; some exporters write one space before the dash or none after it.
const TAG_LINE = /^([A-Z][A-Z0-9]) {1,2}-(?: (.*)|)$/;

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
    pmid: accession && /pubmed|medline/i.test(database) && /^\s*\d+\s*$/.test(accession) ? accession : undefined,
    abstract: first(fields, 'AB', 'N2'),
    keywords: all(fields, 'KW'),
    url: urls.find((u) => u.trim().length > 0),
  };
}

export function parseRis(text: string): ParseResult {
  const result: ParseResult = { records: [], errors: [] };
  const lines = text.split('\n');
  let open: {
    line: number;
    type: string;
    fields: Map<string, string[]>;
    last: string | null;
    bad: ParseError | null;
  } | null = null;
  let strayReported = false;

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!;
    const match = TAG_LINE.exec(raw.trimEnd());
    if (match) {
      const tag = match[1]!;
      const value = (match[2] ?? '').trim();
      if (tag === 'TY') {
        if (open) {
          result.errors.push({
            line: open.line,
            message: `the record starting on line ${open.line} has no ER line before the next TY on line ${lineNo}`,
          });
        }
        open = { line: lineNo, type: value, fields: new Map(), last: null, bad: null };
        strayReported = false;
        continue;
      }
      if (!open) {
        if (!strayReported)
          result.errors.push({ line: lineNo, message: `"${tag}  -" outside a record (a record starts with "TY  -")` });
        strayReported = true;
        continue;
      }
      if (tag === 'ER') {
        if (open.bad) result.errors.push(open.bad);
        else collect(result, toDraft(open.type, open.fields), open.line);
        open = null;
        continue;
      }
      const values = open.fields.get(tag);
      if (values) values.push(value);
      else open.fields.set(tag, [value]);
      open.last = tag;
      continue;
    }
    if (raw.trim().length === 0) continue;
    if (open && open.last) {
      // A continuation line: part of the previous field's value.
      const values = open.fields.get(open.last)!;
      values[values.length - 1] = `${values[values.length - 1]} ${raw.trim()}`;
      continue;
    }
    if (open) {
      open.bad ??= { line: lineNo, message: 'a line that is not a tag ("XX  - value") right after TY' };
      continue;
    }
    if (!strayReported)
      result.errors.push({ line: lineNo, message: 'text outside a record (a record starts with "TY  -")' });
    strayReported = true;
  }
  if (open) {
    result.errors.push({
      line: open.line,
      message: `the record starting on line ${open.line} ends without an ER line`,
    });
  }
  return result;
}
