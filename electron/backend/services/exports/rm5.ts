// RevMan 5 (.rm5): the review's analyses as the COCHRANE_REVIEW XML RevMan 5 writes. The studies are
// INCLUDED_STUDIES; analyses comparing two arms are grouped into one COMPARISON per pair of arm names
// ("CRT versus ICD"), effect-estimate analyses into one more; each analysis is a DICH_OUTCOME (risk
// ratio, odds ratio, risk difference; Mantel-Haenszel, inverse variance or Peto), a CONT_OUTCOME (mean
// difference, SMD) or an IV_OUTCOME (generic inverse variance), with a row per study that has data and
// RevMan's computed fields (each study's effect, CI, SE and weight; totals, χ², I², τ², Z, subgroup
// totals and the test for subgroup differences) from Caliper's pooling of the analysis as it is set up.
// Analyses RevMan 5 cannot hold (one group, before and after, ratio of means, proportions) are left out.
// services/rm5/read.ts reads the same layout back. Layer: electron/backend.
import { writeFileSync } from 'node:fs';
import { XMLBuilder } from 'fast-xml-parser';
import type { Analysis } from '../../../../shared/analysis/model';
import { runStudyRows, type AnalysisRun, type RowResult } from '../../../../shared/analysis/run';
import { CaliperError } from '../../../../shared/contract/result';
import { criticalValue, pchisqUpper } from '../../../../shared/stats/distributions';
import type { RequestContext } from '../../context';
import { listAnalyses } from '../../db/repositories/analyses';
import { findReviewerByName } from '../../db/repositories/reviewers';
import { prepared } from '../../db/statements';
import { analysisRows } from '../analysisRows';
import { RM5_COMPARISONS_KEY } from '../rm5/import';
import { requireForm } from '../forms';
import type { ExportFormat, ExportOptions } from './types';

type Attrs = Record<string, string>;
type XmlNode = Record<string, unknown>;
type Kind = 'DICH' | 'CONT' | 'IV';

/** A number as RevMan (Java's Double.toString) writes it: "12.0", "0.5", "4.9E-7", "NaN", "-Infinity". */
export function rm5Double(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(x) && Math.abs(x) < 1e7) return `${x}.0`;
  const [mantissa, exponent] = String(x).split('e');
  if (exponent === undefined) return mantissa!;
  return `${mantissa!.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.replace('+', '')}`;
}

const int = (x: number | null | undefined) => (x === null || x === undefined ? '' : String(Math.round(x)));

/** Text XML 1.0 can hold: control characters other than tab and line ends are left out. */
// eslint-disable-next-line no-control-regex
const clean = (text: string) => text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');

/** An element with its attributes in RevMan's order (alphabetical). */
function element(tag: string, attrs: Attrs, children: XmlNode[] = []): XmlNode {
  const sorted: Attrs = {};
  for (const key of Object.keys(attrs).sort()) sorted[key] = clean(attrs[key]!);
  return Object.keys(sorted).length ? { [tag]: children, ':@': sorted } : { [tag]: children };
}
const textElement = (tag: string, text: string, attrs: Attrs = {}): XmlNode =>
  element(tag, attrs, text ? [{ '#text': clean(text) }] : []);

/** The RevMan outcome type of an analysis, or null when RevMan 5 cannot hold it. */
export function rm5KindOf(a: Pick<Analysis, 'comparison' | 'measure'>): Kind | null {
  if (a.comparison.kind === 'estimate' && a.measure === 'GEN') return 'IV';
  if (a.comparison.kind !== 'arms') return null;
  if (a.measure === 'RR' || a.measure === 'OR' || a.measure === 'RD') return 'DICH';
  if (a.measure === 'MD' || a.measure === 'SMD') return 'CONT';
  return null;
}

const SORT_BY: Record<Analysis['settings']['sort'], string> = {
  study: 'STUDY',
  year: 'YEAR',
  weight: 'WEIGHT',
  effect: 'EFFECT_SIZE',
};

