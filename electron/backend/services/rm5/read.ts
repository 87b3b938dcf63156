// Reads a RevMan 5 review file (.rm5, the COCHRANE_REVIEW XML RevMan 5 writes): the included studies,
// and the comparisons with their dichotomous, continuous and generic inverse-variance outcomes, their
// subgroups and study rows, every attribute as RevMan wrote it (its computed results too). A file that
// is not a RevMan 5 review, or whose analyses' data cannot be read, is refused with a CaliperError
// naming the file, the line and the element. Files over RM5_MAX_BYTES are refused, and so is any
// document type declaration (a RevMan file has none), so entity expansion cannot blow up.
// Layer: electron/backend.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CaliperError } from '../../../../shared/contract/result';
import { MAX_RM5_BYTES } from '../../../../shared/contract/revman';

/** The largest .rm5 file read (the contract's limit for uploads too). */
export const RM5_MAX_BYTES = MAX_RM5_BYTES;

export type Attributes = Record<string, string>;
export type Rm5Kind = 'DICH' | 'CONT' | 'IV';

export interface Rm5Study {
  id: string;
  name: string;
  year: number | null;
  line: number;
}

export interface Rm5Row {
  attrs: Attributes;
  studyId: string;
  line: number;
}

export interface Rm5Subgroup {
  attrs: Attributes;
  name: string;
  rows: Rm5Row[];
  line: number;
}

export interface Rm5Outcome {
  kind: Rm5Kind;
  attrs: Attributes;
  name: string;
  /** GROUP_LABEL_1 and GROUP_LABEL_2: the experimental and control groups' names. */
  groupLabels: [string, string];
  /** GRAPH_LABEL_1 and GRAPH_LABEL_2: "Favours experimental", "Favours control". */
  graphLabels: [string, string];
  subgroups: Rm5Subgroup[];
  /** Every study row in file order (across subgroups). */
  rows: Rm5Row[];
  line: number;
}

export interface Rm5Comparison {
  attrs: Attributes;
  name: string;
  outcomes: Rm5Outcome[];
  line: number;
}

export interface Rm5Review {
  file: string;
  title: string;
  attrs: Attributes;
  studies: Rm5Study[];
  comparisons: Rm5Comparison[];
  /** Outcomes RevMan holds that Caliper does not read (O-E, "other data"), with their element and line. */
  skipped: { element: string; name: string; line: number }[];
}

type Node = Record<string, unknown>;

const METADATA = XMLParser.getMetaDataSymbol();

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  // Character references (&#233;) as well as the five XML entities; a DTD is refused before parsing.
  htmlEntities: true,
  captureMetaData: true,
});

const nameOf = (n: Node): string => Object.keys(n).find((k) => k !== ':@') ?? '';
const attrsOf = (n: Node): Attributes => (n[':@'] as Attributes | undefined) ?? {};
const childrenOf = (n: Node): Node[] => {
  const value = n[nameOf(n)];
  return Array.isArray(value) ? (value as Node[]) : [];
};
const elements = (n: Node, tag: string): Node[] => childrenOf(n).filter((c) => nameOf(c) === tag);
const first = (n: Node, tag: string): Node | undefined => childrenOf(n).find((c) => nameOf(c) === tag);

/** The text of an element (its text nodes joined), trimmed. */
function textOf(n: Node | undefined): string {
  if (!n) return '';
  let out = '';
  for (const c of childrenOf(n)) {
    if ('#text' in c) out += String(c['#text']);
    else out += textOf(c);
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** The text's encoding from its XML declaration: ISO-8859-1 (RevMan's own) or UTF-8. */
function decode(bytes: Uint8Array, file: string): string {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const declared = /^\uFEFF?<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head.replace(/^\xEF\xBB\xBF/, ''))?.[1];
  const encoding = (declared ?? 'UTF-8').toUpperCase();
  if (encoding === 'ISO-8859-1' || encoding === 'LATIN1' || encoding === 'US-ASCII' || encoding === 'WINDOWS-1252')
    return Buffer.from(bytes).toString('latin1');
  if (encoding === 'UTF-8' || encoding === 'UTF8')
    return Buffer.from(bytes)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
  throw new CaliperError(
    'validation',
    `${file}: encoding ${declared} is not one RevMan 5 writes (ISO-8859-1 or UTF-8).`,
  );
}

