// BibTeX and BibLaTeX (.bib): @article{key, title = {…}, author = "A and B", year = 2018, …}, with
// @string macros, # concatenation, @comment and @preamble. LaTeX in values goes through latexToText.
//
// Written by hand. Maintained parsers were weighed again: @retorquere/bibtex-parser (ISC, the most
// thorough) still depends on an English NLP model (wink-nlp) and a LaTeX grammar, far more than this
// need; biblatex-csl-converter is LGPL-3.0; bibtex-parse (MIT, no dependencies) gives no line numbers
// and stops at the first broken entry. Caliper needs the line of every refused entry and the
// leniency of real exports, so it keeps its own scanner:
// - an @string macro that is not defined (it lives in another file) is kept as its name, with a note;
// - @comment is a line comment (or a braced block), @preamble is skipped whatever it holds;
// - entry types such as Mendeley's @book_section and @web_page, entries without a citation key,
//   field names with spaces (Scopus's "funding_text 1") are read;
// - lines starting with "%" outside an entry, and between fields, are comments;
// - text between entries is ignored (BibTeX does the same).
// Every value is bounded by the next line that opens an entry, so an unclosed brace or quote costs
// one scan up to there (linear in the file, whatever is broken). Layer: electron/backend (importers).
import type { ReportKind } from '../../../shared/model/types';
import { lineLocator } from './decode';
import { latexToText } from './latex';
import { collect, emptyResult, type DraftRecord } from './record';
import type { ParseResult } from './types';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Why an entry was refused and where. Not an Error: thrown for every broken entry, it needs no stack. */
class BibError {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

function kindOf(type: string): ReportKind {
  if (type === 'article') return 'journal_article';
  if (type === 'inproceedings' || type === 'conference' || type === 'proceedings') return 'conference_abstract';
  return 'other';
}

const AND = /\s+and\s+/iy;

/** Splits "A and {B and C} and D" at top-level " and ". Linear in the field's length. */
export function splitAuthors(raw: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (depth === 0 && (c === ' ' || c === '\t' || c === '\n')) {
      AND.lastIndex = i;
      const m = AND.exec(raw);
      if (m) {
        names.push(raw.slice(start, i));
        i += m[0].length - 1;
        start = i + 1;
      }
    }
  }
  names.push(raw.slice(start));
  return names.map(latexToText).filter((n) => n.length > 0 && n.toLowerCase() !== 'others');
}