/** Random effects as Caliper pools the analysis: inverse variance, or Mantel-Haenszel under RevMan 5's rules. */
function isRandom(a: Analysis): boolean {
  if (a.settings.model !== 'random') return false;
  return a.method === 'IV' || (a.method === 'MH' && a.settings.convention === 'revman5');
}

/** "1.2 Name" (an analysis imported from RevMan) is "Name" again: RevMan numbers its outcomes itself. */
const outcomeName = (name: string) => name.replace(/^\d+\.\d+ /, '');

/** RevMan's study IDs: "STD-" and the label in letters, digits and hyphens, unique in the file. */
function studyIds(studies: { id: string; label: string }[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const s of studies) {
    const label = s.label
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    const base = `STD-${label || 'study'}`;
    let id = base;
    for (let i = 2; used.has(id.toLowerCase()); i++) id = `${base}-${i}`;
    used.add(id.toLowerCase());
    ids.set(s.id, id);
  }
  return ids;
}

/** Pooled numbers on the analysis scale (logs for ratios), for a total or a subgroup. */
interface Pooled {
  estimate: number;
  se: number;
  ci_lb: number;
  ci_ub: number;
  Q: number;
  I2: number;
  tau2: number | undefined;
  pval: number;
}

interface OutcomeContext {
  kind: Kind;
  analysis: Analysis;
  run: AnalysisRun;
  id: string;
  no: number;
  studyIdOf: Map<string, string>;
  modified: string;
  /** The outcome's own measure (effect estimates: "HR", "OR", ...), or null. */
  measure: string | null;
}

