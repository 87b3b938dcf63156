// Matchers for counts and percentages: count ("n = 6", "9 of 10", "34/120 (28.3%)", "22 patients (30%)",
// "151 patients", "8 (80%)" under "n (%)") and percent ("80.1%", "<30%", damaged "$15%").
// Layer: shared (pure).
import { DAMAGED_OPERATORS, operatorWarning } from './damage';
import { Format } from './formats';
import { NUMBER_WORDS } from './numbers';
import { COMPARATORS, type Scan } from './scan';
import { readUnit } from './units';
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
  'contacts',
  'female',
  'females',
  'male',
  'males',
  'boys',
  'girls',
  'newborns',
  'babies',
  'families',
  'households',
  'parents',
  'couples',
  'dyads',
  'nurses',
  'physicians',
  'doctors',
  'respondents',
  'students',
  'workers',
  'donors',
  'athletes',
  'caregivers',
  'carers',
  'practices',
  'schools',
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

/** Words that end the search for a participant noun: a count is never read across them. */
const NOUN_STOPS = new Set([...NOT_NOUNS, 'per', 'who', 'which', 'that', 'had', 'has', 'have', 'each', 'all']);

/**
 * The participant noun a count names ("151 patients", "30 myopic patients", "Ten healthy adults", "2,243
 * index TB patients", "Twelve community-dwelling participants"): up to three modifiers, then a noun from
 * the list; a second noun joins the first ("100 female patients"). Returns the noun's token index.
 */
function participantNoun(s: Scan, i: number): number | null {
  let k = i;
  for (let m = 0; m < 4; m++) {
    const t = s.at(k);
    if (!t || t.type !== 'word') return null;
    if (PARTICIPANTS.has(t.norm)) {
      if (s.at(k + 1)?.type === 'word' && PARTICIPANTS.has((s.at(k + 1) as Token).norm)) k++;
      return k;
    }
    if (NOUN_STOPS.has(t.norm) || NUMBER_WORDS.has(t.norm)) return null;
    if (!MODIFIERS.has(t.norm)) {
      const raw = s.raw(k);
      if (!/^[A-Z][A-Z0-9]{1,6}$/.test(raw) && !/^[a-z]{3,}$/.test(raw)) return null;
      if (isUnitWord(s, t)) return null;
    }
    k++;
    // "community-dwelling"
    if (s.sym(k, '-') && !(s.at(k) as Token).space && s.at(k + 1)?.type === 'word') k++;
  }
  return null;
}

function isUnitWord(s: Scan, t: Token): boolean {
  const unit = readUnit(s.text, t.start);
  return unit !== null && unit.end === t.end;
}

/** "thirty", "thirty-three", "seven" at k. */
function tensAndUnits(s: Scan, k: number): { value: number; next: number } | null {
  const w = s.at(k);
  const v = w && w.type === 'word' ? NUMBER_WORDS.get(w.norm) : undefined;
  if (v === undefined || v === 100) return null;
  if (v >= 20 && v % 10 === 0 && s.sym(k + 1, '-') && !(s.at(k + 1) as Token).space) {
    const u = s.at(k + 2);
    const unit = u && u.type === 'word' ? NUMBER_WORDS.get(u.norm) : undefined;
    if (unit !== undefined && unit < 10 && !u?.space) return { value: v + unit, next: k + 3 };
  }
  return { value: v, next: k + 1 };
}

/**
 * A count written in words: "Ten", "Thirty-three", "One hundred fifty", "One-hundred sixteen", "Four
 * hundred seventy-seven", "One hundred and twenty-three". Never starts inside a compound ("three" of
 * "Thirty-three").
 */
