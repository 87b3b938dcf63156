// Benchmark of the statistics recogniser (shared/parse): recognise every statistic in 1,000 generated
// abstracts of about 250 words (seeded, so every run reads the same text). The generator plants known
// statistics in clinical filler prose, and the suite fails if the recogniser finds a different list of
// kinds, so the figures always describe correct work. Aim: under 200 ms for the 1,000 abstracts.
import { recognise } from '../../../shared/parse';
import { timeMs, type BenchSuite } from '../suite';

const ABSTRACTS = 1_000;
const WORDS = 250;
const SEED = 20260401;

/** mulberry32: a small seeded PRNG, so the abstracts are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FILLER = (
  'randomized controlled trial heart failure reduced ejection fraction cardiac resynchronization therapy ' +
  'outcome primary secondary endpoint hospitalization mortality analysis intention treat baseline ' +
  'characteristics similar between groups intervention control usual care follow visit echocardiography ' +
  'renal function estimated glomerular filtration rate improved worsened adverse events serious ' +
  'device implantation procedure complication infection lead dislodgement quality life questionnaire ' +
  'score walk distance functional class symptoms dyspnoea fatigue oedema enrolled eligible screened ' +
  'centres countries investigators blinded outcome assessors sensitivity subgroup prespecified'
).split(' ');

type Planted = { text: string; kind: string };

function statistic(r: () => number): Planted {
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const dec = (lo: number, hi: number, places = 1) => (lo + r() * (hi - lo)).toFixed(places);
  switch (int(0, 9)) {
    case 0:
      return { text: `${dec(40, 80)} ± ${dec(5, 15)} years`, kind: 'mean_sd' };
    case 1:
      return { text: `from ${int(120, 240)} ± ${int(30, 90)} to ${int(100, 220)} ± ${int(30, 90)} ml`, kind: 'change' };
    case 2: {
      const lower = Number(dec(0.3, 0.9, 2));
      return {
        text: `HR ${(lower + 0.1).toFixed(2)} (95% CI ${lower.toFixed(2)}–${(lower + 0.3).toFixed(2)})`,
        kind: 'ratio_ci',
      };
    }
    case 3: {
      const total = int(50, 400);
      const events = int(1, total);
      return { text: `${events} of ${total} patients (${((100 * events) / total).toFixed(1)}%)`, kind: 'count' };
    }
    case 4:
      return { text: `P = 0.0${int(1, 9)}`, kind: 'p_value' };
    case 5: {
      const q1 = int(2, 10);
      return { text: `median ${q1 + int(1, 5)} days (IQR ${q1}–${q1 + int(6, 12)})`, kind: 'median_iqr' };
    }
    case 6:
      return { text: `${dec(5, 95)}%`, kind: 'percent' };
    case 7: {
      const d = Number(dec(1, 5));
      return {
        text: `mean difference −${d.toFixed(1)} (95% CI −${(d + 1).toFixed(1)} to −${(d - 0.5).toFixed(1)})`,
        kind: 'estimate_ci',
      };
    }
    case 8:
      return { text: `n = ${int(20, 900)}`, kind: 'count' };
    default:
      return { text: `${dec(20, 35)} (SD ${dec(2, 6)}) kg/m²`, kind: 'mean_sd' };
  }
}

/** One abstract of about `WORDS` words with its planted statistics, in order. */
export function generateAbstract(r: () => number): { text: string; kinds: string[] } {
  const parts: string[] = [];
  const kinds: string[] = [];
  let words = 0;
  while (words < WORDS) {
    const length = 6 + Math.floor(r() * 12);
    const sentence: string[] = [];
    for (let w = 0; w < length; w++) sentence.push(FILLER[Math.floor(r() * FILLER.length)] as string);
    if (r() < 0.7) {
      const planted = statistic(r);
      sentence.splice(1 + Math.floor(r() * (length - 1)), 0, `(${planted.text})`);
      kinds.push(planted.kind);
    }
    words += sentence.length;
    const text = sentence.join(' ');
    parts.push(`${text[0]?.toUpperCase()}${text.slice(1)}.`);
  }
  return { text: parts.join(' '), kinds };
}

export function generateAbstracts(count = ABSTRACTS, seed = SEED): Array<{ text: string; kinds: string[] }> {
  const r = prng(seed);
  return Array.from({ length: count }, () => generateAbstract(r));
}

export const recogniserSuite: BenchSuite = {
  name: 'recogniser',
  description: `recognise every statistic in ${ABSTRACTS} seeded abstracts of about ${WORDS} words (shared/parse)`,
  async run() {
    const abstracts = generateAbstracts();
    const characters = abstracts.reduce((sum, a) => sum + a.text.length, 0);
    // Warm up once (JIT), then take the median of five timed passes.
    for (const a of abstracts) recognise(a.text);
    let found = 0;
    const times: number[] = [];
    for (let pass = 0; pass < 5; pass++) {
      let count = 0;
      times.push(
        await timeMs(() => {
          for (const a of abstracts) count += recognise(a.text).length;
        }),
      );
      found = count;
    }
    for (const a of abstracts) {
      const kinds = recognise(a.text).map((s) => s.kind);
      if (kinds.join() !== a.kinds.join())
        throw new Error(`recognised ${kinds.join()} but planted ${a.kinds.join()} in: ${a.text}`);
    }
    const sorted = [...times].sort((x, y) => x - y);
    const ms = sorted[2] as number;
    return {
      abstracts: ABSTRACTS,
      characters,
      statistics: found,
      ms,
      fastestMs: sorted[0] as number,
      slowestMs: sorted[4] as number,
      statisticsPerSecond: Math.round((found / ms) * 1000),
      abstractsPerSecond: Math.round((ABSTRACTS / ms) * 1000),
    };
  },
};