/** One analysis as a DICH_OUTCOME, CONT_OUTCOME or IV_OUTCOME element; `studies` counts its rows. */
function outcomeNode(c: OutcomeContext): { node: XmlNode; rows: number } {
  const { kind, analysis: a, run, id, modified } = c;
  const s = a.settings;
  const ratio = run.logScale;
  const random = isRandom(a);
  const crit = criticalValue(s.level);
  const log10 = (x: number) => x / Math.LN10;
  const back = (x: number) => (ratio ? Math.exp(x) : x);
  // The rows RevMan holds: studies with every number of the row (pooled, or not estimable: double zero).
  const rows = run.rows.filter((r) => r.valueIds.length > 0 && complete(kind, r));
  const number = (r: RowResult, role: 'intervention' | 'comparator', key: string) =>
    r.cells.find((x) => x.role === role)?.numbers[key] ?? null;
  const sum = (list: RowResult[], role: 'intervention' | 'comparator', key: string) =>
    list.reduce((acc, r) => acc + (number(r, role, key) ?? 0), 0);
  let order = 0;

  const dataNode = (r: RowResult): XmlNode => {
    const estimable = r.weight !== null && r.yi !== null && r.vi !== null;
    const se = estimable ? Math.sqrt(r.vi!) : 0;
    const common: Attrs = {
      ESTIMABLE: estimable ? 'YES' : 'NO',
      MODIFIED: modified,
      MODIFIED_BY: 'Caliper',
      ORDER: String(++order),
      SE: rm5Double(se),
      STUDY_ID: c.studyIdOf.get(r.studyId)!,
      VAR: rm5Double(estimable ? r.vi! : 0),
      WEIGHT: rm5Double(estimable ? r.weight! : 0),
    };
    if (kind === 'IV')
      // Generic inverse variance: the effect as entered in RevMan, and its CI, on the pooled scale (logs for ratios).
      return element('IV_DATA', {
        ...common,
        CI_END: rm5Double(estimable ? r.yi! + crit * se : 0),
        CI_START: rm5Double(estimable ? r.yi! - crit * se : 0),
        EFFECT_SIZE: rm5Double(r.yi ?? 0),
        TOTAL_1: '0',
        TOTAL_2: '0',
      });
    const effect: Attrs = {
      CI_END: rm5Double(estimable ? back(r.yi! + crit * se) : 0),
      CI_START: rm5Double(estimable ? back(r.yi! - crit * se) : 0),
      EFFECT_SIZE: rm5Double(estimable ? back(r.yi!) : 0),
    };
    if (kind === 'DICH')
      return element('DICH_DATA', {
        ...common,
        ...effect,
        ...(ratio
          ? {
              LOG_CI_END: rm5Double(estimable ? log10(r.yi! + crit * se) : 0),
              LOG_CI_START: rm5Double(estimable ? log10(r.yi! - crit * se) : 0),
              LOG_EFFECT_SIZE: rm5Double(estimable ? log10(r.yi!) : 0),
            }
          : {}),
        EVENTS_1: int(number(r, 'intervention', 'events')),
        EVENTS_2: int(number(r, 'comparator', 'events')),
        O_E: '0.0',
        TOTAL_1: int(number(r, 'intervention', 'total')),
        TOTAL_2: int(number(r, 'comparator', 'total')),
      });
    return element('CONT_DATA', {
      ...common,
      ...effect,
      MEAN_1: rm5Double(number(r, 'intervention', 'mean')),
      MEAN_2: rm5Double(number(r, 'comparator', 'mean')),
      SD_1: rm5Double(number(r, 'intervention', 'sd')),
      SD_2: rm5Double(number(r, 'comparator', 'sd')),
      TOTAL_1: int(number(r, 'intervention', 'n')),
      TOTAL_2: int(number(r, 'comparator', 'n')),
    });
  };

  /** The totals of some rows: counts, and the pooled numbers when they could be pooled. */
  const totals = (list: RowResult[], p: Pooled | null): Attrs => {
    const counts: Attrs =
      kind === 'DICH'
        ? {
            EVENTS_1: int(sum(list, 'intervention', 'events')),
            EVENTS_2: int(sum(list, 'comparator', 'events')),
            TOTAL_1: int(sum(list, 'intervention', 'total')),
            TOTAL_2: int(sum(list, 'comparator', 'total')),
          }
        : kind === 'CONT'
          ? { TOTAL_1: int(sum(list, 'intervention', 'n')), TOTAL_2: int(sum(list, 'comparator', 'n')) }
          : { TOTAL_1: '0', TOTAL_2: '0' };
    const k = list.filter((r) => r.weight !== null).length;
    const df = Math.max(0, k - 1);
    if (!p)
      return {
        ...counts,
        CHI2: '0.0',
        CI_END: '0.0',
        CI_START: '0.0',
        DF: '0',
        EFFECT_SIZE: '0.0',
        ESTIMABLE: 'NO',
        I2: '0.0',
        P_CHI2: '0.0',
        P_Z: '0.0',
        STUDIES: String(list.length),
        TAU2: '0.0',
        WEIGHT: '0.0',
        Z: '0.0',
      };
    const out: Attrs = {
      ...counts,
      CHI2: rm5Double(p.Q),
      CI_END: rm5Double(back(p.ci_ub)),
      CI_START: rm5Double(back(p.ci_lb)),
      DF: String(df),
      EFFECT_SIZE: rm5Double(back(p.estimate)),
      ESTIMABLE: 'YES',
      I2: rm5Double(p.I2),
      P_CHI2: rm5Double(df > 0 ? pchisqUpper(p.Q, df) : 1),
      P_Z: rm5Double(p.pval),
      STUDIES: String(list.length),
      TAU2: rm5Double(random ? (p.tau2 ?? 0) : 0),
      WEIGHT: rm5Double(list.reduce((acc, r) => acc + (r.weight ?? 0), 0)),
      Z: rm5Double(Math.abs(p.estimate / p.se)),
    };
    if (ratio) {
      out.LOG_CI_END = rm5Double(log10(p.ci_ub));
      out.LOG_CI_START = rm5Double(log10(p.ci_lb));
      out.LOG_EFFECT_SIZE = rm5Double(log10(p.estimate));
    }
    return out;
  };

  const r = run.result;
  const test = run.subgroupTest;
  const attrs: Attrs = {
    ...totals(
      rows,
      r
        ? {
            estimate: r.estimate,
            se: r.se,
            ci_lb: r.ci_lb,
            ci_ub: r.ci_ub,
            Q: r.Q,
            I2: r.I2,
            tau2: r.tau2,
            pval: r.pval,
          }
        : null,
    ),
    CI_STUDY: String(s.level),
    CI_TOTAL: String(s.level),
    ID: id,
    I2_Q: rm5Double(test && test.df > 0 && test.Q > test.df ? (100 * (test.Q - test.df)) / test.Q : 0),
    MODIFIED: modified,
    MODIFIED_BY: 'Caliper',
    NO: String(c.no),
    P_Q: rm5Double(test?.pval ?? 1),
    Q: rm5Double(test?.Q ?? 0),
    RANDOM: random ? 'YES' : 'NO',
    SCALE: '100.0',
    SORT_BY: SORT_BY[s.sort],
    SUBGROUPS: run.subgroups ? 'YES' : 'NO',
    SUBGROUP_TEST: 'YES',
    TOTALS: 'YES',
  };
  if (kind === 'DICH') {
    attrs.EFFECT_MEASURE = a.method === 'PETO' ? 'PETO_OR' : a.measure;
    attrs.METHOD = a.method;
    attrs.SWAP_EVENTS = 'NO';
  } else if (kind === 'CONT') {
    attrs.EFFECT_MEASURE = a.measure;
    attrs.UNITS = run.outcome.unit ?? '';
  } else {
    attrs.EFFECT_MEASURE = c.measure?.trim() || (ratio ? 'Ratio' : 'Difference');
    attrs.LOG_DATA = ratio ? 'YES' : 'NO';
  }
  const labels =
    a.comparison.kind === 'arms' ? [a.comparison.intervention, a.comparison.comparator] : ['Experimental', 'Control'];
  const children: XmlNode[] = [
    textElement('NAME', outcomeName(a.name)),
    textElement('GROUP_LABEL_1', labels[0]!),
    textElement('GROUP_LABEL_2', labels[1]!),
    textElement('GRAPH_LABEL_1', s.favours.left),
    textElement('GRAPH_LABEL_2', s.favours.right),
  ];
  if (run.subgroups) {
    // Every subgroup with a row, those RevMan calls "not estimable" (nothing to pool) too.
    const names = [...new Set(rows.map((row) => row.subgroup ?? 'Not reported'))];
    names.forEach((name, i) => {
      const members = rows.filter((row) => (row.subgroup ?? 'Not reported') === name);
      const g = run.subgroups!.find((x) => x.subgroup === name);
      let pooled: Pooled | null = null;
      if (g) {
        // The run gives a subgroup's effect on the natural scale: back to the pooled scale for RevMan's fields.
        const to = (x: number) => (ratio ? Math.log(x) : x);
        const [estimate, ci_lb, ci_ub] = [to(g.effect.estimate), to(g.effect.ci_lb), to(g.effect.ci_ub)];
        pooled = {
          estimate,
          se: (ci_ub - ci_lb) / (2 * crit),
          ci_lb,
          ci_ub,
          Q: g.Q,
          I2: g.I2,
          tau2: g.tau2,
          pval: g.pval,
        };
      }
      const no = String(i + 1);
      const subAttrs = { ...totals(members, pooled), ID: `${id}.${no.padStart(2, '0')}`, NO: no };
      children.push(element(`${kind}_SUBGROUP`, subAttrs, [textElement('NAME', name), ...members.map(dataNode)]));
    });
  } else children.push(...rows.map(dataNode));
  return { node: element(`${kind}_OUTCOME`, attrs, children), rows: rows.length };
}