export function numberWord(s: Scan, i: number): { value: number; next: number } | null {
  const t = s.at(i);
  if (!t || t.type !== 'word') return null;
  const first = NUMBER_WORDS.get(t.norm);
  if (first === undefined || first === 100) return null;
  if (s.sym(i - 1, '-') && !t.space && s.at(i - 2)?.type === 'word' && NUMBER_WORDS.has((s.at(i - 2) as Token).norm))
    return null;
  let read = tensAndUnits(s, i) as { value: number; next: number };
  let k = read.next;
  const hundredAt = s.sym(k, '-') && !(s.at(k) as Token).space ? k + 1 : k;
  if (read.value < 10 && s.word(hundredAt, 'hundred')) {
    let value = read.value * 100;
    k = hundredAt + 1;
    const rest = tensAndUnits(s, s.word(k, 'and') ? k + 1 : k);
    if (rest && rest.value < 100) {
      value += rest.value;
      k = rest.next;
    }
    read = { value, next: k };
  }
  return read;
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
      // "n = 170/573"
      if (s.sym(v.next, '/') && !(s.at(v.next) as Token).space) {
        const total = s.bare(v.next + 1);
        if (total && total.isInt && total.value >= v.value && total.value > 0 && !(s.at(v.next + 1) as Token).space)
          return {
            start: t.start,
            end: total.end,
            reading: countReading({ events: v.value, total: total.value }),
            warnings: [],
          };
      }
      return { start: t.start, end: v.end, reading: countReading({ n: v.value }), warnings: [] };
    }
    const word = numberWord(s, i);
    if (word === null) return null;
    // "nine of ten patients", "Thirty-five out of 39 (90%)", "four out of the ten UC patients (40%)"
    let k = word.next;
    if (s.word(k, 'out') && s.word(k + 1, 'of')) k += 2;
    else if (s.word(k, 'of')) k++;
    else k = -1;
    if (k > 0) {
      if (s.word(k, 'the')) k++;
      const totalTok = s.at(k);
      const totalWord = numberWord(s, k);
      const total =
        totalTok?.type === 'num' && totalTok.isInt && !totalTok.decimalComma
          ? { value: totalTok.value, next: k + 1 }
          : totalWord;
      if (total !== null && total.value >= word.value && total.value > 0) {
        const noun = participantNoun(s, total.next);
        const p = percentIn(s, noun !== null ? noun + 1 : total.next, false);
        // "one of two treatment arms" names no participants: not a count
        if (noun === null && !p) return null;
        const end = p ? p.end : (s.at(noun as number) as Token).end;
        const values = { events: word.value, total: total.value, ...(p ? { percent: p.percent } : {}) };
        return {
          start: t.start,
          end,
          reading: countReading(values),
          warnings: p ? percentCheck(word.value, total.value, p.percent) : [],
        };
      }
      return null;
    }
    // "one (3%)"
    const inBrackets = percentIn(s, word.next, false);
    if (inBrackets) {
      return {
        start: t.start,
        end: inBrackets.end,
        reading: countReading({ events: word.value, percent: inBrackets.percent }),
        warnings: [],
      };
    }
    const noun = participantNoun(s, word.next);
    if (noun === null || s.word(noun + 1, 'per')) return null;
    // "Fifty-two patients (41%)"
    const share = percentIn(s, noun + 1, false);
    if (share) {
      return {
        start: t.start,
        end: share.end,
        reading: countReading({ events: word.value, percent: share.percent }),
        warnings: [],
      };
    }
    return { start: t.start, end: (s.at(noun) as Token).end, reading: countReading({ n: word.value }), warnings: [] };
  }
  if (t.type !== 'num' || !t.isInt || t.value < 0 || t.malformed || t.decimalComma || t.currency) return null;
  const events = t.value;
  // 9 of 10, 9 out of 10, 9/10
  let k = i + 1;
  if (s.word(k, 'out') && s.word(k + 1, 'of')) k += 2;
  else if (s.word(k, 'of') || (s.sym(k, '/') && !s.at(k)?.space && !s.at(k + 1)?.space)) k += 1;
  else k = -1;
  const viaThe = k > 0 && s.word(k, 'the') && !s.sym(k - 1, '/');
  if (viaThe) k++; // "12 of the 40 patients"
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
      // "1 of the 4 study interventions" names no participants: not a count
      if (viaThe && !p && participants < 0) return null;
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
  while (nouns < 3 && s.at(j)?.type === 'word' && !NOT_NOUNS.has((s.at(j) as Token).norm)) {
    j++;
    nouns++;
  }
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
    // "1184 (14%) of 8425 deliveries"
    const pAt = s.indexFrom(j, p.end);
    if (s.word(pAt, 'of')) {
      const total = s.bare(pAt + 1);
      if (total && total.isInt && total.value >= events && total.value > 0 && readUnitIsNone(s, pAt + 1)) {
        return {
          start: t.start,
          end: total.end,
          reading: countReading({ events, total: total.value, percent: p.percent }),
          warnings: percentCheck(events, total.value, p.percent),
        };
      }
    }
    return { start: t.start, end: p.end, reading, warnings: [] };
  }
  // 151 patients
  const noun = participantNoun(s, i + 1);
  if (noun !== null && readUnitIsNone(s, i) && !s.word(noun + 1, 'per')) {
    return { start: t.start, end: (s.at(noun) as Token).end, reading: countReading({ n: events }), warnings: [] };
  }
  return null;
};

/** "60.3% (143/237)" and "(68.6%, n = 447)": a percentage with the count it is of. */
export const percentCount: Matcher = (s, i) => {
  const t = s.at(i);
  if (!t || t.type !== 'num') return null;
  const v = s.value(i);
  if (!v || v.unit !== '%' || v.value < 0 || v.value > 100) return null;
  const k = v.next;
  if (s.sym(k, '(', '[')) {
    const a = s.bare(k + 1);
    if (!a || !a.isInt || !s.sym(a.next, '/')) return null;
    const b = s.bare(a.next + 1);
    if (!b || !b.isInt || b.value <= 0 || b.value < a.value || !s.sym(b.next, s.sym(k, '(') ? ')' : ']')) return null;
    return {
      start: t.start,
      end: (s.at(b.next) as Token).end,
      reading: countReading({ events: a.value, total: b.value, percent: v.value }),
      warnings: percentCheck(a.value, b.value, v.value),
    };
  }
  if (s.sym(k, ',', ';') && s.word(k + 1, 'n') && s.sym(k + 2, '=')) {
    const n = s.bare(k + 3);
    if (!n || !n.isInt) return null;
    return { start: t.start, end: n.end, reading: countReading({ events: n.value, percent: v.value }), warnings: [] };
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
    if (!next || next.type !== 'num') return null;
    // "<30%", and "HbA1c < 10%" after a word; a spaced "1 < 2%" is not one percentage
    if (next.space && !(plain && plain !== '=' && s.at(i - 1)?.type === 'word')) return null;
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
  if (!v) return null;
  if (v.unit === undefined && op === undefined && !s.sym(k - 1, '-')) {
    // "(2.56 vs. 2.65%/year)": the first value of a comparison takes the percent sign of the second
    let j = v.next;
    if (s.word(j, 'vs', 'versus')) j += s.sym(j + 1, '.') ? 2 : 1;
    else return null;
    const other = s.value(j);
    if (!other || other.unit !== '%' || other.value < 0) return null;
    return {
      start: t.start,
      end: v.end,
      reading: { kind: 'percent', values: { percent: v.value }, unit: '%' },
      warnings: ['"%" taken from the value it is compared with'],
    };
  }
  if (v.unit !== '%') return null;
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
