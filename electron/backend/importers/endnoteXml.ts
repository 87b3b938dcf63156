// EndNote XML (File > Export > XML in EndNote; also written by Zotero and JabRef):
// <xml><records><record>… with fields such as <titles><title>, <contributors><authors><author>,
// <dates><year>, each value possibly split into <style> runs. Parsed with fast-xml-parser (MIT),
// which also checks the file is well-formed and tells us where it is not.
// Layer: electron/backend (importers).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ReportKind } from '../../../shared/model/types';
import { lineLocator } from './decode';
import { collect, type DraftRecord } from './record';
import type { ParseResult } from './types';

/** fast-xml-parser's ordered output: one key (the element name) plus ':@' for attributes. */
type XmlNode = Record<string, unknown>;

function nameOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@');
}

function childrenOf(node: XmlNode): XmlNode[] {
  const name = nameOf(node);
  const value = name ? node[name] : undefined;
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

/** Child elements named `name` of the given nodes. */
function pick(nodes: XmlNode[], name: string): XmlNode[] {
  const found: XmlNode[] = [];
  for (const node of nodes) for (const child of childrenOf(node)) if (nameOf(child) === name) found.push(child);
  return found;
}

/** Descends a path of element names: path(record, 'titles', 'title'). */
function path(nodes: XmlNode[], ...names: string[]): XmlNode[] {
  return names.reduce((current, name) => pick(current, name), nodes);
}

function textOf(node: XmlNode): string {
  const name = nameOf(node);
  if (name === '#text') return String(node['#text'] ?? '');
  return childrenOf(node).map(textOf).join('');
}

function firstText(nodes: XmlNode[]): string | undefined {
  for (const node of nodes) {
    const text = textOf(node).trim();
    if (text) return text;
  }
  return undefined;
}

function kindOf(record: XmlNode[]): ReportKind {
  const refType = pick(record, 'ref-type')[0];
  const name = String((refType?.[':@'] as Record<string, unknown> | undefined)?.['@_name'] ?? '');
  if (/journal|magazine/i.test(name)) return 'journal_article';
  if (/conference/i.test(name)) return 'conference_abstract';
  if (/dataset|registry/i.test(name)) return 'registry_record';
  return name ? 'other' : 'journal_article';
}

function toDraft(record: XmlNode): DraftRecord {
  const r = [record];
  const database = firstText(path(r, 'remote-database-name')) ?? firstText(path(r, 'remote-database-provider')) ?? '';
  const accession = firstText(path(r, 'accession-num'));
  const resource = firstText(path(r, 'electronic-resource-num'));
  const urls = [...path(r, 'urls', 'related-urls', 'url'), ...path(r, 'urls', 'web-urls', 'url')]
    .map((u) => textOf(u).trim())
    .filter(Boolean);
  return {
    kind: kindOf(r),
    title: firstText(path(r, 'titles', 'title')),
    authors: path(r, 'contributors', 'authors', 'author').map(textOf),
    year: firstText(path(r, 'dates', 'year')),
    journal:
      firstText(path(r, 'periodical', 'full-title')) ??
      firstText(path(r, 'titles', 'secondary-title')) ??
      firstText(path(r, 'alt-periodical', 'full-title')) ??
      firstText(path(r, 'periodical', 'abbr-1')),
    volume: firstText(path(r, 'volume')),
    issue: firstText(path(r, 'number')),
    pages: firstText(path(r, 'pages')),
    // EndNote's "electronic resource number" is usually, but not always, a DOI.
    doi: resource && /(^|doi\.org\/|doi:\s*)10\.\d{3,9}\//i.test(resource) ? resource : undefined,
    pmid: accession && /pubmed|medline|nlm/i.test(database) && /^\d+$/.test(accession) ? accession : undefined,
    abstract: firstText(path(r, 'abstract')),
    keywords: path(r, 'keywords', 'keyword').map(textOf),
    url: urls[0],
  };
}

export function parseEndnoteXml(text: string): ParseResult {
  const result: ParseResult = { records: [], errors: [], notes: [] };
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    result.errors.push({ line: valid.err.line, message: `the file is not well-formed XML: ${valid.err.msg}` });
    return result;
  }
  let tree: XmlNode[];
  try {
    tree = new XMLParser({
      preserveOrder: true,
      ignoreAttributes: false,
      trimValues: false,
      processEntities: true,
      htmlEntities: true,
    }).parse(text) as XmlNode[];
  } catch (error) {
    result.errors.push({ line: 1, message: `the file could not be read as XML: ${(error as Error).message}` });
    return result;
  }
  const records = path(
    tree.filter((n) => nameOf(n) === 'xml'),
    'records',
    'record',
  );
  if (records.length === 0) {
    result.errors.push({ line: 1, message: 'no <record> elements inside <xml><records> (not an EndNote XML export?)' });
    return result;
  }
  // The parser does not keep positions; records appear in document order, so the n-th "<record"
  // start tag in the text is the n-th record.
  const lineAt = lineLocator(text);
  const starts: number[] = [];
  for (const match of text.matchAll(/<record[\s>]/g)) starts.push(match.index);
  records.forEach((record, i) => collect(result, toDraft(record), lineAt(starts[i] ?? 0)));
  return result;
}
