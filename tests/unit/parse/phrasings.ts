// The table of real phrasings for the statistics recogniser: every statistic in tests/fixtures/sources,
// the reference seeds and the fixture PDF's text (pdftotext, copied here so tests need no poppler), and
// reporting styles of clinical abstracts (CONSORT-style trial results, cohort studies, meta-analyses).
// Each row lists every statistic the recogniser must return for its input, in order, and nothing else.
import type { ChangeSide, StatisticKind } from '../../../shared/parse';

export interface Expected {
  kind: StatisticKind;
  text: string;
  values?: Record<string, unknown>;
  unit?: string;
  /** The statistic must carry at least one warning (and none when false or left out). */
  warned?: boolean;
  /** For kind 'ambiguous': the candidate readings, in order. */
  candidates?: Array<{ kind: StatisticKind; values: Record<string, unknown>; unit?: string }>;
}

export interface Phrasing {
  source: string;
  input: string;
  expect: Expected[];
}

type Extra = { unit?: string; warned?: boolean };
const extra = (x?: Extra | string): Extra => (typeof x === 'string' ? { unit: x } : (x ?? {}));

export const msd = (text: string, mean: number, sd: number, x?: Extra | string): Expected => ({
  kind: 'mean_sd',
  text,
  values: { mean, sd },
  ...extra(x),
});
export const mse = (text: string, mean: number, se: number, x?: Extra | string): Expected => ({
  kind: 'mean_se',
  text,
  values: { mean, se },
  ...extra(x),
});
export const n = (text: string, value: number): Expected => ({ kind: 'count', text, values: { n: value } });
export const of = (text: string, events: number, total: number, percent?: number, x?: Extra): Expected => ({
  kind: 'count',
  text,
  values: { events, total, ...(percent !== undefined ? { percent } : {}) },
  ...extra(x),
});
export const ep = (text: string, events: number, percent: number): Expected => ({
  kind: 'count',
  text,
  values: { events, percent },
});
export const pct = (text: string, percent: number, op?: string, x?: Extra): Expected => ({
  kind: 'percent',
  text,
  values: { percent, ...(op ? { op } : {}) },
  unit: '%',
  ...extra(x),
});
export const p = (text: string, value: number, op: string, x?: Extra): Expected => ({
  kind: 'p_value',
  text,
  values: { p: value, op },
  ...extra(x),
});
export const ratio = (
  text: string,
  measure: string,
  estimate: number,
  lower: number,
  upper: number,
  level: number | null,
  x?: Extra & { adjusted?: boolean },
): Expected => ({
  kind: 'ratio_ci',
  text,
  values: { measure, adjusted: x?.adjusted ?? false, estimate, lower, upper, level },
  ...(x?.warned ? { warned: true } : {}),
});
export const est = (
  text: string,
  estimate: number,
  lower: number,
  upper: number,
  level: number | null,
  x?: Extra & { measure?: string },
): Expected => ({
  kind: 'estimate_ci',
  text,
  values: { estimate, lower, upper, level, ...(x?.measure ? { measure: x.measure } : {}) },
  ...(x?.unit ? { unit: x.unit } : {}),
  ...(x?.warned ? { warned: true } : {}),
});
export const iqr = (text: string, median: number, q1: number, q3: number, x?: Extra | string): Expected => ({
  kind: 'median_iqr',
  text,
  values: { median, q1, q3 },
  ...extra(x),
});
export const range = (text: string, median: number, min: number, max: number, x?: Extra | string): Expected => ({
  kind: 'median_range',
  text,
  values: { median, min, max },
  ...extra(x),
});
const side = (a: number, b?: number): ChangeSide => (b === undefined ? { value: a } : { mean: a, sd: b });
export const chg = (
  text: string,
  before: [number, number?],
  after: [number, number?],
  x?: Extra | string,
): Expected => ({
  kind: 'change',
  text,
  values: { before: side(...before), after: side(...after) },
  ...extra(x),
});

const rows = (source: string, list: Array<[string, ...Expected[]]>): Phrasing[] =>
  list.map(([input, ...expect]) => ({ source, input, expect }));

const DAMAGED = { warned: true } as const;
/** A unit read from a table row label ("LVEF, %  23.5 ± 4.3"), which the recogniser reports with a warning. */
const ROW = (unit: string): Extra => ({ unit, warned: true });

