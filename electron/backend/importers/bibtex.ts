// BibTeX and BibLaTeX (.bib): @article{key, title = {…}, author = "A and B", year = 2018, …}, with
// @string macros, # concatenation, @comment and @preamble. Written by hand rather than with
// @retorquere/bibtex-parser, whose dependency tree (an NLP model among it) is far larger than this
// need, and because we want the line of every bad entry. LaTeX in values goes through latexToText.
// Layer: electron/backend (importers).
import type { ReportKind } from '../../../shared/model/types';
import { lineLocator } from './decode';
import { latexToText } from './latex';
import { collect, type DraftRecord } from './record';
import type { ParseResult } from './types';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

class BibError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

function kindOf(type: string): ReportKind {
  if (type === 'article') return 'journal_article';
  if (type === 'inproceedings' || type === 'conference' || type === 'proceedings') return 'conference_abstract';
  return 'other';
}

/** Splits "A and {B and C} and D" at top-level " and ". */
function splitAuthors(raw: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (depth === 0 && /\s/.test(c!) && /^\s+and\s/i.test(raw.slice(i, i + 6))) {
      names.push(raw.slice(start, i));
      const m = /^\s+and\s+/i.exec(raw.slice(i))!;
      i += m[0].length - 1;
      start = i + 1;
    }
  }
  names.push(raw.slice(start));
  return names.map(latexToText).filter((n) => n.length > 0 && n.toLowerCase() !== 'others');
}

class Scanner {
  pos = 0;
  constructor(
    readonly text: string,
    readonly macros: Map<string, string>,
  ) {}

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  peek(): string | undefined {
    return this.text[this.pos];
  }

  expect(char: string, what: string): void {
    this.skipSpace();
    if (this.text[this.pos] !== char) {
      const found = this.pos < this.text.length ? `"${this.text[this.pos]}"` : 'the end of the file';
      throw new BibError(this.pos, `expected ${what} but found ${found}`);
    }
    this.pos++;
  }

  identifier(what: string): string {
    this.skipSpace();
    const match = /^[^\s"#%'(),={}]+/.exec(this.text.slice(this.pos, this.pos + 200));
    if (!match) throw new BibError(this.pos, `expected ${what}`);
    this.pos += match[0].length;
    return match[0];
  }

  /** Text between balanced braces; pos is just after the opening brace. */
  braced(open: number): string {
    let depth = 1;
    const start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos++];
      if (c === '\\') this.pos++;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return this.text.slice(start, this.pos - 1);
    }
    throw new BibError(open, 'a "{" that is never closed');
  }

  quoted(open: number): string {
    let depth = 0;
    const start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos++];
      if (c === '\\') this.pos++;
      else if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '"' && depth === 0) return this.text.slice(start, this.pos - 1);
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
      } else if (c !== undefined && /[0-9]/.test(c)) {
        parts.push(/^[0-9]+/.exec(this.text.slice(this.pos, this.pos + 20))![0]);
        this.pos += parts[parts.length - 1]!.length;
      } else if (c !== undefined && /[A-Za-z]/.test(c)) {
        const name = this.identifier('a value').toLowerCase();
        const macro = this.macros.get(name);
        if (macro === undefined) throw new BibError(at, `the macro "${name}" is not defined by an @string`);
        parts.push(macro);
      } else {
        throw new BibError(at, c === undefined ? 'the file ends inside a field' : `expected a value but found "${c}"`);
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
      this.skipSpace();
      while (this.peek() === ',') {
        this.pos++;
        this.skipSpace();
      }
      if (this.peek() === close) {
        this.pos++;
        return fields;
      }
      if (this.peek() === undefined) throw new BibError(this.pos, `the entry is not closed with "${close}"`);
      const name = this.identifier('a field name').toLowerCase();
      this.expect('=', `"=" after the field name "${name}"`);
      const value = this.value();
      if (!fields.has(name)) fields.set(name, value);
      this.skipSpace();
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
  return {
    kind: kindOf(type),
    title: get('title'),
    authors: fields.has('author') ? splitAuthors(fields.get('author')!) : [],
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
  const result: ParseResult = { records: [], errors: [] };
  const lineAt = lineLocator(text);
  const macros = new Map<string, string>(MONTHS.map((m, i) => [m, String(i + 1)]));
  const scanner = new Scanner(text, macros);
  for (;;) {
    const at = text.indexOf('@', scanner.pos);
    if (at === -1) break;
    scanner.pos = at + 1;
    const startLine = lineAt(at);
    try {
      const type = /^[A-Za-z]+/.exec(text.slice(scanner.pos, scanner.pos + 40))?.[0]?.toLowerCase();
      if (!type) throw new BibError(at, 'an "@" not followed by an entry type');
      scanner.pos += type.length;
      scanner.skipSpace();
      const open = scanner.peek();
      if (open !== '{' && open !== '(') throw new BibError(scanner.pos, `expected "{" or "(" after @${type}`);
      const close = open === '{' ? '}' : ')';
      scanner.pos++;
      if (type === 'comment') {
        if (open === '{') scanner.braced(scanner.pos - 1);
        continue;
      }
      if (type === 'preamble') {
        scanner.value();
        scanner.expect(close, `"${close}" closing @preamble`);
        continue;
      }
      if (type === 'string') {
        for (const [name, value] of scanner.fields(close)) macros.set(name, value);
        continue;
      }
      scanner.skipSpace();
      const keyMatch = /^[^\s,{}()"=#%]*/.exec(text.slice(scanner.pos, scanner.pos + 500))![0];
      scanner.pos += keyMatch.length;
      scanner.skipSpace();
      if (scanner.peek() === ',') scanner.pos++;
      else if (scanner.peek() !== close)
        throw new BibError(scanner.pos, `expected "," after the citation key of @${type}`);
      const fields = scanner.fields(close);
      collect(result, toDraft(type, fields), startLine);
    } catch (error) {
      if (!(error instanceof BibError)) throw error;
      result.errors.push({
        line: lineAt(error.offset),
        message: `@entry starting on line ${startLine}: ${error.message}`,
      });
      // Resume at the next entry that starts a line.
      const resume = text.indexOf('\n@', at + 1);
      if (resume === -1) break;
      scanner.pos = resume + 1;
    }
  }
  return result;
}
