// The LaTeX that BibTeX values carry, turned into plain text: accents (\'e, {\"o}, \c{c}), escaped
// specials (\&, \%), symbols and Greek letters ({\textless}, $\beta$, \cdot), dashes, ties and
// ``quotes'', math delimiters ($…$, \(…\)), formatting commands (\emph{x} keeps x) and protective
// braces. A command Caliper does not know is kept as written, so nothing a reviewer may need is ever
// deleted. One pass over the text, so the cost is linear in its length. Layer: electron/backend
// (importers).

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
  t: '\u0361',
};

const GREEK: Record<string, string> = {
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  epsilon: 'ε',
  varepsilon: 'ε',
  zeta: 'ζ',
  eta: 'η',
  theta: 'θ',
  vartheta: 'ϑ',
  iota: 'ι',
  kappa: 'κ',
  lambda: 'λ',
  mu: 'μ',
  nu: 'ν',
  xi: 'ξ',
  omicron: 'ο',
  pi: 'π',
  varpi: 'ϖ',
  rho: 'ρ',
  varrho: 'ϱ',
  sigma: 'σ',
  varsigma: 'ς',
  tau: 'τ',
  upsilon: 'υ',
  phi: 'φ',
  varphi: 'φ',
  chi: 'χ',
  psi: 'ψ',
  omega: 'ω',
  Gamma: 'Γ',
  Delta: 'Δ',
  Theta: 'Θ',
  Lambda: 'Λ',
  Xi: 'Ξ',
  Pi: 'Π',
  Sigma: 'Σ',
  Upsilon: 'Υ',
  Phi: 'Φ',
  Psi: 'Ψ',
  Omega: 'Ω',
};

const SYMBOLS: Record<string, string> = {
  ...GREEK,
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
  dh: 'ð',
  DH: 'Ð',
  th: 'þ',
  TH: 'Þ',
  ng: 'ŋ',
  NG: 'Ŋ',
  textless: '<',
  textgreater: '>',
  lt: '<',
  gt: '>',
  textendash: '–',
  textemdash: '—',
  textpm: '±',
  pm: '±',
  mp: '∓',
  geq: '≥',
  ge: '≥',
  geqslant: '⩾',
  leq: '≤',
  le: '≤',
  leqslant: '⩽',
  neq: '≠',
  ne: '≠',
  approx: '≈',
  sim: '∼',
  simeq: '≃',
  equiv: '≡',
  propto: '∝',
  ll: '≪',
  gg: '≫',
  times: '×',
  div: '÷',
  cdot: '·',
  cdots: '⋯',
  ldots: '…',
  dots: '…',
  textellipsis: '…',
  bullet: '•',
  textbullet: '•',
  textperiodcentered: '·',
  circ: '∘',
  infty: '∞',
  partial: '∂',
  nabla: '∇',
  sum: '∑',
  prod: '∏',
  int: '∫',
  sqrt: '√',
  surd: '√',
  in: '∈',
  notin: '∉',
  cap: '∩',
  cup: '∪',
  subset: '⊂',
  supset: '⊃',
  forall: '∀',
  exists: '∃',
  neg: '¬',
  wedge: '∧',
  vee: '∨',
  to: '→',
  rightarrow: '→',
  leftarrow: '←',
  leftrightarrow: '↔',
  Rightarrow: '⇒',
  Leftarrow: '⇐',
  Leftrightarrow: '⇔',
  uparrow: '↑',
  downarrow: '↓',
  textrightarrow: '→',
  textleftarrow: '←',
  langle: '⟨',
  rangle: '⟩',
  prime: '′',
  ell: 'ℓ',
  hbar: 'ℏ',
  Re: 'ℜ',
  Im: 'ℑ',
  aleph: 'ℵ',
  emptyset: '∅',
  varnothing: '∅',
  perp: '⊥',
  parallel: '∥',
  mid: '|',
  vert: '|',
  textbar: '|',
  textbackslash: '\\',
  backslash: '\\',
  textasciitilde: '~',
  textasciicircum: '^',
  textunderscore: '_',
  textbraceleft: '{',
  textbraceright: '}',
  lbrace: '{',
  rbrace: '}',
  textdollar: '$',
  textregistered: '®',
  texttrademark: '™',
  textcopyright: '©',
  copyright: '©',
  textdegree: '°',
  degree: '°',
  textcelsius: '℃',
  textmu: 'μ',
  micro: 'µ',
  textperthousand: '‰',
  textpercent: '%',
  S: '§',
  P: '¶',
  dag: '†',
  ddag: '‡',
  textdagger: '†',
  textdaggerdbl: '‡',
  euro: '€',
  texteuro: '€',
  pounds: '£',
  textsterling: '£',
  textyen: '¥',
  textquoteleft: '‘',
  textquoteright: '’',
  textquotedblleft: '“',
  textquotedblright: '”',
  textquotedbl: '"',
  textquotesingle: "'",
  guillemotleft: '«',
  guillemotright: '»',
  textexclamdown: '¡',
  textquestiondown: '¿',
  slash: '/',
  textslash: '/',
  TeX: 'TeX',
  LaTeX: 'LaTeX',
  LaTeXe: 'LaTeX2e',
  BibTeX: 'BibTeX',
  XeTeX: 'XeTeX',
  checkmark: '✓',
  quad: ' ',
  qquad: ' ',
  space: ' ',
  enspace: ' ',
  thinspace: ' ',
  nobreakspace: ' ',
  textvisiblespace: '␣',
  newline: ' ',
  par: ' ',
  linebreak: ' ',
  and: ' and ',
  log: 'log',
  ln: 'ln',
  exp: 'exp',
  sin: 'sin',
  cos: 'cos',
  tan: 'tan',
  min: 'min',
  max: 'max',
  lim: 'lim',
};

