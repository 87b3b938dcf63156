// The LaTeX that BibTeX values carry, turned into plain text: accents (\'e, {\"o}, \c{c}), escaped
// specials (\&, \%), dashes and ties, and protective braces. Covers what reference managers write,
// not LaTeX at large. Layer: electron/backend (importers).

const ACCENTS: Record<string, string> = {
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '"': '\u0308',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030c',
  H: '\u030b',
  c: '\u0327',
  k: '\u0328',
  r: '\u030a',
  d: '\u0323',
  b: '\u0331',
};

const SYMBOLS: Record<string, string> = {
  ss: 'ß',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  o: 'ø',
  O: 'Ø',
  aa: 'å',
  AA: 'Å',
  l: 'ł',
  L: 'Ł',
  i: 'ı',
  j: 'ȷ',
  textendash: '–',
  textemdash: '—',
  textpm: '±',
  pm: '±',
  geq: '≥',
  ge: '≥',
  leq: '≤',
  le: '≤',
  times: '×',
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  kappa: 'κ',
  mu: 'μ',
  textmu: 'μ',
  chi: 'χ',
  textregistered: '®',
  texttrademark: '™',
  textdegree: '°',
  degree: '°',
};

export function latexToText(value: string): string {
  let text = value;
  // Accent commands: \'e, \'{e}, {\'e}, \c{c}, \"{\i}
  text = text.replace(
    /\\([`'^"~=.])\s*(?:\{\s*\\?([A-Za-z])\s*\}|\\?([A-Za-z]))/g,
    (_m, accent: string, a?: string, b?: string) => `${(a ?? b)!}${ACCENTS[accent]}`.normalize('NFC'),
  );
  text = text.replace(
    /\\([uvHckrdb])\s*(?:\{\s*\\?([A-Za-z])\s*\}|\s([A-Za-z]))/g,
    (_m, accent: string, a?: string, b?: string) => `${(a ?? b)!}${ACCENTS[accent]}`.normalize('NFC'),
  );
  text = text.replace(/\\([A-Za-z]+)(?:\{\})?/g, (whole, name: string) => SYMBOLS[name] ?? whole);
  // Math delimiters go ("$\geq$" is just "≥"); escaped specials stay as characters.
  text = text.replace(/(?<!\\)\$/g, '');
  text = text.replace(/\\([&%$#_{}])/g, '$1');
  text = text.replace(/---/g, '—').replace(/--/g, '–').replace(/~/g, ' ');
  // Remaining commands such as \emph{x} or \textit{x} keep their argument.
  text = text.replace(/\\[A-Za-z]+\s*/g, '');
  text = text.replace(/[{}]/g, '');
  return text.replace(/\s+/g, ' ').trim();
}
