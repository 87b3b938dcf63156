// Matchers for counts and percentages: count ("n = 6", "9 of 10", "34/120 (28.3%)", "22 patients (30%)",
// "151 patients", "8 (80%)" under "n (%)") and percent ("80.1%", "<30%", damaged "$15%").
// Layer: shared (pure).
import { DAMAGED_OPERATORS, operatorWarning } from './damage';
import { Format } from './formats';
import { NUMBER_WORDS } from './numbers';
import { COMPARATORS, type Scan } from './scan';
import type { Token } from './tokens';
import type { Comparator, Reading } from './types';
import type { Matcher } from './matcher';

const PARTICIPANTS = new Set([
  'patients',
  'patient',
  'participants',
  'participant',
  'subjects',
  'subject',
  'individuals',
  'people',
  'persons',
  'women',
  'men',
  'children',
  'infants',
  'neonates',
  'adults',
  'adolescents',
  'volunteers',
  'cases',
  'controls',
  'recipients',
  'responders',
  'nonresponders',
  'survivors',
  'deaths',
  'events',
  'eyes',
  'studies',
  'trials',
  'rcts',
  'cohorts',
  'centres',
  'centers',
  'hospitals',
  'pregnancies',
  'births',
  'mothers',
  'users',
  'smokers',
  'veterans',
  'residents',
  'outpatients',
  'inpatients',
]);
const MODIFIERS = new Set([
  'consecutive',
  'eligible',
  'randomized',
  'randomised',
  'evaluable',
  'enrolled',
  'included',
  'additional',
  'adult',
  'unique',
  'hospitalized',
  'hospitalised',
  'elderly',
  'older',
  'pediatric',
  'paediatric',
]);
const NOT_NOUNS = new Set([
  'of',
  'to',
  'and',
  'or',
  'in',
  'with',
  'vs',
  'versus',
  'from',
  'at',
  'for',
  'by',
  'than',
  'the',
  'was',
  'were',
  'ci',
  'p',
]);

function percentIn(s: Scan, i: number, allowBare: boolean): { percent: number; end: number; sign: boolean } | null {
  if (!s.sym(i, '(', '[')) return null;
  const close = s.sym(i, '(') ? ')' : ']';
  const v = s.value(i + 1);
  if (!v || v.value < 0 || v.value > 100) return null;
  if (v.unit !== '%' && !(allowBare && v.unit === undefined)) return null;
  if (!s.sym(v.next, close)) return null;
  return { percent: v.value, end: (s.at(v.next) as Token).end, sign: v.unit === '%' };
}

function participantNoun(s: Scan, i: number): number | null {
  let k = i;
  for (let m = 0; m < 3; m++) {
    const t = s.at(k);
    if (!t || t.type !== 'word') return null;
    if (PARTICIPANTS.has(t.norm)) return k;
    const raw = s.raw(k);
    if (!MODIFIERS.has(t.norm) && !/^[A-Z][A-Z0-9]{1,6}$/.test(raw)) return null;
    k++;
  }
  return null;
}

function countReading(values: { events?: number; total?: number; percent?: number; n?: number }): Reading {
  return { kind: 'count', values };
}

function percentCheck(events: number, total: number, percent: number): string[] {
  return Math.abs((100 * events) / total - percent) > 1 ? ['the percentage does not match events/total'] : [];
}