const ENTRY_START = /^[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*[{(]/;
const TYPE = /[A-Za-z][\w-]*/y;
const FIELD_NAME = /[^\s"#%'(),={}]+(?:[ \t\u00a0]+[^\s"#%'(),={}]+)*/y;
const KEY = /[^\s,{}()"=#%]*/y;
const NUMBER = /[0-9]+/y;

/** Offsets where a line opens an entry ("@article{" at the start of a line), in order. */
function entryLineStarts(text: string): number[] {
  const starts: number[] = [];
  let from = 0;
  while (from <= text.length) {
    const end = text.indexOf('\n', from);
    const lineEnd = end === -1 ? text.length : end;
    // Only the first 200 characters of a line can open an entry.
    if (ENTRY_START.test(text.slice(from, Math.min(lineEnd, from + 200)))) starts.push(text.indexOf('@', from));
    if (end === -1) break;
    from = end + 1;
  }
  return starts;
}

class Scanner {
  pos = 0;
  /** Values and fields of the current entry stop here: where the next entry's line begins. */
  limit = 0;
  readonly undefinedMacros: { name: string; offset: number }[] = [];

  constructor(
    readonly text: string,
    readonly macros: Map<string, string>,
  ) {}

  skipSpace(): void {
    const { text } = this;
    while (this.pos < this.limit) {
      const c = text.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0) this.pos++;
      else break;
    }
  }

  /** Space and whole "%" comment lines (between fields). */
  skipSpaceAndComments(): void {
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '%' || this.pos >= this.limit) return;
      const end = this.text.indexOf('\n', this.pos);
      this.pos = end === -1 || end > this.limit ? this.limit : end + 1;
    }
  }

  peek(): string | undefined {
    return this.pos < this.limit ? this.text[this.pos] : undefined;
  }

  sticky(pattern: RegExp): string | null {
    pattern.lastIndex = this.pos;
    const match = pattern.exec(this.text);
    if (!match || match.index + match[0].length > this.limit) return null;
    this.pos += match[0].length;
    return match[0];
  }

  expect(char: string, what: string): void {
    this.skipSpace();
    if (this.peek() !== char) {
      const found = this.peek() !== undefined ? `"${this.peek()}"` : 'the end of the entry';
      throw new BibError(this.pos, `expected ${what} but found ${found}`);
    }
    this.pos++;
  }

  /** Text between balanced braces; pos is just after the opening brace. */
  braced(open: number): string {
    let depth = 1;
    const start = this.pos;
    const { text } = this;
    while (this.pos < this.limit) {
      const c = text[this.pos++];
      if (c === '\\') this.pos++;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return text.slice(start, this.pos - 1);
    }
    throw new BibError(open, 'a "{" that is never closed');
  }

  quoted(open: number): string {
    let depth = 0;
    const start = this.pos;
    const { text } = this;
    while (this.pos < this.limit) {
      const c = text[this.pos++];
      if (c === '\\') this.pos++;
      else if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '"' && depth === 0) return text.slice(start, this.pos - 1);
    }
    throw new BibError(open, "a '\"' that is never closed");
  }

  /** A field value: parts joined by #. */
  value(): string {
    const parts: string[] = [];
    for (;;) {
      this.skipSpace();
      const c = this.peek();
      const at = this.pos;
      if (c === '{') {
        this.pos++;
        parts.push(this.braced(at));
      } else if (c === '"') {
        this.pos++;
        parts.push(this.quoted(at));
      } else if (c !== undefined && c >= '0' && c <= '9') {
        parts.push(this.sticky(NUMBER)!);
      } else if (c !== undefined && /[^\s"#%'(),={}]/.test(c)) {
        const name = this.sticky(/[^\s"#%'(),={}]+/y)!;
        const macro = this.macros.get(name.toLowerCase());
        if (macro === undefined) {
          // Defined in another file: the name is the best text there is.
          this.undefinedMacros.push({ name, offset: at });
          parts.push(name);
        } else parts.push(macro);
      } else {
        throw new BibError(at, c === undefined ? 'the entry ends inside a field' : `expected a value but found "${c}"`);
      }
      this.skipSpace();
      if (this.peek() !== '#') return parts.join('');
      this.pos++;
    }
  }

  /** name = value pairs up to the closing character; returns them in order. */
  fields(close: string): Map<string, string> {
    const fields = new Map<string, string>();
    for (;;) {
      this.skipSpaceAndComments();
      while (this.peek() === ',') {
        this.pos++;
        this.skipSpaceAndComments();
      }
      if (this.peek() === close) {
        this.pos++;
        return fields;
      }
      if (this.peek() === undefined) throw new BibError(this.pos, `the entry is not closed with "${close}"`);
      const raw = this.sticky(FIELD_NAME);
      if (raw === null) throw new BibError(this.pos, `expected a field name but found "${this.peek()}"`);
      const name = raw.replace(/[ \t\u00a0]+/g, ' ').toLowerCase();
      this.expect('=', `"=" after the field name "${name}"`);
      const value = this.value();
      if (!fields.has(name)) fields.set(name, value);
      this.skipSpaceAndComments();
      const next = this.peek();
      if (next !== ',' && next !== close) {
        throw new BibError(
          this.pos,
          next === undefined
            ? `the entry is not closed with "${close}"`
            : `expected "," or "${close}" after the field "${name}"`,
        );
      }
    }
  }
}

function toDraft(type: string, fields: Map<string, string>): DraftRecord {
  const get = (...names: string[]) => {
    for (const name of names) {
      const value = fields.get(name);
      if (value !== undefined && value.trim()) return latexToText(value);
    }
    return undefined;
  };
  const keywords = fields.get('keywords') ?? fields.get('keyword');
  const eprintType = fields.get('eprinttype')?.toLowerCase();
  const author = fields.get('author');
  return {
    kind: kindOf(type),
    title: get('title'),
    authors: author !== undefined ? splitAuthors(author) : [],
    year: get('year', 'date'),
    journal: get('journal', 'journaltitle', 'booktitle'),
    volume: get('volume'),
    issue: get('number', 'issue'),
    pages: get('pages')?.replace(/\s*[–—]\s*/g, '-'),
    doi: fields.get('doi')?.replace(/[{}]/g, '').replace(/\\_/g, '_'),
    pmid: get('pmid') ?? (eprintType === 'pubmed' ? get('eprint') : undefined),
    abstract: get('abstract'),
    keywords: keywords ? latexToText(keywords).split(/[;,]/) : [],
    url: fields.get('url')?.replace(/[{}]/g, '').trim(),
  };
}

export function parseBibtex(text: string): ParseResult {
  const result = emptyResult();
  const lineAt = lineLocator(text);
  const macros = new Map<string, string>(MONTHS.map((m, i) => [m, String(i + 1)]));
  const scanner = new Scanner(text, macros);
  const starts = entryLineStarts(text);
  let nextStart = 0;
  /** The first line-opening entry after `offset` (or the end of the text). */
  const limitAfter = (offset: number) => {
    while (nextStart < starts.length && starts[nextStart]! <= offset) nextStart++;
    return nextStart < starts.length ? starts[nextStart]! : text.length;
  };
  const entries: Entry[] = [];
  const byKey = new Map<string, Entry>();
  let pos = 0;
  let strayAt: number | null = null;
  const noteStray = () => {
    if (strayAt === null) return;
    result.notes.push({ line: lineAt(strayAt), message: 'an "@" that does not open an entry; ignored' });
    strayAt = null;
  };
  while (pos < text.length) {
    // Outside entries: skip to the next "@", passing over "%" comment lines.
    const at = text.indexOf('@', pos);
    if (at === -1) break;
    // Is the "@" on a line commented out with "%"? Look back only over text not yet read.
    let k = at - 1;
    while (k >= pos && text[k] !== '\n') k--;
    const wholeLine = k >= pos || pos === 0 || text[pos - 1] === '\n';
    if (wholeLine && /^[ \t]*%/.test(text.slice(k + 1, at))) {
      const end = text.indexOf('\n', at);
      pos = end === -1 ? text.length : end + 1;
      continue;
    }
    scanner.pos = at + 1;
    scanner.limit = limitAfter(at);
    const startLine = lineAt(at);
    try {
      scanner.skipSpace();
      const type = scanner.sticky(TYPE)?.toLowerCase();
      if (!type) {
        strayAt ??= at;
        noteStray();
        pos = at + 1;
        continue;
      }
      if (type === 'comment') {
        // "@comment{…}" is a block; "@comment text" comments out the rest of its line.
        scanner.skipSpace();
        if (scanner.peek() === '{') {
          scanner.pos++;
          scanner.braced(scanner.pos - 1);
          pos = scanner.pos;
        } else {
          const end = text.indexOf('\n', at);
          pos = end === -1 ? text.length : end + 1;
        }
        continue;
      }
      scanner.skipSpaceAndComments();
      const open = scanner.peek();
      if (open !== '{' && open !== '(') {
        // Not an entry ("@" in free text between entries): BibTeX ignores it too.
        result.notes.push({ line: startLine, message: `"@${type}" is not followed by "{"; ignored` });
        pos = scanner.pos;
        continue;
      }
      const close = open === '{' ? '}' : ')';
      scanner.pos++;
      if (type === 'preamble') {
        // Whatever it holds (TeX definitions, raw text), it is not a record.
        if (open === '{') scanner.braced(scanner.pos - 1);
        else {
          const end = text.indexOf(')', scanner.pos);
          scanner.pos = end === -1 || end >= scanner.limit ? scanner.limit : end + 1;
        }
        pos = scanner.pos;
        continue;
      }
      if (type === 'string') {
        for (const [name, value] of scanner.fields(close)) macros.set(name, value);
        pos = scanner.pos;
        continue;
      }
      scanner.skipSpace();
      const keyStart = scanner.pos;
      let key = scanner.sticky(KEY) ?? '';
      scanner.skipSpace();
      if (scanner.peek() === '=') {
        // No citation key: what looked like one is the first field's name.
        scanner.pos = keyStart;
        key = '';
      } else if (scanner.peek() !== ',' && scanner.peek() !== close) {
        // A key with spaces ("Conference paper2022775," from Scopus): up to the comma on its line.
        const rest = scanner.sticky(/[^\n,={}"]*,/y);
        if (rest !== null) key = `${key}${rest.slice(0, -1)}`.trim();
        else throw new BibError(scanner.pos, `expected "," after the citation key of @${type}`);
      } else if (scanner.peek() === ',') scanner.pos++;
      else if (scanner.peek() !== close)
        throw new BibError(scanner.pos, `expected "," after the citation key of @${type}`);
      const macrosBefore = scanner.undefinedMacros.length;
      const fields = scanner.fields(close);
      pos = scanner.pos;
      const entry = { type, fields, line: startLine, macros: scanner.undefinedMacros.slice(macrosBefore) };
      entries.push(entry);
      if (key && !byKey.has(key.toLowerCase())) byKey.set(key.toLowerCase(), entry);
    } catch (error) {
      if (!(error instanceof BibError)) throw error;
      result.errors.push({
        line: lineAt(error.offset),
        message: `@entry starting on line ${startLine}: ${error.message}`,
      });
      // Resume at the next line that opens an entry.
      pos = Math.max(scanner.limit, at + 1);
    }
  }
  for (const entry of entries) {
    // crossref: fields the entry leaves out come from the entry it names (one level, as BibTeX). A
    // biblatex @set names its first member with crossref: that is not inheritance.
    const parentKey = entry.fields.get('crossref')?.trim().toLowerCase();
    const parent = parentKey && entry.type !== 'set' ? byKey.get(parentKey) : undefined;
    if (parent && parent !== entry) {
      for (const [name, value] of parent.fields) if (!entry.fields.has(name)) entry.fields.set(name, value);
    }
    const recordsBefore = result.records.length;
    collect(result, toDraft(entry.type, entry.fields), entry.line);
    if (result.records.length > recordsBefore) {
      for (const macro of entry.macros) {
        result.notes.push({
          line: lineAt(macro.offset),
          message: `the @string macro "${macro.name}" is not defined in this file; its name is kept as the text`,
        });
      }
    }
  }
  return result;
}

interface Entry {
  type: string;
  fields: Map<string, string>;
  line: number;
  macros: { name: string; offset: number }[];
}