/** Whether a row holds every number its RevMan data element needs. */
function complete(kind: Kind, r: RowResult): boolean {
  const needed = kind === 'DICH' ? ['events', 'total'] : kind === 'CONT' ? ['mean', 'sd', 'n'] : ['estimate'];
  if (kind === 'IV') return r.yi !== null && r.vi !== null;
  return r.cells.length === 2 && r.cells.every((cell) => needed.every((key) => typeof cell.numbers[key] === 'number'));
}

/** The studies an export includes: all, or those whose extraction (of the layer exported) is complete. */
function includedStudies(
  ctx: RequestContext,
  layer: Analysis['layer'],
  options: ExportOptions,
): { id: string; label: string; year: number | null }[] | null {
  if (options.studies === 'all') return null;
  const { db } = ctx.requireReview();
  // The consensus of a study is complete when the reviewers who extracted it have all marked it complete.
  const sql =
    layer.kind === 'reviewer'
      ? `SELECT s.id FROM studies s JOIN extraction_status es ON es.study_id = s.id
           WHERE es.reviewer_id = ? AND es.status = 'complete'`
      : `SELECT s.id FROM studies s JOIN extraction_status es ON es.study_id = s.id
           GROUP BY s.id HAVING count(*) >= 2 AND sum(es.status = 'complete') = count(*)`;
  const ids = new Set(
    (layer.kind === 'reviewer'
      ? prepared(db, sql).pluck().all(layer.reviewerId)
      : prepared(db, sql).pluck().all()) as string[],
  );
  return (prepared(db, 'SELECT id, label FROM studies ORDER BY label, id').all() as { id: string; label: string }[])
    .filter((s) => ids.has(s.id))
    .map((s) => ({ ...s, year: null }));
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true,
  suppressEmptyNode: true,
  format: true,
  indentBy: '',
});

