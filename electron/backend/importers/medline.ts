// PubMed's MEDLINE display format (.nbib, .txt from "Send to > Citation manager"): a 4-character
// tag padded with spaces, "- ", the value; continuation lines are indented; records are separated
// by blank lines and usually open with PMID. FAU/AU, OT, PT, AID repeat. Parsed by hand: it is a
// line format and we want exact line numbers. Layer: electron/backend (importers).
import type { ReportKind } from '../../../shared/model/types';
import { collect, eachLine, emptyResult, parseWhole, type DraftRecord, type LineParser } from './record';
import type { ImportedRecord, ParseResult } from './types';

// "PMID- 1", "TI  - x": a tag padded to 4 characters, "-", a space. ERIC's .nbib writes
// "ISSN - x" (one more space); some exporters drop the space after the dash.
const TAG = /^([A-Z][A-Z0-9]{1,3}) {0,3}- ?(.*)$/s;

/** "PMID- 1", "TI  - x", "AU  - x"; returns [tag, value] or null. */
function tagOf(line: string): [string, string] | null {
  const first = line.charCodeAt(0);
  if (first < 65 || first > 90) return null;
  const match = TAG.exec(line);
  return match ? [match[1]!, (match[2] ?? '').trim()] : null;
}

function kindOf(types: string[]): ReportKind {
  if (types.some((t) => /congress|meeting abstract/i.test(t))) return 'conference_abstract';
  if (types.some((t) => /^journal article$/i.test(t))) return 'journal_article';
  if (types.some((t) => /trial registry|clinical trial protocol/i.test(t))) return 'registry_record';
  return types.length === 0 ? 'journal_article' : 'other';
}

function toDraft(fields: Map<string, string[]>): DraftRecord {
  const get = (tag: string) => fields.get(tag)?.find((v) => v.length > 0);
  const ids = [...(fields.get('AID') ?? []), ...(fields.get('LID') ?? [])];
  // PubMed marks DOIs "[doi]"; ERIC gives a doi.org link.
  const doi = ids.find((v) => /\[doi\]\s*$/i.test(v)) ?? ids.find((v) => /doi\.org\/10\./i.test(v));
  const fullNames = fields.get('FAU') ?? [];
  return {
    kind: kindOf(fields.get('PT') ?? []),
    title: get('TI') ?? get('BTI'),
    authors: fullNames.length > 0 ? fullNames : [...(fields.get('AU') ?? []), ...(fields.get('CN') ?? [])],
    year: get('DP') ?? get('DEP') ?? get('EDAT'),
    journal: get('JT') ?? get('TA'),
    volume: get('VI'),
    issue: get('IP'),
    pages: get('PG'),
    doi: doi?.replace(/\s*\[doi\]\s*$/i, ''),
    pmid: get('PMID'),
    abstract: get('AB'),
    keywords: [...(fields.get('OT') ?? []), ...(fields.get('KW') ?? [])],
    url: undefined,
  };
}

/** Tags whose values are prose: an unindented line after one is still part of it. */
const TEXT_TAGS = new Set(['TI', 'AB', 'OAB', 'BTI', 'TT', 'AD', 'CTI']);

interface OpenRecord {
  line: number;
  fields: Map<string, string[]>;
  last: string | null;
}

/**
 * Reads MEDLINE text. A line that is neither a tag nor an indented continuation (a junk line, a
 * tag without its dash) is ignored with a note; it refuses nothing.
 */
export function parseMedline(text: string, onRecord?: (record: ImportedRecord) => void): ParseResult {
  return parseWhole(medlineParser(onRecord), text);
}

/** parseMedline fed in pieces (see LineParser). */
export function medlineParser(onRecord?: (record: ImportedRecord) => void): LineParser {
  const result = emptyResult(onRecord);
  const finish = (record: OpenRecord) => collect(result, toDraft(record.fields), record.line);
  let open: OpenRecord | null = null;
  let lineNo = 0;

  const line = (raw: string) => {
    lineNo++;
    if (raw.trim().length === 0) {
      if (open && open.fields.size > 0) finish(open);
      open = null;
      return;
    }
    const indented = raw.charCodeAt(0) === 32 || raw.charCodeAt(0) === 9;
    // " PMID- 1": a record opening with a stray space is still a tag line.
    const tagged = tagOf(raw) ?? (indented && !open?.last ? tagOf(raw.trimStart()) : null);
    if (tagged) {
      const [tag, value] = tagged;
      // PMID always opens a record, even when an exporter left out the blank line before it.
      if (tag === 'PMID' && open && open.fields.size > 0) {
        finish(open);
        open = null;
      }
      open ??= { line: lineNo, fields: new Map(), last: null };
      const values = open.fields.get(tag);
      if (values) values.push(value);
      else open.fields.set(tag, [value]);
      open.last = tag;
      return;
    }
    if (open?.last && (indented || TEXT_TAGS.has(open.last))) {
      // A continuation line: part of the previous field's value. One that lost its indentation
      // after a title or abstract is kept there too (with a note) rather than dropped.
      if (!indented) {
        result.notes.push({
          line: lineNo,
          message: `a line that is not indented after ${open.last}; read as part of ${open.last}`,
        });
      }
      const values = open.fields.get(open.last)!;
      values[values.length - 1] = `${values[values.length - 1]} ${raw.trim()}`;
      return;
    }
    result.notes.push({
      line: lineNo,
      message: indented
        ? 'an indented line before any tag; ignored'
        : `"${raw.trim().slice(0, 40)}" is neither a tag line ("TAG - value") nor an indented continuation; ignored`,
    });
  };

  const feed = (text: string, last = false) => eachLine(text, last, line);

  const end = (): ParseResult => {
    if (open && open.fields.size > 0) finish(open);
    open = null;
    return { records: result.records, errors: result.errors, notes: result.notes };
  };

  return { feed, end };
}