/** Offsets of line starts, for the line of an element from its start index. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0,
      hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

const NUMERIC: Record<Rm5Kind, string[]> = {
  DICH: ['EVENTS_1', 'TOTAL_1', 'EVENTS_2', 'TOTAL_2'],
  CONT: ['MEAN_1', 'SD_1', 'TOTAL_1', 'MEAN_2', 'SD_2', 'TOTAL_2'],
  IV: ['EFFECT_SIZE', 'SE'],
};

const MEASURES: Record<Rm5Kind, string[]> = {
  DICH: ['RR', 'OR', 'RD', 'PETO_OR'],
  CONT: ['MD', 'SMD'],
  IV: [],
};

/** A number as RevMan writes one ("12", "0.5", "4.9E-7"); NaN for anything else. */
export function rm5Number(text: string | undefined): number {
  if (text === undefined || !/^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text)) return NaN;
  return Number(text);
}

/**
 * Parses the bytes of a .rm5 file. `file` names it in errors. Throws CaliperError ('validation') for a
 * file that is not a RevMan 5 review or whose analysis data cannot be read, naming line and element.
 */
export function parseRm5(bytes: Uint8Array, file: string): Rm5Review {
  if (bytes.length > RM5_MAX_BYTES)
    throw new CaliperError(
      'validation',
      `${file} is ${Math.round(bytes.length / 1024 / 1024)} MB: RevMan files larger than ${RM5_MAX_BYTES / 1024 / 1024} MB are not read.`,
    );
  const text = decode(bytes, file);
  const lineAt = lineIndex(text);
  const doctype = /<!DOCTYPE|<!ENTITY/i.exec(text);
  if (doctype)
    throw new CaliperError(
      'validation',
      `${file} line ${lineAt(doctype.index)}: a document type declaration (${doctype[0]}) is not allowed: RevMan 5 files have none.`,
    );
  const checked = XMLValidator.validate(text);
  if (checked !== true)
    throw new CaliperError('validation', `${file} line ${checked.err.line}: not well-formed XML (${checked.err.msg})`);
  let tree: Node[];
  try {
    tree = parser.parse(text) as Node[];
  } catch (error) {
    throw new CaliperError('validation', `${file}: not readable XML (${(error as Error).message})`);
  }
  const root = tree.find((n) => nameOf(n) !== '?xml' && !('#text' in n));
  const lineOf = (n: Node): number => {
    const meta = n[METADATA as unknown as string] as { startIndex?: number } | undefined;
    return meta?.startIndex === undefined ? 0 : lineAt(meta.startIndex);
  };
  const fail = (n: Node | undefined, message: string): never => {
    throw new CaliperError('validation', `${file}${n ? ` line ${lineOf(n)}` : ''}: ${message}`);
  };
  if (!root || nameOf(root) !== 'COCHRANE_REVIEW')
    fail(root, `not a RevMan 5 review: the root element is <${root ? nameOf(root) : 'none'}>, not <COCHRANE_REVIEW>`);
  const review = root!;
  const studiesNode = first(first(review, 'STUDIES_AND_REFERENCES') ?? {}, 'STUDIES');
  const included = studiesNode ? first(studiesNode, 'INCLUDED_STUDIES') : undefined;
  if (!included) fail(review, 'no <STUDIES_AND_REFERENCES>/<STUDIES>/<INCLUDED_STUDIES> element');

  const studies: Rm5Study[] = [];
  const studyIds = new Set<string>();
  for (const s of elements(included!, 'STUDY')) {
    const a = attrsOf(s);
    if (!a.ID) fail(s, '<STUDY> without an ID');
    if (studyIds.has(a.ID!)) fail(s, `<STUDY ID="${a.ID}"> appears twice`);
    const name = (a.NAME ?? '').trim();
    if (!name) fail(s, `<STUDY ID="${a.ID}"> has no NAME`);
    const year = /^\d{4}$/.test((a.YEAR ?? '').trim()) ? Number(a.YEAR) : null;
    studyIds.add(a.ID!);
    studies.push({ id: a.ID!, name, year, line: lineOf(s) });
  }

  const comparisons: Rm5Comparison[] = [];
  const skipped: Rm5Review['skipped'] = [];
  const analyses = first(review, 'ANALYSES_AND_DATA');
  for (const c of analyses ? elements(analyses, 'COMPARISON') : []) {
    const comparison: Rm5Comparison = {
      attrs: attrsOf(c),
      name: textOf(first(c, 'NAME')),
      outcomes: [],
      line: lineOf(c),
    };
    for (const o of childrenOf(c)) {
      const tag = nameOf(o);
      const m = /^(DICH|CONT|IV)_OUTCOME$/.exec(tag);
      if (!m) {
        if (/_OUTCOME$/.test(tag)) skipped.push({ element: tag, name: textOf(first(o, 'NAME')), line: lineOf(o) });
        continue;
      }
      const kind = m[1] as Rm5Kind;
      const attrs = attrsOf(o);
      const where = `<${tag} ID="${attrs.ID ?? ''}">`;
      const measure = attrs.EFFECT_MEASURE ?? '';
      if (kind !== 'IV' && !MEASURES[kind].includes(measure))
        fail(o, `${where}: EFFECT_MEASURE "${measure}" is not one of ${MEASURES[kind].join(', ')}`);
      if (kind === 'DICH' && !['MH', 'IV', 'PETO'].includes(attrs.METHOD ?? ''))
        fail(o, `${where}: METHOD "${attrs.METHOD ?? ''}" is not MH, IV or PETO`);
      if (attrs.RANDOM !== undefined && attrs.RANDOM !== 'YES' && attrs.RANDOM !== 'NO')
        fail(o, `${where}: RANDOM "${attrs.RANDOM}" is not YES or NO`);
      const level = attrs.CI_TOTAL === undefined || attrs.CI_TOTAL === '' ? 95 : rm5Number(attrs.CI_TOTAL);
      if (!(level > 0 && level < 100)) fail(o, `${where}: CI_TOTAL "${attrs.CI_TOTAL}" is not a confidence level`);
      const outcome: Rm5Outcome = {
        kind,
        attrs,
        name: textOf(first(o, 'NAME')),
        groupLabels: [textOf(first(o, 'GROUP_LABEL_1')), textOf(first(o, 'GROUP_LABEL_2'))],
        graphLabels: [textOf(first(o, 'GRAPH_LABEL_1')), textOf(first(o, 'GRAPH_LABEL_2'))],
        subgroups: [],
        rows: [],
        line: lineOf(o),
      };
      const readRow = (r: Node): Rm5Row => {
        const a = attrsOf(r);
        const at = `<${kind}_DATA STUDY_ID="${a.STUDY_ID ?? ''}"> of ${where}`;
        if (!a.STUDY_ID) fail(r, `<${kind}_DATA> of ${where} without a STUDY_ID`);
        if (!studyIds.has(a.STUDY_ID!)) fail(r, `${at}: no included study has this ID`);
        for (const f of NUMERIC[kind]) {
          const v = rm5Number(a[f]);
          if (!Number.isFinite(v)) fail(r, `${at}: ${f} "${a[f] ?? ''}" is not a number`);
        }
        if (kind === 'DICH')
          for (const g of ['1', '2']) {
            const e = rm5Number(a[`EVENTS_${g}`]),
              n = rm5Number(a[`TOTAL_${g}`]);
            if (!Number.isInteger(e) || !Number.isInteger(n) || e < 0 || e > n)
              fail(r, `${at}: EVENTS_${g} (${e}) must be a whole number from 0 to TOTAL_${g} (${n})`);
          }
        if (kind === 'CONT')
          for (const f of ['SD_1', 'SD_2', 'TOTAL_1', 'TOTAL_2'])
            if (rm5Number(a[f]) < 0) fail(r, `${at}: ${f} (${a[f]}) is negative`);
        if (kind === 'IV' && rm5Number(a.SE) < 0) fail(r, `${at}: SE (${a.SE}) is negative`);
        return { attrs: a, studyId: a.STUDY_ID!, line: lineOf(r) };
      };
      for (const child of childrenOf(o)) {
        const ct = nameOf(child);
        if (ct === `${kind}_DATA`) outcome.rows.push(readRow(child));
        else if (ct === `${kind}_SUBGROUP`) {
          const sg: Rm5Subgroup = {
            attrs: attrsOf(child),
            name: textOf(first(child, 'NAME')),
            rows: elements(child, `${kind}_DATA`).map(readRow),
            line: lineOf(child),
          };
          outcome.subgroups.push(sg);
          outcome.rows.push(...sg.rows);
        } else if (/_DATA$/.test(ct)) fail(child, `<${ct}> inside ${where}: expected <${kind}_DATA>`);
      }
      comparison.outcomes.push(outcome);
    }
    comparisons.push(comparison);
  }
  const title = textOf(first(first(review, 'COVER_SHEET') ?? {}, 'TITLE'));
  return { file, title, attrs: attrsOf(review), studies, comparisons, skipped };
}