/** Commands that only style their argument: dropped, the argument kept. */
const STYLE = new Set([
  'emph',
  'textit',
  'textbf',
  'textsc',
  'textrm',
  'textsf',
  'texttt',
  'textup',
  'textsl',
  'textmd',
  'textnormal',
  'mathrm',
  'mathbf',
  'mathit',
  'mathsf',
  'mathtt',
  'mathcal',
  'mathbb',
  'mathfrak',
  'mathscr',
  'mathnormal',
  'boldsymbol',
  'bm',
  'mbox',
  'hbox',
  'text',
  'ensuremath',
  'textsuperscript',
  'textsubscript',
  'uppercase',
  'lowercase',
  'MakeUppercase',
  'MakeLowercase',
  'it',
  'bf',
  'em',
  'rm',
  'sc',
  'sf',
  'tt',
  'sl',
  'up',
  'normalfont',
  'small',
  'large',
  'Large',
  'LARGE',
  'footnotesize',
  'scriptsize',
  'tiny',
  'huge',
  'Huge',
  'normalsize',
  'protect',
  'relax',
  'nocorr',
  'url',
  'left',
  'right',
  'big',
  'Big',
  'bigg',
  'Bigg',
  'displaystyle',
  'textstyle',
  'scriptstyle',
  'operatorname',
  'mathop',
  'mathring',
  'underline',
  'overline',
  'hat',
  'bar',
  'vec',
  'tilde',
  'widetilde',
  'widehat',
  'dot',
  'ddot',
  'textcolor',
]);

const isLetter = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

