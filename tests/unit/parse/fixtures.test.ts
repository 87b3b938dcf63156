// The recogniser over whole fixture abstracts (tests/fixtures/sources/*.txt), read as a reviewer would
// paste them: every statistic, in order, and nothing else. The phrasing table checks values and units
// sentence by sentence; this checks that whole texts (with their document-level modes: damaged "±",
// declared formats) give the same list.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recognise } from '../../../shared/parse';
import { crtSampleArticleText } from './pdfText';

const source = (name: string) => readFileSync(new URL(`../../fixtures/sources/${name}`, import.meta.url), 'utf8');

const expected: Record<string, Array<[string, string]>> = {
  'crt-implantation-review.txt': [['count', '453 patients']],
  'crt-inotrope-dependent-class-iv.txt': [
    ['count', 'Ten patients'],
    ['mean_sd', '55 +/- 13 years'],
    ['count', 'n = 6'],
    ['count', 'n = 4'],
    ['mean_sd', '153 +/- 25 ms'],
    ['count', 'n = 7'],
    ['count', 'n = 2'],
    ['count', 'n = 1'],
    ['count', 'n = 9'],
    ['count', 'n = 1'],
    ['count', 'n = 6'],
    ['mean_sd', '4.3 +/- 1.9 microg/kg/min'],
    ['count', 'n = 4'],
    ['mean_sd', '0.54 +/- 0.19 microg/kg/min'],
    ['count', 'n = 3'],
    ['count', 'n = 7'],
    ['mean_sd', '146 +/- 258 days'],
    ['count', 'One patient'],
    ['mean_sd', '1,088 +/- 284 days'],
    ['count', 'Three patients'],
    ['count', '9 patients'],
    ['count', 'n = 5'],
    ['count', 'n = 4'],
    ['count', '9 of 10 patients'],
    ['mean_sd', '15 +/- 14 days'],
    ['change', 'from 226 +/- 78 to 212 +/- 83 ml'],
    ['p_value', 'p = 0.08'],
    ['change', 'from 174 +/- 65 to 150 +/- 78 ml'],
    ['p_value', 'p <0.01'],
    ['change', '23.5 +/- 4.3% to 32.0 +/- 9.1%'],
    ['p_value', 'p <0.05'],
    ['count', '1 patient'],
  ],
  'crt-inotrope-meta-analysis.txt': [
    ['count', '8 studies'],
    ['count', '151 patients'],
    ['percent', '80.1%'],
    ['percent', '<30%'],
    ['estimate_ci', '93% of the reported patients (95% confidence interval: 86% to 100%)'],
    ['estimate_ci', '69% (95% confidence interval: 56% to 83%)'],
  ],
  'crt-stage4-ckd.txt': [
    ['count', '73 consecutive CRT patients'],
    ['mean_sd', '71610 years'],
    ['count', '18 patients'],
    ['percent', '$15%'],
    ['change', 'from 159678 to 145678 ml'],
    ['change', 'from 126654 to 119649 ml'],
    ['p_value', 'P=0.05'],
    ['count', '22 patients (30%)'],
    ['change', 'from 2564 to 3069 ml/min per 1.73 m 2'],
    ['p_value', 'P=0.04'],
    ['change', '2563 to 3469 ml/min per 1.73 m 2'],
    ['p_value', 'P,0.001'],
    ['count', '62 CRT patients'],
    ['p_value', 'P=0.03'],
    ['ratio_ci', 'hazard ratio, 0.51; 95% confidence interval, 0.27 to 0.98'],
    ['p_value', 'P=0.04'],
    ['percent', '30%'],
  ],
};

describe('recognise: whole fixture abstracts', () => {
  it.each(Object.keys(expected))('%s', (name) => {
    const text = source(name);
    const got = recognise(text);
    expect(got.map((s) => [s.kind, s.text])).toEqual(expected[name]);
    for (const s of got) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('reads every statistic in the fixture PDF text (crt-sample-article.pdf through pdftotext)', () => {
    const got = recognise(crtSampleArticleText);
    expect(got.map((s) => [s.kind, s.text])).toEqual([
      ['count', 'Ten patients'],
      ['mean_sd', '55 ± 13 years'],
      ['count', 'n = 6'],
      ['count', 'n = 4'],
      ['mean_sd', '153 ± 25 ms'],
      ['count', '9 of 10 patients'],
      ['mean_sd', '15 ± 14 days'],
      ['change', '23.5 ± 4.3% to 32.0 ± 9.1%'],
      ['p_value', 'p <0.05'],
      ['count', 'Ten\nconsecutive\npatients'],
      ['count', 'n = 6'],
      ['mean_sd', '4.3 ±\n1.9 µg/kg/min'],
      ['count', 'n = 4'],
      ['mean_sd', '0.54 ± 0.19\nµg/kg/min'],
      ['count', 'n = 3'],
      ['count', 'n =\n7'],
      ['mean_sd', '146 ± 258 days'],
      ['count', 'n = 10'],
      ['mean_sd', '55 ± 13'],
      ['count', '8 (80%)'],
      ['count', '6 (60%)'],
      ['mean_sd', '153 ± 25'],
      ['count', '7 (70%)'],
      ['mean_sd', '23.5 ± 4.3'],
      ['mean_sd', '226 ± 78'],
      ['mean_sd', '174 ± 65'],
      ['mean_sd', '1,088 ± 284\ndays'],
      ['count', 'Three patients'],
      ['count', '9 patients'],
      ['count', 'n = 5'],
      ['count', 'n\n= 4'],
      ['count', '9 of 10 patients'],
      ['mean_sd', '15 ± 14\ndays'],
      ['mean_sd', '226 ± 78'],
      ['mean_sd', '212 ± 83'],
      ['mean_sd', '174 ± 65'],
      ['mean_sd', '150 ± 78'],
      ['mean_sd', '23.5 ± 4.3'],
      ['mean_sd', '32.0 ± 9.1'],
      ['count', '1\npatient'],
      ['count', 'eight studies'],
      ['count', '151 patients'],
      ['estimate_ci', '93% of patients (95% confidence interval: 86% to\n100%)'],
      ['estimate_ci', '69% (95% confidence interval: 56% to 83%)'],
    ]);
    for (const s of got) expect(crtSampleArticleText.slice(s.start, s.end)).toBe(s.text);
    const split = got.find((s) => s.text === '4.3 ±\n1.9 µg/kg/min');
    expect(split?.values).toEqual({ mean: 4.3, sd: 1.9 });
    expect(split?.unit).toBe('µg/kg/min');
  });

  it('warns on exactly the statistics repaired from PDF symbol-font damage', () => {
    const warned = recognise(source('crt-stage4-ckd.txt'))
      .filter((s) => s.warnings.length > 0)
      .map((s) => s.text);
    expect(warned).toEqual([
      '71610 years',
      '$15%',
      'from 159678 to 145678 ml',
      'from 126654 to 119649 ml',
      'from 2564 to 3069 ml/min per 1.73 m 2',
      '2563 to 3469 ml/min per 1.73 m 2',
      'P,0.001',
    ]);
  });

  it('reads no damage into the abstract that has intact "+/-" signs', () => {
    for (const s of recognise(source('crt-inotrope-dependent-class-iv.txt'))) expect(s.warnings).toEqual([]);
  });
});
