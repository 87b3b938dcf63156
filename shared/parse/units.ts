// Reading the unit written after a number ("%", "ms", "years", "mm Hg", "ml/min per 1.73 m²",
// "µg/kg/min") and writing it in one canonical spelling (µ for micro/mcg, superscript exponents,
// single spaces); also the unit a table row states in its label ("LVEF, %   23.5 ± 4.3"). One sticky
// regular expression without nested quantifiers. Layer: shared (pure).

const ATOMS = [
  // time
  'ms',
  'msec',
  'milliseconds?',
  's',
  'secs?',
  'seconds?',
  'min',
  'mins',
  'minutes?',
  'h',
  'hrs?',
  'hours?',
  'd',
  'days?',
  'wks?',
  'weeks?',
  'mo',
  'mos',
  'months?',
  'y',
  'yrs?',
  'years?',
  'pack-years',
  // mass, volume, length
  'kg',
  'g',
  'mg',
  'µg',
  'μg',
  'mcg',
  'microg',
  'micrograms?',
  'ng',
  'pg',
  'grams?',
  'milligrams?',
  'l',
  'dl',
  'ml',
  'µl',
  'μl',
  'nl',
  'litres?',
  'liters?',
  'millilitres?',
  'milliliters?',
  'km',
  'm',
  'cm',
  'mm',
  'µm',
  'μm',
  'nm',
  'metres?',
  'meters?',
  // amount, activity, pressure, rate
  'mol',
  'mmol',
  'µmol',
  'μmol',
  'nmol',
  'pmol',
  'meq',
  'mosm',
  'iu',
  'u',
  'mu',
  'ku',
  'kpa',
  'pa',
  'mm ?hg',
  'cm ?h2o',
  'bpm',
  'beats',
  'breaths',
  'w',
  'kcal',
  'cal',
  'mets?',
  'points?',
  'hz',
  'db',
  'cells',
  'copies',
  'ppm',
  'units?',
  'j',
  'kj',
  'ohm',
  'mv',
  'µv',
  'mmhg',
  'diopters?',
  'dioptres?',
  'gy',
  'mgy',
  'cgy',
  'msv',
].sort((a, b) => b.length - a.length);

const ATOM = `(?:${ATOMS.join('|')})(?![\\p{L}])`;
const EXP = String.raw`(?:[²³]|\^?[23](?![\d.,]?\d)|\s[23](?=\s?[;,.)\]]|\s*$))?`;
const FACTOR = String.raw`(?:\d+(?:[.,]\d+)?\s?)?`;
const UNIT = `(?:%|‰|percent(?![\\p{L}])|per cent(?![\\p{L}])|${ATOM}${EXP}(?:/${FACTOR}${ATOM}${EXP}){0,3}(?:\\sper\\s${FACTOR}${ATOM}${EXP})?(?![\\p{L}\\d]))`;
const UNIT_AT = new RegExp(`[ \\t\\u00a0\\u2009\\u202f]{0,3}(?:\\r?\\n[ \\t]{0,8})?(${UNIT})`, 'iuy');

export interface ReadUnit {
  unit: string;
  end: number;
}

/** Reads a unit starting at `pos` (after optional spaces); null when none is written there. */
export function readUnit(text: string, pos: number): ReadUnit | null {
  UNIT_AT.lastIndex = pos;
  const m = UNIT_AT.exec(text);
  if (!m || !m[1]) return null;
  return { unit: canonicalUnit(m[1]), end: pos + m[0].length };
}

const canonical = new Map<string, string>();

/** The canonical spelling of a unit as written (memoised: a text repeats few units many times). */
export function canonicalUnit(raw: string): string {
  let u = canonical.get(raw);
  if (u === undefined) {
    u = spellUnit(raw);
    if (canonical.size < 10_000) canonical.set(raw, u);
  }
  return u;
}

function spellUnit(raw: string): string {
  let u = raw.replace(/\s+/g, ' ').trim();
  if (/^per ?cent$/i.test(u)) return '%';
  u = u.replace(/\b(?:microg|mcg)(?![\p{L}])/giu, 'µg').replace(/μ/g, 'µ');
  u = u.replace(/mm ?hg/i, 'mm Hg').replace(/cm ?h2o/i, 'cm H₂O');
  u = u.replace(/(\p{L}) ?\^?2(?![\d])/gu, '$1²').replace(/(\p{L}) ?\^?3(?![\d])/gu, '$1³');
  return u;
}

// A table row that states its unit in the label ("LVEF, %   23.5 ± 4.3   32.0 ± 9.1", "Age, years   55 ± 13"):
// the label, a comma, the unit, then only other cells (numbers and their signs) before the value.
const ROW_LABEL = new RegExp(`^[^\\n\\d,]{1,80},[ \\t]*(${UNIT})[ \\t]+[\\d \\t±.,%<>()\\[\\]\\u2013\\u2212-]*$`, 'iu');
const ROW_REACH = 200;

/** The unit a table row's label gives the value starting at `start`, or null when the line has none. */
export function unitFromRowLabel(text: string, start: number): string | null {
  let lineStart = start;
  while (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10) {
    if (start - lineStart >= ROW_REACH) return null;
    lineStart--;
  }
  const m = ROW_LABEL.exec(text.slice(lineStart, start));
  return m?.[1] ? canonicalUnit(m[1]) : null;
}