export const phrasings: Phrasing[] = [
  ...rows('fixture: crt-inotrope-dependent-class-iv.txt', [
    [
      'Ten patients (age 55 +/- 13 years) with inotrope-dependent class IV HF (nonischemic [n = 6] and ischemic [n = 4]) received a CRT implantable cardioverter-defibrillator device.',
      n('Ten patients', 10),
      msd('55 +/- 13 years', 55, 13, 'years'),
      n('n = 6', 6),
      n('n = 4', 4),
    ],
    [
      'QRS duration was 153 +/- 25 ms (left branch bundle block [n = 7], intraventricular conduction delay [n = 2], and QRS <120 ms [n = 1]).',
      msd('153 +/- 25 ms', 153, 25, 'ms'),
      n('n = 7', 7),
      n('n = 2', 2),
      n('n = 1', 1),
    ],
    [
      'The indication for CRT was based on either electrocardiographic criteria (n = 9) or echocardiographic evidence of LV dyssynchrony (n = 1).',
      n('n = 9', 9),
      n('n = 1', 1),
    ],
    [
      'Intravenous inotropic therapy consisted of dobutamine (n = 6; 4.3 +/- 1.9 microg/kg/min) or milrinone (n = 4; 0.54 +/- 0.19 microg/kg/min) as inpatient (n = 3) or outpatient (n = 7) therapy for 146 +/- 258 days before CRT.',
      n('n = 6', 6),
      msd('4.3 +/- 1.9 microg/kg/min', 4.3, 1.9, 'µg/kg/min'),
      n('n = 4', 4),
      msd('0.54 +/- 0.19 microg/kg/min', 0.54, 0.19, 'µg/kg/min'),
      n('n = 3', 3),
      n('n = 7', 7),
      msd('146 +/- 258 days', 146, 258, 'days'),
    ],
    [
      'All patients were alive at follow-up 1,088 +/- 284 days after CRT.',
      msd('1,088 +/- 284 days', 1088, 284, 'days'),
    ],
    [
      'Three patients underwent successful orthotopic cardiac transplantation after 56, 257, and 910 days of CRT.',
      n('Three patients', 3),
    ],
    [
      'HF improved in 9 patients to NYHA classes II (n = 5) and III (n = 4).',
      n('9 patients', 9),
      n('n = 5', 5),
      n('n = 4', 4),
    ],
    [
      'Intravenous inotropic therapy was discontinued in 9 of 10 patients after 15 +/- 14 days of CRT.',
      of('9 of 10 patients', 9, 10),
      msd('15 +/- 14 days', 15, 14, 'days'),
    ],
    [
      'LV volumes decreased (end-diastolic from 226 +/- 78 to 212 +/- 83 ml; p = 0.08; end-systolic from 174 +/- 65 to 150 +/- 78 ml; p <0.01).',
      chg('from 226 +/- 78 to 212 +/- 83 ml', [226, 78], [212, 83], 'ml'),
      p('p = 0.08', 0.08, '='),
      chg('from 174 +/- 65 to 150 +/- 78 ml', [174, 65], [150, 78], 'ml'),
      p('p <0.01', 0.01, '<'),
    ],
    [
      'LV ejection fraction increased (23.5 +/- 4.3% to 32.0 +/- 9.1%; p <0.05).',
      chg('23.5 +/- 4.3% to 32.0 +/- 9.1%', [23.5, 4.3], [32, 9.1], '%'),
      p('p <0.05', 0.05, '<'),
    ],
    ['One patient required ventilatory support before and during device implantation.', n('One patient', 1)],
    ['antitachycardia therapy for ventricular tachyarrhythmias was delivered in 1 patient.', n('1 patient', 1)],
  ]),
  ...rows('fixture: crt-stage4-ckd.txt (PDF symbol-font damage)', [
    [
      'This study evaluated 73 consecutive CRT patients (71610 years) with stage 4 CKD who underwent echocardiographic and renal function evaluation at baseline and 6-month follow-up between 2000 and 2012.',
      n('73 consecutive CRT patients', 73),
      msd('71610 years', 71, 10, { unit: 'years', ...DAMAGED }),
    ],
    [
      'As a control group, 18 patients with stage 4 CKD who received an implantable cardioverter defibrillator (ICD) were selected.',
      n('18 patients', 18),
    ],
    [
      'CRT recipients with $15% reduction in left ventricular end-systolic volume at 6-month follow-up were classified as CRT responders.',
      pct('$15%', 15, '≥', DAMAGED),
    ],
    [
      'a significant reduction in left ventricular end-systolic volume was observed in CRT patients compared with patients with ICD (from 159678 to 145678 ml in CRT patients and from 126654 to 119649 ml in ICD patients; P=0.05), and CRT response was observed in 22 patients (30%).',
      chg('from 159678 to 145678 ml', [159, 78], [145, 78], { unit: 'ml', ...DAMAGED }),
      chg('from 126654 to 119649 ml', [126, 54], [119, 49], { unit: 'ml', ...DAMAGED }),
      p('P=0.05', 0.05, '='),
      ep('22 patients (30%)', 22, 30),
    ],
    [
      'Compared with ICD patients, eGFR improved among CRT patients (from 2564 to 3069 ml/min per 1.73 m 2 ; interaction time and group, P=0.04)',
      chg('from 2564 to 3069 ml/min per 1.73 m 2', [25, 4], [30, 9], { unit: 'ml/min per 1.73 m²', ...DAMAGED }),
      p('P=0.04', 0.04, '='),
    ],
    [
      'and was more pronounced among CRT responders (2563 to 3469 ml/min per 1.73 m 2 ; P,0.001).',
      chg('2563 to 3469 ml/min per 1.73 m 2', [25, 3], [34, 9], { unit: 'ml/min per 1.73 m²', ...DAMAGED }),
      p('P,0.001', 0.001, '<', DAMAGED),
    ],
    ['The combined end point was observed in 17 ICD and 62 CRT patients.', n('62 CRT patients', 62)],
    ['CRT patients showed superior survival compared with ICD patients (log-rank P=0.03).', p('P=0.03', 0.03, '=')],
    [
      'CRT response was independently associated with improved survival free from the combined end point (hazard ratio, 0.51; 95% confidence interval, 0.27 to 0.98; P=0.04) after adjustment',
      ratio('hazard ratio, 0.51; 95% confidence interval, 0.27 to 0.98', 'HR', 0.51, 0.27, 0.98, 95),
      p('P=0.04', 0.04, '='),
    ],
    [
      'Response to CRT occurs in approximately 30% of patients with stage 4 CKD, which is less than in the average CRT population.',
      pct('30%', 30),
    ],
    [
      'During long-term follow-up (median, 33 months), appropriate defibrillator therapy, heart failure hospitalizations, and all-cause mortality (combined end point) were recorded.',
    ],
  ]),
  ...rows('fixture: crt-inotrope-meta-analysis.txt', [
    ['The study analyzed 8 studies including 151 patients.', n('8 studies', 8), n('151 patients', 151)],
    [
      'Most of the patients were in New York Heart Association functional class IV (80.1%), and all had severe systolic HF, with a left ventricular ejection fraction <30% and a significant intraventricular conduction delay in their surface electrocardiogram (QRS complex duration >130 ms).',
      pct('80.1%', 80.1),
      pct('<30%', 30, '<'),
    ],
    [
      'The pooled analysis demonstrated that 93% of the reported patients (95% confidence interval: 86% to 100%) were weaned from inotropic support after CRT, and the overall 12-month survival rate was 69% (95% confidence interval: 56% to 83%).',
      est('93% of the reported patients (95% confidence interval: 86% to 100%)', 93, 86, 100, 95, { unit: '%' }),
      est('69% (95% confidence interval: 56% to 83%)', 69, 56, 83, 95, { unit: '%' }),
    ],
    [
      'The authors systematically searched Medline, Embase, Scopus, and the Cochrane Library through March 2017 for studies',
    ],
    ['Pages (from-to)734-742 Number of pages9 JournalJACC: Heart Failure Issue number9 StatePublished - Sep 1 2018'],
    ['2 Scopus citations'],
  ]),
  ...rows('fixture: crt-implantation-review.txt', [
    [
      'These trials include the Multicenter InSync Randomized Clinical Evaluation (MIRACLE) trial, which studied 453 patients.',
      n('453 patients', 453),
    ],
    ['(Circulation. 2007;115:2208-2220.)Key Words: electrical stimulation Ⅲ heart failure'],
    ['intraventricular conduction delay are also less frequently present. 1,2 Electrical dyssynchrony usually implies'],
    ['associated with increased mortality. 3,4 Dyssynchrony on EKG'],
    ['and reduced measures of cardiac contractility. 5-8 CRT operates on the premise'],
    ['improves heart failure symptoms in the majority of recipients. 10 -14 These trials include'],
  ]),
  ...rows('fixture: seeds.ris and seeds.nbib', [
    [
      'This study evaluated 73 consecutive CRT patients (71±10 years) with stage 4 CKD.',
      n('73 consecutive CRT patients', 73),
      msd('71±10 years', 71, 10, 'years'),
    ],
    [
      'This study evaluated 73 consecutive CRT patients (71+/-10 years) with stage 4 CKD.',
      n('73 consecutive CRT patients', 73),
      msd('71+/-10 years', 71, 10, 'years'),
    ],
    [
      'patients with more advanced HF on inotropic support. Ten patients (age 55 +/- 13\n      years) with inotrope-dependent class IV HF',
      n('Ten patients', 10),
      msd('55 +/- 13\n      years', 55, 13, 'years'),
    ],
    [
      'cardioverter-defibrillator device. Intravenous inotropic therapy was discontinued\n      in 9 of 10 patients after 15 +/- 14 days of CRT. LV ejection fraction increased\n      (23.5 +/- 4.3% to 32.0 +/- 9.1%; p <0.05).',
      of('9 of 10 patients', 9, 10),
      msd('15 +/- 14 days', 15, 14, 'days'),
      chg('23.5 +/- 4.3% to 32.0 +/- 9.1%', [23.5, 4.3], [32, 9.1], '%'),
      p('p <0.05', 0.05, '<'),
    ],
    [
      'and the overall 12-month survival rate was 69% (95% confidence interval: 56%\n      to 83%).',
      est('69% (95% confidence interval: 56%\n      to 83%)', 69, 56, 83, 95, { unit: '%' }),
    ],
    [
      'CRT response was observed in 22 patients (30%). CRT response was independently\n      associated with improved survival free from the combined end point (hazard ratio,\n      0.51; 95% confidence interval, 0.27 to 0.98; P=0.04).',
      ep('22 patients (30%)', 22, 30),
      ratio('hazard ratio,\n      0.51; 95% confidence interval, 0.27 to 0.98', 'HR', 0.51, 0.27, 0.98, 95),
      p('P=0.04', 0.04, '='),
    ],
  ]),
  ...rows('fixture PDF: crt-sample-article.pdf (pdftotext)', [
    [
      'Ten patients (age 55 ± 13 years) with inotrope-dependent class IV HF (nonischemic [n = 6]\nand ischemic [n = 4]) received a CRT implantable cardioverter-defibrillator device.',
      n('Ten patients', 10),
      msd('55 ± 13 years', 55, 13, 'years'),
      n('n = 6', 6),
      n('n = 4', 4),
    ],
    ['QRS duration was\n153 ± 25 ms.', msd('153 ± 25 ms', 153, 25, 'ms')],
    [
      'Intravenous inotropic therapy was discontinued in 9 of 10 patients after 15 ± 14 days of\nCRT.',
      of('9 of 10 patients', 9, 10),
      msd('15 ± 14 days', 15, 14, 'days'),
    ],
    [
      'LV ejection fraction increased (23.5 ± 4.3% to 32.0 ± 9.1%; p <0.05).',
      chg('23.5 ± 4.3% to 32.0 ± 9.1%', [23.5, 4.3], [32, 9.1], '%'),
      p('p <0.05', 0.05, '<'),
    ],
    [
      'therapy consisted of dobutamine (n = 6; 4.3 ±\n1.9 µg/kg/min) or milrinone (n = 4; 0.54 ± 0.19\nµg/kg/min) as inpatient (n = 3) or outpatient (n =\n7) therapy for 146 ± 258 days before CRT.',
      n('n = 6', 6),
      msd('4.3 ±\n1.9 µg/kg/min', 4.3, 1.9, 'µg/kg/min'),
      n('n = 4', 4),
      msd('0.54 ± 0.19\nµg/kg/min', 0.54, 0.19, 'µg/kg/min'),
      n('n = 3', 3),
      n('n =\n7', 7),
      msd('146 ± 258 days', 146, 258, 'days'),
    ],
    ['All patients were alive at follow-up 1,088 ± 284\ndays after CRT.', msd('1,088 ± 284\ndays', 1088, 284, 'days')],
    [
      'HF improved\nin 9 patients to NYHA classes II (n = 5) and III (n\n= 4).',
      n('9 patients', 9),
      n('n = 5', 5),
      n('n\n= 4', 4),
    ],
    ['Table 1. Baseline characteristics (n = 10)', n('n = 10', 10)],
    ['Age, years 55 ± 13', msd('55 ± 13', 55, 13, ROW('years'))],
    ['Men, n (%) 8 (80%)', ep('8 (80%)', 8, 80)],
    ['Age, years\n55 ± 13', msd('55 ± 13', 55, 13)],
    ['Among women, years of follow-up were 5.2 ± 1.1', msd('5.2 ± 1.1', 5.2, 1.1)],
    ['Time to pacing, ms 120 (IQR 95–160)', iqr('120 (IQR 95–160)', 120, 95, 160, ROW('ms'))],
    ['Nonischemic cardiomyopathy, n (%) 6 (60%)', ep('6 (60%)', 6, 60)],
    ['QRS duration, ms 153 ± 25', msd('153 ± 25', 153, 25, ROW('ms'))],
    ['Left bundle branch block, n (%) 7 (70%)', ep('7 (70%)', 7, 70)],
    ['LV ejection fraction, % 23.5 ± 4.3', msd('23.5 ± 4.3', 23.5, 4.3, ROW('%'))],
    ['LV end-diastolic volume, ml 226 ± 78', msd('226 ± 78', 226, 78, ROW('ml'))],
    ['LV end-systolic volume, ml 174 ± 65', msd('174 ± 65', 174, 65, ROW('ml'))],
    [
      'LVEDV, ml    226 ± 78      212 ± 83      0.08',
      msd('226 ± 78', 226, 78, ROW('ml')),
      msd('212 ± 83', 212, 83, ROW('ml')),
    ],
    [
      'LVESV, ml    174 ± 65      150 ± 78      <0.01',
      msd('174 ± 65', 174, 65, ROW('ml')),
      msd('150 ± 78', 150, 78, ROW('ml')),
    ],
    [
      'In a pooled\nanalysis of eight studies including 151 patients,\n93% of patients (95% confidence interval: 86% to\n100%) were weaned from inotropic support',
      n('eight studies', 8),
      n('151 patients', 151),
      est('93% of patients (95% confidence interval: 86% to\n100%)', 93, 86, 100, 95, { unit: '%' }),
    ],
    ['Ten\nconsecutive\npatients', n('Ten\nconsecutive\npatients', 10)],
  ]),
  ...rows('written: CONSORT-style trial results', [
    [
      'The primary outcome occurred in 34/120 (28.3%) patients in the intervention group and 52/118 (44.1%) in the control group (risk ratio 0.64, 95% CI 0.45 to 0.91; P = 0.01).',
      of('34/120 (28.3%)', 34, 120, 28.3),
      of('52/118 (44.1%)', 52, 118, 44.1),
      ratio('risk ratio 0.64, 95% CI 0.45 to 0.91', 'RR', 0.64, 0.45, 0.91, 95),
      p('P = 0.01', 0.01, '='),
    ],
    [
      'Of 1,204 participants randomized, 602 were assigned to dapagliflozin and 602 to placebo.',
      n('1,204 participants', 1204),
    ],
    [
      'Mean (SD) age was 64.2 (11.3) years, and 412 (34.2%) were women.',
      msd('64.2 (11.3) years', 64.2, 11.3, 'years'),
      ep('412 (34.2%)', 412, 34.2),
    ],
    ['The mean age was 64.2 years (SD 11.3).', msd('64.2 years (SD 11.3)', 64.2, 11.3, 'years')],
    ['age 64.2 (SD, 11.3) years', msd('64.2 (SD, 11.3) years', 64.2, 11.3, 'years')],
    ['Age, mean [SD], 64.2 [11.3] years', msd('64.2 [11.3] years', 64.2, 11.3, 'years')],
    ['age 64.2 [11.3]', msd('64.2 [11.3]', 64.2, 11.3, DAMAGED)],
    ['mean 64.2, SD 11.3', msd('64.2, SD 11.3', 64.2, 11.3)],
    ['Systolic blood pressure fell by a mean 12.3 (SE 1.2) mm Hg.', mse('12.3 (SE 1.2) mm Hg', 12.3, 1.2, 'mm Hg')],
    ['Weight loss was 4.1 ± 0.6 kg (SEM).', mse('4.1 ± 0.6 kg (SEM)', 4.1, 0.6, 'kg')],
    [
      'Values are mean ± SEM. Infarct size was 31.2 ± 2.4% in controls and 18.7 ± 1.9% in treated animals.',
      mse('31.2 ± 2.4%', 31.2, 2.4, '%'),
      mse('18.7 ± 1.9%', 18.7, 1.9, '%'),
    ],
    ['Infarct size (mean ± SEM) 31.2 ± 2.4%', mse('31.2 ± 2.4%', 31.2, 2.4, '%')],
    ['mean ± SEM 31.2 ± 2.4%', mse('31.2 ± 2.4%', 31.2, 2.4, '%')],
    [
      'Values are mean ± SEM. Infarct size fell from 31.2 ± 2.4% to 18.7 ± 1.9%.',
      {
        kind: 'change',
        text: 'from 31.2 ± 2.4% to 18.7 ± 1.9%',
        values: { before: { mean: 31.2, se: 2.4 }, after: { mean: 18.7, se: 1.9 } },
        unit: '%',
      },
    ],
    ['Values are mean ± SD. Infarct size was 31.2 ± 2.4% in controls.', msd('31.2 ± 2.4%', 31.2, 2.4, '%')],
    ['Mean (SE) change 64.2 (1.3) points.', mse('64.2 (1.3) points', 64.2, 1.3, 'points')],
    [
      'Mortality at 28 days was 12.5% with the intervention vs 18.9% with usual care (absolute risk difference, −6.4 percentage points; 95% CI, −11.0 to −1.8).',
      pct('12.5%', 12.5),
      pct('18.9%', 18.9),
      est('absolute risk difference, −6.4 percentage points; 95% CI, −11.0 to −1.8', -6.4, -11, -1.8, 95, {
        measure: 'RD',
      }),
    ],
    ['HbA1c decreased by 0.8% (95% CI 0.5 to 1.1)', est('0.8% (95% CI 0.5 to 1.1)', 0.8, 0.5, 1.1, 95, { unit: '%' })],
    [
      'The mean change in HbA1c was −0.8% (95% CI −1.1 to −0.5).',
      est('−0.8% (95% CI −1.1 to −0.5)', -0.8, -1.1, -0.5, 95, { unit: '%' }),
    ],
    [
      'mean difference −2.1 (95% CI −3.5 to −0.7)',
      est('mean difference −2.1 (95% CI −3.5 to −0.7)', -2.1, -3.5, -0.7, 95, { measure: 'MD' }),
    ],
    [
      'MD -4.3 mm Hg (95% CI -6.1 to -2.5)',
      est('MD -4.3 mm Hg (95% CI -6.1 to -2.5)', -4.3, -6.1, -2.5, 95, { measure: 'MD', unit: 'mm Hg' }),
    ],
    [
      'The between-group difference was 4.2 points (95% CI, 1.1 to 7.3; P = .008).',
      est('difference was 4.2 points (95% CI, 1.1 to 7.3', 4.2, 1.1, 7.3, 95, {
        measure: 'difference',
        unit: 'points',
      }),
      p('P = .008', 0.008, '='),
    ],
    ['in 45 of 1,020 patients (4.4%) in the dapagliflozin group', of('45 of 1,020 patients (4.4%)', 45, 1020, 4.4)],
    ['in 12 out of 40 patients (30%)', of('12 out of 40 patients (30%)', 12, 40, 30)],
    [
      'Serious adverse events occurred in 18 (7.5%) and 21 (8.8%) patients, respectively.',
      ep('18 (7.5%)', 18, 7.5),
      ep('21 (8.8%)', 21, 8.8),
    ],
    [
      '(HR 0.74; 95% CI 0.65–0.85; P<0.001)',
      ratio('HR 0.74; 95% CI 0.65–0.85', 'HR', 0.74, 0.65, 0.85, 95),
      p('P<0.001', 0.001, '<'),
    ],
    [
      'hazard ratio for death from any cause, 0.83; 95% CI, 0.71 to 0.97',
      ratio('hazard ratio for death from any cause, 0.83; 95% CI, 0.71 to 0.97', 'HR', 0.83, 0.71, 0.97, 95),
    ],
    [
      'HR for death, 0.68; 95% CI, 0.52 to 0.89',
      ratio('HR for death, 0.68; 95% CI, 0.52 to 0.89', 'HR', 0.68, 0.52, 0.89, 95),
    ],
    ['The number needed to treat was 21 (95% CI 12 to 98).', est('21 (95% CI 12 to 98)', 21, 12, 98, 95)],
    [
      'Overall, 287 of 1,012 patients (28.4%) reached the primary end point',
      of('287 of 1,012 patients (28.4%)', 287, 1012, 28.4),
    ],
    ['A total of 9/10 patients completed follow-up.', of('9/10 patients', 9, 10)],
    ['Adherence was 92% in both groups.', pct('92%', 92)],
    ['Recruitment: N=48 (n=24 per arm).', n('N=48', 48), n('n=24', 24)],
    ['Quality of life improved by 5.3 ± 8.1 points on the KCCQ', msd('5.3 ± 8.1 points', 5.3, 8.1, 'points')],
    [
      '6-minute walk distance increased from 312 ± 96 m to 359 ± 101 m',
      chg('from 312 ± 96 m to 359 ± 101 m', [312, 96], [359, 101], 'm'),
    ],
    [
      'Systolic pressure decreased from 142 ± 18 mm Hg to 128 ± 15 mm Hg.',
      chg('from 142 ± 18 mm Hg to 128 ± 15 mm Hg', [142, 18], [128, 15], 'mm Hg'),
    ],
    ['Response rates increased from 23% to 32%.', chg('from 23% to 32%', [23], [32], '%')],
    ['eGFR rose from 38 to 44 ml/min/1.73 m2', chg('from 38 to 44 ml/min/1.73 m2', [38], [44], 'ml/min/1.73 m²')],
    ['P for interaction = 0.04', p('P for interaction = 0.04', 0.04, '=')],
    ['P for trend <0.001', p('P for trend <0.001', 0.001, '<')],
    ['(log-rank P = 0.002)', p('P = 0.002', 0.002, '=')],
  ]),
  ...rows('written: cohort studies', [
    [
      'After multivariable adjustment, diabetes was associated with incident heart failure (adjusted hazard ratio 1.62, 95% CI 1.31–2.01).',
      ratio('adjusted hazard ratio 1.62, 95% CI 1.31–2.01', 'HR', 1.62, 1.31, 2.01, 95, { adjusted: true }),
    ],
    [
      'aHR 0.62 [95% CI 0.45, 0.85]',
      ratio('aHR 0.62 [95% CI 0.45, 0.85]', 'HR', 0.62, 0.45, 0.85, 95, { adjusted: true }),
    ],
    [
      'adjusted odds ratio 1.8 (1.2 to 2.7)',
      ratio('adjusted odds ratio 1.8 (1.2 to 2.7)', 'OR', 1.8, 1.2, 2.7, null, { adjusted: true }),
    ],
    [
      'aOR, 2.31; 95% CI, 1.40-3.81',
      ratio('aOR, 2.31; 95% CI, 1.40-3.81', 'OR', 2.31, 1.4, 3.81, 95, { adjusted: true }),
    ],
    [
      'multivariable-adjusted HR 1.32 (95% CI 1.05–1.66)',
      ratio('multivariable-adjusted HR 1.32 (95% CI 1.05–1.66)', 'HR', 1.32, 1.05, 1.66, 95, { adjusted: true }),
    ],
    ['OR = 1.23, 95% CI: 1.01-1.50', ratio('OR = 1.23, 95% CI: 1.01-1.50', 'OR', 1.23, 1.01, 1.5, 95)],
    [
      '(OR 2.10; 95% CI, 1.35-3.27; P < .001)',
      ratio('OR 2.10; 95% CI, 1.35-3.27', 'OR', 2.1, 1.35, 3.27, 95),
      p('P < .001', 0.001, '<'),
    ],
    ['IRR 0.78 (95% CI 0.66–0.92)', ratio('IRR 0.78 (95% CI 0.66–0.92)', 'IRR', 0.78, 0.66, 0.92, 95)],
    [
      'incidence rate ratio, 1.45; 95% CI, 1.12 to 1.88',
      ratio('incidence rate ratio, 1.45; 95% CI, 1.12 to 1.88', 'IRR', 1.45, 1.12, 1.88, 95),
    ],
    ['relative risk 0.80 (95% CI 0.70–0.91)', ratio('relative risk 0.80 (95% CI 0.70–0.91)', 'RR', 0.8, 0.7, 0.91, 95)],
    [
      'subdistribution hazard ratio 0.74 (95% CI 0.58–0.95)',
      ratio('subdistribution hazard ratio 0.74 (95% CI 0.58–0.95)', 'SHR', 0.74, 0.58, 0.95, 95),
    ],
    ['sHR 0.74 (0.58-0.95)', ratio('sHR 0.74 (0.58-0.95)', 'SHR', 0.74, 0.58, 0.95, null)],
    ['HR, 0.76 [90% CI, 0.61-0.95]', ratio('HR, 0.76 [90% CI, 0.61-0.95]', 'HR', 0.76, 0.61, 0.95, 90)],
    ['OR 0.45 (99% CI 0.21 to 0.96)', ratio('OR 0.45 (99% CI 0.21 to 0.96)', 'OR', 0.45, 0.21, 0.96, 99)],
    ['odds ratio (OR) 2.4 (95% CI 1.3–4.4)', ratio('odds ratio (OR) 2.4 (95% CI 1.3–4.4)', 'OR', 2.4, 1.3, 4.4, 95)],
    ['HR 0.51 (0.27–0.98)', ratio('HR 0.51 (0.27–0.98)', 'HR', 0.51, 0.27, 0.98, null)],
    ['HR 0.51 (95% CI 0.27–0.98)', ratio('HR 0.51 (95% CI 0.27–0.98)', 'HR', 0.51, 0.27, 0.98, 95)],
    ['HR 0.51 (CI 0.27–0.98)', ratio('HR 0.51 (CI 0.27–0.98)', 'HR', 0.51, 0.27, 0.98, 95, { warned: true })],
    ['HR 0.51 (95%CI 0.27-0.98)', ratio('HR 0.51 (95%CI 0.27-0.98)', 'HR', 0.51, 0.27, 0.98, 95)],
    ['HR 0.51 (CI 95% 0.27 to 0.98)', ratio('HR 0.51 (CI 95% 0.27 to 0.98)', 'HR', 0.51, 0.27, 0.98, 95)],
    ['HR: 1.45 (95% CI: 1.12 – 1.88)', ratio('HR: 1.45 (95% CI: 1.12 – 1.88)', 'HR', 1.45, 1.12, 1.88, 95)],
    ['HR 0.51 [0.27,0.98]', ratio('HR 0.51 [0.27,0.98]', 'HR', 0.51, 0.27, 0.98, null)],
    ['HR=1.45 [1.12; 1.88]', ratio('HR=1.45 [1.12; 1.88]', 'HR', 1.45, 1.12, 1.88, null)],
    ['crude HR 2.10 (95% CI 1.60-2.75)', ratio('crude HR 2.10 (95% CI 1.60-2.75)', 'HR', 2.1, 1.6, 2.75, 95)],
    [
      'prevalence ratio 1.34 (95% CI 1.10-1.63)',
      ratio('prevalence ratio 1.34 (95% CI 1.10-1.63)', 'PR', 1.34, 1.1, 1.63, 95),
    ],
    [
      'rate ratio 0.88 (95% CI 0.79 to 0.98)',
      ratio('rate ratio 0.88 (95% CI 0.79 to 0.98)', 'IRR', 0.88, 0.79, 0.98, 95),
    ],
    [
      'The cohort included 12,450 adults (mean age 58.3 ± 9.7 years; 54% women).',
      n('12,450 adults', 12450),
      msd('58.3 ± 9.7 years', 58.3, 9.7, 'years'),
      pct('54%', 54),
    ],
    ['BMI 27.4 ± 4.1 kg/m2', msd('27.4 ± 4.1 kg/m2', 27.4, 4.1, 'kg/m²')],
    ['BMI 27.4 ± 4.1 kg/m²', msd('27.4 ± 4.1 kg/m²', 27.4, 4.1, 'kg/m²')],
    ['SBP 142 ± 18 mmHg', msd('142 ± 18 mmHg', 142, 18, 'mm Hg')],
    ['eGFR 58 ± 21 ml/min/1.73 m²', msd('58 ± 21 ml/min/1.73 m²', 58, 21, 'ml/min/1.73 m²')],
    ['HbA1c 7.8 ± 1.2%', msd('7.8 ± 1.2%', 7.8, 1.2, '%')],
    ['LVEF 23.5% ± 4.3%', msd('23.5% ± 4.3%', 23.5, 4.3, '%')],
    ['heart rate 72 ± 12 bpm', msd('72 ± 12 bpm', 72, 12, 'bpm')],
    ['64.2±11.3', msd('64.2±11.3', 64.2, 11.3)],
    ['64.2 +- 11.3 years', msd('64.2 +- 11.3 years', 64.2, 11.3, 'years')],
    ['64.2 (± 11.3) years', msd('64.2 (± 11.3) years', 64.2, 11.3, 'years')],
    ['creatinine 1.4 ± 0.5 mg/dL', msd('1.4 ± 0.5 mg/dL', 1.4, 0.5, 'mg/dL')],
    ['NT-proBNP 2,350 ± 1,120 pg/ml', msd('2,350 ± 1,120 pg/ml', 2350, 1120, 'pg/ml')],
    ['follow-up 4.2 ± 1.8 yr', msd('4.2 ± 1.8 yr', 4.2, 1.8, 'yr')],
    ['sodium 138 ± 4 mmol/L', msd('138 ± 4 mmol/L', 138, 4, 'mmol/L')],
    ['QRS duration 158 ± 22 msec', msd('158 ± 22 msec', 158, 22, 'msec')],
    ['cholesterol 5.2 ± 1.1 mmol/l', msd('5.2 ± 1.1 mmol/l', 5.2, 1.1, 'mmol/l')],
    ['mean change −3.2 ± 1.1 kg', msd('−3.2 ± 1.1 kg', -3.2, 1.1, 'kg')],
    [
      'Participants were followed for a median of 8.1 years (IQR 6.3–9.9).',
      iqr('median of 8.1 years (IQR 6.3–9.9)', 8.1, 6.3, 9.9, 'years'),
    ],
    ['median age 67 years (IQR 58–74)', iqr('median age 67 years (IQR 58–74)', 67, 58, 74, 'years')],
    [
      'median follow-up of 33 months (interquartile range, 20 to 45)',
      iqr('median follow-up of 33 months (interquartile range, 20 to 45)', 33, 20, 45, 'months'),
    ],
    ['median (IQR) length of stay 5 (3–8) days', iqr('median (IQR) length of stay 5 (3–8) days', 5, 3, 8, 'days')],
    ['Median (IQR) age, 71 (64-78) years', iqr('Median (IQR) age, 71 (64-78) years', 71, 64, 78, 'years')],
    ['median 12 days (range 2–41)', range('median 12 days (range 2–41)', 12, 2, 41, 'days')],
    [
      'median age was 58 years (range, 19 to 87)',
      range('median age was 58 years (range, 19 to 87)', 58, 19, 87, 'years'),
    ],
    ['median [IQR] 5 [3-8]', iqr('median [IQR] 5 [3-8]', 5, 3, 8)],
    ['33 (IQR 20–45)', iqr('33 (IQR 20–45)', 33, 20, 45)],
    [
      'median NT-proBNP 1,450 pg/ml (IQR 780–2,900)',
      iqr('median NT-proBNP 1,450 pg/ml (IQR 780–2,900)', 1450, 780, 2900, 'pg/ml'),
    ],
    ['median 5.0 (25th–75th percentile, 3.0–8.0)', iqr('median 5.0 (25th–75th percentile, 3.0–8.0)', 5, 3, 8)],
    ['median 7 (Q1–Q3, 4–10)', iqr('median 7 (Q1–Q3, 4–10)', 7, 4, 10)],
    ['median 4 (min–max 1–12)', range('median 4 (min–max 1–12)', 4, 1, 12)],
    ['Median time to recovery was 9 days (95% CI 7–11).', est('9 days (95% CI 7–11)', 9, 7, 11, 95, { unit: 'days' })],
    ['median 33 months, IQR 20–45', iqr('median 33 months, IQR 20–45', 33, 20, 45, 'months')],
    [
      'In total, 3,812 patients were included; 1,906 (50.0%) were women.',
      n('3,812 patients', 3812),
      ep('1,906 (50.0%)', 1906, 50),
    ],
    ['Women, n (%) 40 (55.0)', ep('40 (55.0)', 40, 55)],
    ['Diabetes, No. (%) 112 (23.4)', ep('112 (23.4)', 112, 23.4)],
    ['Smokers 34 (28%)', ep('34 (28%)', 34, 28)],
    ['Of these, 17 ICD (23%) and 62 CRT patients', ep('17 ICD (23%)', 17, 23), n('62 CRT patients', 62)],
    ['a total of 5,611 eligible women', n('5,611 eligible women', 5611)],
    ['in 152 consecutive patients', n('152 consecutive patients', 152)],
    ['2,015 cases and 4,030 controls', n('2,015 cases', 2015), n('4,030 controls', 4030)],
    ['Twelve children were excluded.', n('Twelve children', 12)],
    ['nine of ten patients improved', of('nine of ten patients', 9, 10)],
    ['Three of 12 centres withdrew.', of('Three of 12 centres', 3, 12)],
    ['one of the authors'],
    ['AF recurred in 34/120 (50.0%).', of('34/120 (50.0%)', 34, 120, 50, { warned: true })],
  ]),
  ...rows('written: meta-analyses', [
    ['Twelve trials (n = 4,312) were included.', n('Twelve trials', 12), n('n = 4,312', 4312)],
    [
      'We included 23 studies (18 RCTs) with 9,871 participants.',
      n('23 studies', 23),
      n('18 RCTs', 18),
      n('9,871 participants', 9871),
    ],
    [
      'pooled OR 1.52 (95% CI 1.21–1.91; I2 = 34%)',
      ratio('pooled OR 1.52 (95% CI 1.21–1.91', 'OR', 1.52, 1.21, 1.91, 95),
      pct('34%', 34),
    ],
    [
      'RR 0.80, 95% CI 0.70 to 0.91; I² = 0%; P = 0.62',
      ratio('RR 0.80, 95% CI 0.70 to 0.91', 'RR', 0.8, 0.7, 0.91, 95),
      pct('0%', 0),
      p('P = 0.62', 0.62, '='),
    ],
    ['SMD 0.42 (95% CI 0.18 to 0.66)', est('SMD 0.42 (95% CI 0.18 to 0.66)', 0.42, 0.18, 0.66, 95, { measure: 'SMD' })],
    [
      'SMD -0.35, 95% CI -0.60 to -0.10',
      est('SMD -0.35, 95% CI -0.60 to -0.10', -0.35, -0.6, -0.1, 95, { measure: 'SMD' }),
    ],
    [
      'WMD −5.2 ml/min (95% CI −8.9 to −1.5)',
      est('WMD −5.2 ml/min (95% CI −8.9 to −1.5)', -5.2, -8.9, -1.5, 95, { measure: 'WMD', unit: 'ml/min' }),
    ],
    [
      'RD 3.1% (95% CI 0.4% to 5.8%)',
      est('RD 3.1% (95% CI 0.4% to 5.8%)', 3.1, 0.4, 5.8, 95, { measure: 'RD', unit: '%' }),
    ],
    [
      'weighted mean difference 2.8 mm (95% CI 1.2 to 4.4)',
      est('weighted mean difference 2.8 mm (95% CI 1.2 to 4.4)', 2.8, 1.2, 4.4, 95, { measure: 'WMD', unit: 'mm' }),
    ],
    [
      'standardized mean difference, 0.31 [95% CI, 0.12 to 0.50]',
      est('standardized mean difference, 0.31 [95% CI, 0.12 to 0.50]', 0.31, 0.12, 0.5, 95, { measure: 'SMD' }),
    ],
    ['β = 0.21 (95% CI 0.08–0.34)', est('β = 0.21 (95% CI 0.08–0.34)', 0.21, 0.08, 0.34, 95, { measure: 'β' })],
    ['0.51 (95% CI 0.27-0.98)', est('0.51 (95% CI 0.27-0.98)', 0.51, 0.27, 0.98, 95)],
    ['pooled prevalence 31% (95% CI 24%–38%)', est('31% (95% CI 24%–38%)', 31, 24, 38, 95, { unit: '%' })],
    ['summary sensitivity 0.86 (95% CrI 0.79 to 0.91)', est('0.86 (95% CrI 0.79 to 0.91)', 0.86, 0.79, 0.91, 95)],
    [
      'mortality 0.92 (95% confidence limits 0.85, 0.99)',
      est('0.92 (95% confidence limits 0.85, 0.99)', 0.92, 0.85, 0.99, 95),
    ],
    ['heterogeneity was moderate (I2 = 45%, P = 0.03)', pct('45%', 45), p('P = 0.03', 0.03, '=')],
    ["Egger's test P = 0.21", p('P = 0.21', 0.21, '=')],
    [
      'Pooled HR 0.79 (95% CI 0.71 to 0.88) across 8 trials',
      ratio('Pooled HR 0.79 (95% CI 0.71 to 0.88)', 'HR', 0.79, 0.71, 0.88, 95),
      n('8 trials', 8),
    ],
    [
      'OR 1.18; 95% CI 0.97 to 1.43; P = 0.09; 14 studies',
      ratio('OR 1.18; 95% CI 0.97 to 1.43', 'OR', 1.18, 0.97, 1.43, 95),
      p('P = 0.09', 0.09, '='),
      n('14 studies', 14),
    ],
    [
      'Risk Ratio (M-H, Random, 95% CI) 0.82 [0.71, 0.95]',
      ratio('Risk Ratio (M-H, Random, 95% CI) 0.82 [0.71, 0.95]', 'RR', 0.82, 0.71, 0.95, 95),
    ],
    [
      'Odds Ratio (M-H, Fixed, 95% CI) 1.35 [1.02, 1.79]',
      ratio('Odds Ratio (M-H, Fixed, 95% CI) 1.35 [1.02, 1.79]', 'OR', 1.35, 1.02, 1.79, 95),
    ],
    [
      'Mean Difference (IV, Fixed, 95% CI) -1.20 [-2.05, -0.35]',
      est('Mean Difference (IV, Fixed, 95% CI) -1.20 [-2.05, -0.35]', -1.2, -2.05, -0.35, 95, { measure: 'MD' }),
    ],
    [
      'Std. Mean Difference (IV, Random, 95% CI) 0.45 [0.12, 0.78]',
      est('Std. Mean Difference (IV, Random, 95% CI) 0.45 [0.12, 0.78]', 0.45, 0.12, 0.78, 95, { measure: 'SMD' }),
    ],
    ['Heterogeneity: Tau² = 0.01; Chi² = 12.3, df = 7 (P = 0.09); I² = 43%', p('P = 0.09', 0.09, '='), pct('43%', 43)],
    ['Test for overall effect: Z = 3.21 (P = 0.001)', p('P = 0.001', 0.001, '=')],
    [
      'the primary outcome occurred in 386 of 2373 patients (16.3%) in the dapagliflozin group and in 502 of 2371 patients (21.2%) in the placebo group (hazard ratio, 0.74; 95% confidence interval [CI], 0.65 to 0.85; P<0.001)',
      of('386 of 2373 patients (16.3%)', 386, 2373, 16.3),
      of('502 of 2371 patients (21.2%)', 502, 2371, 21.2),
      ratio('hazard ratio, 0.74; 95% confidence interval [CI], 0.65 to 0.85', 'HR', 0.74, 0.65, 0.85, 95),
      p('P<0.001', 0.001, '<'),
    ],
    ['ORs 1.25 (1.05–1.49)', ratio('ORs 1.25 (1.05–1.49)', 'OR', 1.25, 1.05, 1.49, null)],
  ]),
  ...rows('written: journal house styles', [
    [
      'HR 0·74 (95% CI 0·65–0·85; p<0·0001)',
      ratio('HR 0·74 (95% CI 0·65–0·85', 'HR', 0.74, 0.65, 0.85, 95),
      p('p<0·0001', 0.0001, '<'),
    ],
    ['mean age 63·2 years (SD 9·8)', msd('63·2 years (SD 9·8)', 63.2, 9.8, 'years')],
    ['OR [95% CI] 1.8 [1.2–2.7]', ratio('OR [95% CI] 1.8 [1.2–2.7]', 'OR', 1.8, 1.2, 2.7, 95)],
    ['HR (95% CI): 0.51 (0.27-0.98)', ratio('HR (95% CI): 0.51 (0.27-0.98)', 'HR', 0.51, 0.27, 0.98, 95)],
    ['64 (s.d. 11) years', msd('64 (s.d. 11) years', 64, 11, 'years')],
    ['in 12 of the 40 patients', of('12 of the 40 patients', 12, 40)],
    ['OR: 1.8 [CI: 1.2-2.7]', ratio('OR: 1.8 [CI: 1.2-2.7]', 'OR', 1.8, 1.2, 2.7, 95, { warned: true })],
    ['HR = 0.51, 95% CI = 0.27-0.98', ratio('HR = 0.51, 95% CI = 0.27-0.98', 'HR', 0.51, 0.27, 0.98, 95)],
    ['(RR, 0.85 [95% CI, 0.74-0.97])', ratio('RR, 0.85 [95% CI, 0.74-0.97]', 'RR', 0.85, 0.74, 0.97, 95)],
    ['(mean [SD] age, 61.4 [8.7] years)', msd('61.4 [8.7] years', 61.4, 8.7, 'years')],
    ['(median [IQR] age, 61 [54-68] years)', iqr('median [IQR] age, 61 [54-68] years', 61, 54, 68, 'years')],
    ['the HR was 0.5 (0.3-0.8)', ratio('HR was 0.5 (0.3-0.8)', 'HR', 0.5, 0.3, 0.8, null)],
    [
      'ARR 3.1% (95% CI 1.2 to 5.0)',
      est('ARR 3.1% (95% CI 1.2 to 5.0)', 3.1, 1.2, 5, 95, { measure: 'ARR', unit: '%' }),
    ],
    ['HR or OR 1.2 or more'],
    ['HR 72 (65–80) bpm'],
    ['RR 18 (16–22) breaths/min'],
    ['resting HR 88 (70-110)'],
    [
      '(difference, −2.4 percentage points; 95% CI, −4.1 to −0.7)',
      est('difference, −2.4 percentage points; 95% CI, −4.1 to −0.7', -2.4, -4.1, -0.7, 95, { measure: 'difference' }),
    ],
  ]),
  ...rows('written: p-values', [
    ['P=.03', p('P=.03', 0.03, '=')],
    ['P = 0.04', p('P = 0.04', 0.04, '=')],
    ['p<0.001', p('p<0.001', 0.001, '<')],
    ['P < .001', p('P < .001', 0.001, '<')],
    ['p-value = 0.03', p('p-value = 0.03', 0.03, '=')],
    ['P value of 0.03', p('P value of 0.03', 0.03, '=')],
    ['P = 0.6', p('P = 0.6', 0.6, '=')],
    ['P ≤ 0.05', p('P ≤ 0.05', 0.05, '≤')],
    ['P<=0.05', p('P<=0.05', 0.05, '≤')],
    ['P>0.05', p('P>0.05', 0.05, '>')],
    ['P ≥ 0.2', p('P ≥ 0.2', 0.2, '≥')],
    ['P > .99', p('P > .99', 0.99, '>')],
    ['(P = 3 × 10⁻⁴)', p('P = 3 × 10⁻⁴', 0.0003, '=')],
    ['P = 2.1 × 10−5', p('P = 2.1 × 10−5', 0.000021, '=')],
    ['P = 1.2x10^-8', p('P = 1.2x10^-8', 1.2e-8, '=')],
    ['p = 1.2e-5', p('p = 1.2e-5', 0.000012, '=')],
    ['Pinteraction = 0.02', p('Pinteraction = 0.02', 0.02, '=')],
    ['P-trend = 0.01', p('P-trend = 0.01', 0.01, '=')],
    ['P-interaction <0.05', p('P-interaction <0.05', 0.05, '<')],
    ['P: 0.02', p('P: 0.02', 0.02, '=')],
    ['P for heterogeneity = 0.41', p('P for heterogeneity = 0.41', 0.41, '=')],
    ['P$0.05', p('P$0.05', 0.05, '≥', DAMAGED)],
    ['P#0.05', p('P#0.05', 0.05, '≤', DAMAGED)],
    ['P = NS'],
    ['p 53 mutation'],
    ['Figure 2 and Table 3'],
  ]),
  ...rows('written: number formats', [
    ['23,5 ± 4,3', msd('23,5 ± 4,3', 23.5, 4.3, DAMAGED)],
    ['HR 0,51 (0,27–0,98)', ratio('HR 0,51 (0,27–0,98)', 'HR', 0.51, 0.27, 0.98, null, { warned: true })],
    ['−2.1 ± 0.4', msd('−2.1 ± 0.4', -2.1, 0.4)],
    [
      'change of \u22120.5 (95% CI \u22120.9 to \u22120.1)',
      est('\u22120.5 (95% CI \u22120.9 to \u22120.1)', -0.5, -0.9, -0.1, 95),
    ],
    ['HR 0.51 (0.27-\n0.98)', ratio('HR 0.51 (0.27-\n0.98)', 'HR', 0.51, 0.27, 0.98, null)],
    ['23.5\n± 4.3%', msd('23.5\n± 4.3%', 23.5, 4.3, '%')],
    ['0.98 (0.95 – 1.01)'],
    ['NT-proBNP 1\u2009088 ± 284 pg/ml', msd('1\u2009088 ± 284 pg/ml', 1088, 284, 'pg/ml')],
    ['in 12\u00a0450 patients', n('12\u00a0450 patients', 12450)],
    ['HR 0,51 (IC 95% 0,27-0,98)', ratio('HR 0,51 (IC 95% 0,27-0,98)', 'HR', 0.51, 0.27, 0.98, 95, { warned: true })],
    ['reductions of 15–20% were seen'],
    ['from 15 to 20% of patients', chg('from 15 to 20%', [15], [20], '%')],
    ['COVID-19 and SF-36 scores'],
    ['class III/IV heart failure'],
    ['stage 4 CKD and 6-month follow-up'],
    ['between 2000 and 2012'],
    ['from 2000 to 2012'],
    ['as reported previously [12]'],
    ['12 [3]'],
    ['at 3, 6 and 12 months'],
    ['30 percent', pct('30 percent', 30)],
    ['QRS <120 ms'],
  ]),
  ...rows('written: declared formats and intervals without estimates', [
    [
      'Data are n (%) or mean ± SD. Men 40 (55.0)',
      {
        kind: 'ambiguous',
        text: '40 (55.0)',
        warned: true,
        candidates: [
          { kind: 'count', values: { events: 40, percent: 55 } },
          { kind: 'mean_sd', values: { mean: 40, sd: 55 } },
        ],
      },
    ],
    [
      'Data are mean (SD) or n (%). Age 64.2 (11.3); women 40 (55%)',
      msd('64.2 (11.3)', 64.2, 11.3),
      ep('40 (55%)', 40, 55),
    ],
    ['Values are median (IQR). Length of stay 6 (4–9) days', iqr('6 (4–9) days', 6, 4, 9, 'days')],
    ['Values are median (range). Age 71 (45–89) years', range('71 (45–89) years', 71, 45, 89, 'years')],
    [
      'from 226 ± 78 ml at baseline to 212 ± 83 ml at 6 months',
      chg('from 226 ± 78 ml at baseline to 212 ± 83 ml', [226, 78], [212, 83], 'ml'),
    ],
    ['95% CI 0.27 to 0.98'],
    ['(95% CI, 0.27 to 0.98)'],
    ['enrolled in 03/2019'],
    ['revised 3/4/2019 and 1/2/3'],
    ['3/4 of the patients', of('3/4', 3, 4)],
  ]),
  ...rows('written: real-abstract reporting styles', [
    [
      'Hospital stay was 6 (4–9) days with the pathway and 8 (5–12) days without it (median [inter-quartile range]).',
      iqr('6 (4–9) days', 6, 4, 9, 'days'),
      iqr('8 (5–12) days', 8, 5, 12, 'days'),
    ],
    [
      'Mean (95% CI) systolic pressure fell by −6.2 (−8.9, −3.5) mm Hg with the diet.',
      est('−6.2 (−8.9, −3.5) mm Hg', -6.2, -8.9, -3.5, 95, { unit: 'mm Hg' }),
    ],
    [
      'Time to extubation was 3.4 (1.2) versus 4.1 (1.5) h (mean ± SD; P = 0.02).',
      msd('3.4 (1.2)', 3.4, 1.2, { unit: 'h', warned: true }),
      msd('4.1 (1.5) h', 4.1, 1.5, 'h'),
      p('P = 0.02', 0.02, '='),
    ],
    ['Serum ferritin reached 48.2 ± 3.1 (mean ± SEM) after treatment.', mse('48.2 ± 3.1', 48.2, 3.1)],
    [
      'Relapse rates were 22·4% [18·0–26·8] after surgery and 15·1% [11·5–18·7] after radiotherapy.',
      est('22·4% [18·0–26·8]', 22.4, 18.0, 26.8, null, { unit: '%' }),
      est('15·1% [11·5–18·7]', 15.1, 11.5, 18.7, null, { unit: '%' }),
    ],
    [
      'The odds ratio of readmission for patients discharged at weekends was 1.42 (95% CI 1.10–1.83).',
      ratio(
        'odds ratio of readmission for patients discharged at weekends was 1.42 (95% CI 1.10–1.83)',
        'OR',
        1.42,
        1.1,
        1.83,
        95,
      ),
    ],
    [
      'Fifty-two patients (41%) and One hundred and six controls were enrolled.',
      ep('Fifty-two patients (41%)', 52, 41),
      n('One hundred and six controls', 106),
    ],
    [
      'Remission occurred in n = 38/112 on the higher dose and 66.7% (24/36) of responders relapsed.',
      of('n = 38/112', 38, 112),
      of('66.7% (24/36)', 24, 36, 66.7),
    ],
    [
      'Incidence was 9,8% in Lyon (p = 0,031; P < 0,001 for trend).',
      pct('9,8%', 9.8, undefined, { warned: true }),
      p('p = 0,031', 0.031, '=', { warned: true }),
      p('P < 0,001', 0.001, '<', { warned: true }),
    ],
    [
      'Costs were lower with the app (−£212, 95% CI −£530 to £106).',
      est('−£212, 95% CI −£530 to £106', -212, -530, 106, 95, { unit: '£' }),
    ],
    [
      'Symptoms were rated from 0 to 10 and followed from 1 to 12 months; 1 of the 3 study arms and one of two sites stopped early.',
    ],
    ['Adults aged 18 to 75 years received 20 mg/kg of the drug (ISRCTN43219876; 12/03/2015) [14].'],
    [
      'Rates were 3.1 vs. 4.6%/year (p-value from the log-rank test = 0.03).',
      pct('3.1', 3.1, undefined, { warned: true }),
      pct('4.6%', 4.6),
      p('p-value from the log-rank test = 0.03', 0.03, '='),
    ],
  ]),
  ...rows('written: PDF symbol-font damage', [
    ['LVEF 23.564.3%', msd('23.564.3%', 23.5, 4.3, { unit: '%', ...DAMAGED })],
    [
      'LVEF increased (23.564.3% to 32.069.1%)',
      chg('23.564.3% to 32.069.1%', [23.5, 4.3], [32, 9.1], { unit: '%', ...DAMAGED }),
    ],
    ['dobutamine 4.361.9 µg/kg/min', msd('4.361.9 µg/kg/min', 4.3, 1.9, { unit: 'µg/kg/min', ...DAMAGED })],
    ['(age 55613 years)', msd('55613 years', 55, 13, { unit: 'years', ...DAMAGED })],
    ['QRS duration 153625 ms', msd('153625 ms', 153, 25, { unit: 'ms', ...DAMAGED })],
    ['follow-up 1,0886284 days'],
    [
      'LVESV decreased from 174665 to 150678 ml',
      chg('from 174665 to 150678 ml', [174, 65], [150, 78], { unit: 'ml', ...DAMAGED }),
    ],
    ['volume ,35%', pct(',35%', 35, '<', DAMAGED)],
    ['71610 years and 55 ± 13 years', msd('55 ± 13 years', 55, 13, 'years')],
    ['in 2016 ms'],
    ['1650 ml'],
    [
      'QRS 12.6661.5 ms',
      {
        kind: 'ambiguous',
        text: '12.6661.5 ms',
        warned: true,
        candidates: [
          { kind: 'mean_sd', values: { mean: 12.66, sd: 1.5 }, unit: 'ms' },
          { kind: 'mean_sd', values: { mean: 12.6, sd: 61.5 }, unit: 'ms' },
        ],
      },
    ],
    [
      'median 4 (1–12)',
      {
        kind: 'ambiguous',
        text: 'median 4 (1–12)',
        warned: true,
        candidates: [
          { kind: 'median_iqr', values: { median: 4, q1: 1, q3: 12 } },
          { kind: 'median_range', values: { median: 4, min: 1, max: 12 } },
        ],
      },
    ],
  ]),
];