/** Converts BibTeX field text to plain text (white space collapsed). Linear in the text's length. */
export function latexToText(value: string): string {
  const out: string[] = [];
  // For each open brace: whether its closing brace is written out (the group of a kept command).
  const groups: boolean[] = [];
  let math = false;
  let pendingAccent: string | null = null;
  let i = 0;
  const n = value.length;

  const emit = (text: string) => {
    if (pendingAccent !== null && text.length > 0) {
      const [first, ...rest] = [...text];
      const base = first === 'ı' ? 'i' : first === 'ȷ' ? 'j' : first!;
      out.push(`${base}${pendingAccent}`.normalize('NFC'), rest.join(''));
      pendingAccent = null;
      return;
    }
    out.push(text);
  };

  /** An accent over the next character or group; "\~{}" is the character itself. */
  const accent = (mark: string, char: string) => {
    let j = i;
    while (j < n && value[j] === ' ') j++;
    if (value[j] === '{' && value[j + 1] === '}') {
      i = j + 2;
      emit(char);
      return;
    }
    pendingAccent = mark;
  };

  while (i < n) {
    const c = value[i]!;
    if (c === '\\') {
      const next = value[i + 1];
      if (isLetter(next)) {
        let j = i + 1;
        while (j < n && isLetter(value[j])) j++;
        const name = value.slice(i + 1, j);
        i = j;
        const afterName = value[i];
        // A command name ends at the first non-letter; spaces after it are not text.
        while (i < n && value[i] === ' ') i++;
        if (name.length === 1 && ACCENTS[name] !== undefined && 'uvHckrdbt'.includes(name)) {
          accent(ACCENTS[name]!, name);
          continue;
        }
        const symbol = SYMBOLS[name];
        if (symbol !== undefined) {
          if (value[i] === '{' && value[i + 1] === '}') i += 2;
          emit(symbol);
          // "\TeX is", "a \cdot b" keep their space: the command name swallowed it.
          if (afterName === ' ' && name !== 'slash' && name !== 'textslash') out.push(' ');
          continue;
        }
        if (STYLE.has(name)) continue;
        if (name === 'href' && value[i] === '{') {
          // \href{url}{text}: the text is what a reader sees; the URL goes.
          let depth = 0;
          let j2 = i;
          for (; j2 < n; j2++) {
            if (value[j2] === '{') depth++;
            else if (value[j2] === '}' && --depth === 0) break;
          }
          i = j2 + 1;
          continue;
        }
        // Unknown: kept as written, with its braced argument.
        emit(`\\${name}`);
        if (value[i] === '{') {
          groups.push(true);
          out.push('{');
          i++;
        } else if (afterName === ' ') out.push(' ');
        continue;
      }
      i += 2;
      if (next === undefined) {
        emit('\\');
        continue;
      }
      if (ACCENTS[next] !== undefined && '\'`^"~=.'.includes(next)) {
        accent(ACCENTS[next]!, next);
        continue;
      }
      if (next === '(' || next === '[') {
        math = true;
        continue;
      }
      if (next === ')' || next === ']') {
        math = false;
        continue;
      }
      if (next === '\\') emit(' ');
      else if (next === ',' || next === ';' || next === ':' || next === ' ') emit(' ');
      else if (next === '!' || next === '-' || next === '/' || next === '@') continue;
      else emit(next);
      continue;
    }
    if (c === '{') {
      groups.push(false);
      i++;
      continue;
    }
    if (c === '}') {
      if (groups.pop()) out.push('}');
      i++;
      continue;
    }
    if (c === '$') {
      math = !math;
      i++;
      continue;
    }
    if (math && (c === '^' || c === '_')) {
      i++;
      continue;
    }
    if (c === '~') {
      emit(' ');
      i++;
      continue;
    }
    if (c === '-' && !math && value[i + 1] === '-') {
      if (value[i + 2] === '-') {
        emit('—');
        i += 3;
      } else {
        emit('–');
        i += 2;
      }
      continue;
    }
    if (c === '`' && value[i + 1] === '`') {
      emit('“');
      i += 2;
      continue;
    }
    if (c === "'" && value[i + 1] === "'") {
      emit('”');
      i += 2;
      continue;
    }
    // A run of ordinary characters in one piece.
    let j = i + 1;
    while (j < n && !"\\{}$~-`'^_".includes(value[j]!)) j++;
    emit(value.slice(i, j));
    i = j;
  }
  if (pendingAccent !== null) out.push(pendingAccent);
  return out.join('').normalize('NFC').replace(/\s+/g, ' ').trim();
}