/** The .rm5 document of the open review: its XML text and the number of studies it holds. */
export function rm5Document(ctx: RequestContext, options: ExportOptions): { xml: string; studies: number } {
  const { db, info } = ctx.requireReview();
  let layer: Analysis['layer'] = { kind: 'consensus' };
  if (options.layer === 'all')
    throw new CaliperError(
      'validation',
      'A RevMan file holds one set of values: export the consensus or one reviewer.',
    );
  if (typeof options.layer === 'object') {
    const reviewer = findReviewerByName(db, options.layer.reviewer);
    if (!reviewer) throw new CaliperError('not_found', `No reviewer named "${options.layer.reviewer}" in this review.`);
    layer = { kind: 'reviewer', reviewerId: reviewer.id };
  }
  const form = requireForm(db);
  const only = includedStudies(ctx, layer, options);
  const keep = only ? new Set(only.map((s) => s.id)) : null;
  const allStudies = (
    prepared(
      db,
      `SELECT s.id, s.label, r.year FROM studies s LEFT JOIN reports r ON r.study_id = s.id AND r.is_primary = 1
       ORDER BY s.label, s.id`,
    ).all() as { id: string; label: string; year: number | null }[]
  ).filter((s) => !keep || keep.has(s.id));
  const studyIdOf = studyIds(allStudies);
  const modified = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' +0000');

  // Comparisons: analyses numbered as RevMan numbers them ("1.2 Name", a review made from a RevMan file)
  // go to their comparison, under its RevMan name; the others one per pair of arm names, and one for
  // effect estimates, in the order the analyses come.
  const analyses = listAnalyses(db).filter(
    (a) => rm5KindOf(a) !== null && form.outcomes.some((o) => o.id === a.outcomeId),
  );
  const stored = prepared(db, 'SELECT value FROM review_settings WHERE key = ?').pluck().get(RM5_COMPARISONS_KEY) as
    string | undefined;
  const revmanNames = stored ? (JSON.parse(stored) as Record<string, string>) : {};
  const groups = new Map<string, { name: string; analyses: Analysis[] }>();
  for (const a of analyses) {
    const numbered = /^(\d+)\.\d+ /.exec(a.name)?.[1];
    const pair = a.comparison.kind === 'arms' ? `${a.comparison.intervention} versus ${a.comparison.comparator}` : null;
    const key = numbered ? `#${numbered}` : (pair?.toLowerCase() ?? '\nestimate');
    const name = (numbered && revmanNames[numbered]) || pair || 'Effect estimates';
    const group = groups.get(key) ?? { name, analyses: [] };
    group.analyses.push(a);
    groups.set(key, group);
  }
  const comparisons: XmlNode[] = [];
  let done = 0;
  [...groups.values()].forEach((group, gi) => {
    const cmp = `CMP-${String(gi + 1).padStart(3, '0')}`;
    const outcomes = group.analyses.map((stored, oi) => {
      if (options.signal?.aborted)
        throw new CaliperError('cancelled', 'The export was cancelled; nothing was written.');
      const analysis: Analysis = { ...stored, layer };
      const outcome = form.outcomes.find((o) => o.id === analysis.outcomeId)!;
      const rows = analysisRows(db, form, analysis, outcome).filter((r) => !keep || keep.has(r.studyId));
      const run = runStudyRows(analysis, outcome, rows);
      options.onProgress?.(++done, analyses.length);
      return outcomeNode({
        kind: rm5KindOf(analysis)!,
        analysis,
        run,
        id: `${cmp}.${String(oi + 1).padStart(2, '0')}`,
        no: oi + 1,
        studyIdOf,
        modified,
        measure: outcome.measure,
      }).node;
    });
    comparisons.push(
      element('COMPARISON', { ID: cmp, MODIFIED: modified, MODIFIED_BY: 'Caliper', NO: String(gi + 1) }, [
        textElement('NAME', group.name),
        ...outcomes,
      ]),
    );
  });

  const studyNodes = allStudies.map((s) =>
    element(
      'STUDY',
      {
        DATA_SOURCE: 'PUB',
        ID: studyIdOf.get(s.id)!,
        MODIFIED: modified,
        MODIFIED_BY: 'Caliper',
        NAME: s.label,
        YEAR: s.year === null ? '' : String(s.year),
      },
      [
        element('REFERENCE', { PRIMARY: 'NO', TYPE: 'JOURNAL_ARTICLE' }, [element('IDENTIFIERS', {})]),
        element('IDENTIFIERS', {}),
      ],
    ),
  );
  const review = element(
    'COCHRANE_REVIEW',
    {
      DESCRIPTION: 'Exported from Caliper',
      DOI: '',
      GROUP_ID: '',
      ID: info.id.replace(/[^0-9A-Za-z]/g, ''),
      MODIFIED: modified,
      MODIFIED_BY: 'Caliper',
      REVIEW_NO: '',
      REVMAN_SUB_VERSION: '5.3.5',
      REVMAN_VERSION: '5',
      SPLIT_FROM: '',
      STAGE: 'R',
      STATUS: 'A',
      TYPE: 'INTERVENTION',
      VERSION_NO: '0.1',
    },
    [
      element('COVER_SHEET', { MODIFIED: modified, MODIFIED_BY: 'Caliper' }, [textElement('TITLE', info.title)]),
      element('STUDIES_AND_REFERENCES', { MODIFIED: modified, MODIFIED_BY: 'Caliper' }, [
        element('STUDIES', {}, [
          element('INCLUDED_STUDIES', { MODIFIED: modified, MODIFIED_BY: 'Caliper' }, studyNodes),
          element('EXCLUDED_STUDIES', {}),
          element('AWAITING_STUDIES', {}),
          element('ONGOING_STUDIES', {}),
        ]),
      ]),
      element('ANALYSES_AND_DATA', { CALCULATED_DATA: 'YES', MODIFIED: modified, MODIFIED_BY: 'Caliper' }, comparisons),
    ],
  );
  const body = (builder.build([review]) as string).replace(/^\n/, '');
  return { xml: `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n${body}`, studies: allStudies.length };
}

export const rm5Format: ExportFormat = {
  id: 'rm5',
  label: 'RevMan 5 review (.rm5)',
  extension: 'rm5',
  write(ctx, path, options) {
    // Errors (an unknown reviewer, a cancelled export) reject the promise, as for every format.
    return new Promise((resolve) => {
      const { xml, studies } = rm5Document(ctx, options);
      writeFileSync(path, xml, 'utf8');
      resolve({ rows: studies, unit: 'studies' });
    });
  },
};
