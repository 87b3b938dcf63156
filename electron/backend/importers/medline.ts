// PubMed's MEDLINE display format (.nbib, .txt from "Send to > Citation manager"): a 4-character
// tag padded with spaces, "- ", the value; continuation lines are indented; records are separated
// by blank lines and usually open with PMID. FAU/AU, OT, PT, AID repeat. Parsed by hand: it is a
// line format and we want exact line numbers. Layer: electron/backend (importers).
import type { ReportKind } from '../../../shared/model/types';
import { collect, type DraftRecord } from './record';
import type { ParseError, ParseResult } from './types';

/** "PMID- 1", "TI  - x", "AU  - x"; returns [tag, value] or null. */
function tagOf(line: string): [string, string] | null {
  if (line.length < 5 || line.charCodeAt(4) !== 45 /* - */) return null;
  const head = line.slice(0, 4);
  if (!/^[A-Z][A-Z0-9]{1,3} *$/.test(head)) return null;
  return [head.trimEnd(), line.slice(line.charCodeAt(5) === 32 ? 6 : 5).trim()];
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
  const doi = ids.find((v) => /\[doi\]\s*$/i.test(v));
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

interface OpenRecord {
  line: number;
  fields: Map<string, string[]>;
  last: string | null;
  bad: ParseError | null;
}

export function parseMedline(text: string): ParseResult {
  const result: ParseResult = { records: [], errors: [] };
  const lines = text.split('\n');
  const finish = (record: OpenRecord) => {
    if (record.bad) result.errors.push(record.bad);
    else collect(result, toDraft(record.fields), record.line);
  };
  let open: OpenRecord | null = null;

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!;
    if (raw.trim().length === 0) {
      if (open) finish(open);
      open = null;
      continue;
    }
    const tagged = tagOf(raw);
    if (tagged) {
      const [tag, value] = tagged;
      // PMID always opens a record, even when an exporter left out the blank line before it.
      if (tag === 'PMID' && open && open.fields.size > 0) {
        finish(open);
        open = null;
      }
      open ??= { line: lineNo, fields: new Map(), last: null, bad: null };
      const values = open.fields.get(tag);
      if (values) values.push(value);
      else open.fields.set(tag, [value]);
      open.last = tag;
      continue;
    }
    open ??= { line: lineNo, fields: new Map(), last: null, bad: null };
    if (/^\s/.test(raw) && open.last) {
      // A continuation line: part of the previous field's value.
      const values = open.fields.get(open.last)!;
      values[values.length - 1] = `${values[values.length - 1]} ${raw.trim()}`;
      continue;
    }
    open.bad ??= {
      line: lineNo,
      message: /^\s/.test(raw)
        ? 'an indented line before any tag'
        : `"${raw.trim().slice(0, 40)}" is neither a tag line ("TAG - value") nor an indented continuation`,
    };
  }
  if (open) finish(open);
  return result;
}