/** "n = 6", "9 of 10", "34/120 (28.3%)", "22 patients (30%)", "8 (80%)" in an "n (%)" table, "151 patients". */
export const count: Matcher = (s, i) => {
  const t = s.at(i);
  if (!t) return null;
  if (t.type === 'word') {
    if (t.norm === 'n' && s.sym(i + 1, '=', ':')) {
      const v = s.bare(i + 2);
      if (!v || !v.isInt || v.value < 0) return null;
      return { start: t.start, end: v.end, reading: countReading({ n: v.value }), warnings: [] };
    }
    const word = NUMBER_WORDS.get(t.norm);
    if (word === undefined) return null;
    // "nine of ten patients", "three of 12 patients"
    if (s.word(i + 1, 'of')) {
      const totalTok = s.at(i + 2);
      const total =
        totalTok?.type === 'num' && totalTok.isInt
          ? totalTok.value
          : totalTok?.type === 'word'
            ? NUMBER_WORDS.get(totalTok.norm)
            : undefined;
      if (total !== undefined && total >= word && total > 0) {
        const noun = participantNoun(s, i + 3);
        const end = noun !== null ? (s.at(noun) as Token).end : (totalTok as Token).end;
        return { start: t.start, end, reading: countReading({ events: word, total }), warnings: [] };
      }
    }
    const noun = participantNoun(s, i + 1);
    if (noun === null) return null;
    return { start: t.start, end: (s.at(noun) as Token).end, reading: countReading({ n: word }), warnings: [] };
  }
  if (t.type !== 'num' || !t.isInt || t.value < 0 || t.malformed || t.decimalComma) return null;
  const events = t.value;
  // 9 of 10, 9 out of 10, 9/10
  let k = i + 1;
  if (s.word(k, 'out') && s.word(k + 1, 'of')) k += 2;
  else if (s.word(k, 'of') || (s.sym(k, '/') && !s.at(k)?.space && !s.at(k + 1)?.space)) k += 1;
  else k = -1;
  if (k > 0 && s.word(k, 'the') && !s.sym(k - 1, '/')) k++; // "12 of the 40 patients"
  if (k > 0) {
    const total = s.bare(k);
    const slash = s.sym(k - 1, '/');
    // "03/2019", "3/4/2019" and "1/2/3" are dates or lists, not counts
    const dateLike =
      slash &&
      total !== null &&
      ((events <= 12 && total.value >= 1900 && total.value <= 2100) ||
        (s.sym(total.next, '/') && !(s.at(total.next) as Token).space) ||
        (s.sym(i - 1, '/') && !t.space));
    if (total && total.isInt && total.value > 0 && total.value >= events && readUnitIsNone(s, k) && !dateLike) {
      let end = total.end;
      let percent: number | undefined;
      let j = total.next;
      let nouns = 0;
      let participants = -1;
      while (nouns < 3 && s.at(j)?.type === 'word' && !NOT_NOUNS.has((s.at(j) as Token).norm)) {
        if (participants < 0 && PARTICIPANTS.has((s.at(j) as Token).norm)) participants = j;
        j++;
        nouns++;
      }
      const p = percentIn(s, j, s.declares(i, Format.CountPercent));
      if (p) {
        percent = p.percent;
        end = p.end;
      } else if (participants >= 0) {
        end = (s.at(participants) as Token).end;
      }
      const warnings = percent !== undefined ? percentCheck(events, total.value, percent) : [];
      return {
        start: t.start,
        end,
        reading: countReading({ events, total: total.value, ...(percent !== undefined ? { percent } : {}) }),
        warnings,
      };
    }
  }
  // 22 (30%), 22 patients (30%)
  let j = i + 1;
  let nouns = 0;
  while (nouns < 3 && s.at(j)?.type === 'word' && !NOT_NOUNS.has((s.at(j) as Token).norm)) (j++, nouns++);
  const p = percentIn(s, j, nouns === 0 && s.declares(i, Format.CountPercent));
  if (p) {
    const reading = countReading({ events, percent: p.percent });
    if (!p.sign && nouns === 0 && s.declares(i, Format.MeanSd | Format.MeanSe)) {
      // "n (%) or mean (SD)" declared: "40 (55.0)" may be either
      const spread = s.declares(i, Format.MeanSe)
        ? { kind: 'mean_se' as const, values: { mean: events, se: p.percent } }
        : { kind: 'mean_sd' as const, values: { mean: events, sd: p.percent } };
      return {
        start: t.start,
        end: p.end,
        reading: null,
        candidates: [reading, spread],
        warnings: ['the text declares both "n (%)" and a mean format; this value fits either'],
      };
    }
    return { start: t.start, end: p.end, reading, warnings: [] };
  }
  // 151 patients
  const noun = participantNoun(s, i + 1);
  if (noun !== null && readUnitIsNone(s, i)) {
    return { start: t.start, end: (s.at(noun) as Token).end, reading: countReading({ n: events }), warnings: [] };
  }
  return null;
};

function readUnitIsNone(s: Scan, i: number): boolean {
  const v = s.value(i);
  return v !== null && v.unit === undefined;
}

const CI_FOLLOWERS = new Set([
  'ci',
  'ic',
  'cri',
  'cis',
  'confidence',
  'credible',
  'pi',
  'prediction',
  'ui',
  'uncertainty',
  'cl',
]);

/** "80.1%", "<30%", damaged "$15%" (≥ 15%). */
export const percent: Matcher = (s, i) => {
  const t = s.at(i);
  if (!t) return null;
  let k = i;
  let op: Comparator | undefined;
  const warnings: string[] = [];
  if (t.type === 'sym') {
    const plain = COMPARATORS.get(t.norm);
    const damaged = DAMAGED_OPERATORS.get(t.norm);
    const next = s.at(i + 1);
    if (!next || next.type !== 'num' || next.space) return null;
    if (plain && plain !== '=') op = plain;
    else if (damaged && (t.norm !== ',' || (s.damageMode && t.space))) {
      op = damaged;
      warnings.push(operatorWarning(t.norm, damaged));
    } else return null;
    k = i + 1;
  } else if (t.type !== 'num') {
    return null;
  }
  const v = s.value(k);
  if (!v || v.unit !== '%') return null;
  // "15–20%" is a range, not a percentage of 20
  if (op === undefined && (s.sym(k - 1, '-') || s.word(k - 1, 'to')) && s.num(k - 2)) return null;
  const after = s.at(v.next);
  if (after && after.type === 'word' && CI_FOLLOWERS.has(after.norm)) return null;
  if (s.sym(v.next, '-') && s.word(v.next + 1, 'ci')) return null;
  return {
    start: t.start,
    end: v.end,
    reading: { kind: 'percent', values: { percent: v.value, ...(op ? { op } : {}) }, unit: '%' },
    warnings,
  };
};

/** Words a count can start with (lower case): "n = 6", "Ten patients". */
export const COUNT_START_WORDS: readonly string[] = ['n', ...NUMBER_WORDS.keys()];
