// LaTeX in BibTeX values and HTML/JATS markup in database exports become plain text without losing
// content: every case below is taken from a real export that lost text or kept markup before.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latexToText } from '../../../electron/backend/importers/latex';
import { markupToText } from '../../../electron/backend/importers/markup';
import { finishRecord, normaliseDoi } from '../../../electron/backend/importers/record';
import { fuzzRuns } from '../../helpers/fuzz';

describe('LaTeX to text', () => {
  it.each([
    [String.raw`p {\textless} 0.001 and q {\textgreater} 2`, 'p < 0.001 and q > 2'],
    [String.raw`$\Sigma\Delta$ modulators and $\beta-\sigma$ pairs`, 'ΣΔ modulators and β-σ pairs'],
    [String.raw`a \cdot b, input\slash output, \TeX{} and \LaTeX`, 'a · b, input/output, TeX and LaTeX'],
    ["the ``best'' choice", 'the “best” choice'],
    [String.raw`inline \(x^{2}\) math`, 'inline x2 math'],
    [String.raw`home\~{}user`, 'home~user'],
    [
      String.raw`{\"O}sterreich, Fran{\c c}ois \& Jos\'e -- p\o{}lse $\pm$ 3`,
      'Österreich, François & José – pølse ± 3',
    ],
    [String.raw`\emph{Emphasised} and \textbf{bold}`, 'Emphasised and bold'],
    [String.raw`an \unknowncommand{argument} stays`, String.raw`an \unknowncommand{argument} stays`],
    [String.raw`\v{S}ome title, na\"{\i}ve`, 'Šome title, naïve'],
    [String.raw`100\% of 5\_000 \$ \#1`, '100% of 5_000 $ #1'],
  ])('%s', (input, expected) => {
    expect(latexToText(input)).toBe(expected);
  });

  it('latex fuzz: plain text passes through unchanged, apart from white space', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9 .,;:()<>=+*/?!]{0,80}$/), (text) => {
        expect(latexToText(text)).toBe(text.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: fuzzRuns(500) },
    );
  });

  it('latex fuzz: an unknown command keeps its name and argument; any text gives text', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^zz[a-z]{1,8}$/),
        fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9 ]{0,18}[A-Za-z0-9])?$/),
        fc.string({ maxLength: 60 }),
        (name, arg, noise) => {
          expect(latexToText(`\\${name}{${arg}}`)).toBe(`\\${name}{${arg.replace(/\s+/g, ' ').trim()}}`);
          expect(typeof latexToText(noise)).toBe('string');
        },
      ),
      { numRuns: fuzzRuns(500) },
    );
  });
});

describe('HTML and JATS markup to text', () => {
  it('removes JATS and HTML tags and decodes entities, twice-escaped ones too', () => {
    expect(markupToText('<jats:p>Mortality fell (p &lt; 0.05) &amp;amp; costs&nbsp;rose.</jats:p>')).toBe(
      ' Mortality fell (p < 0.05) & costs rose. ',
    );
    expect(markupToText('It&#x0027;s <i>in vitro</i> H<sub>2</sub>O', '\n')).toBe("It's in vitro H2O");
    expect(markupToText('<jats:title>Background</jats:title><jats:p>Text</jats:p>', '\n')).toBe(
      '\nBackground\n\nText\n',
    );
  });

  it('keeps comparisons and unknown angle brackets as written', () => {
    expect(markupToText('p <0.05 and a <b> c d <unknown-tag> e')).toBe('p <0.05 and a  c d <unknown-tag> e');
    expect(markupToText('x < y > z')).toBe('x < y > z');
  });

  it('stores titles and abstracts of records without markup', () => {
    const finished = finishRecord(
      { title: 'Effects of A &amp; B', abstract: '<jats:p>First.</jats:p><jats:p>p &lt; 0.001</jats:p>' },
      1,
    );
    expect('record' in finished && finished.record).toMatchObject({
      title: 'Effects of A & B',
      abstract: 'First.\n\np < 0.001',
    });
  });
});

describe('DOIs as exports write them', () => {
  it.each([
    ['http://doi.acm.org/10.1145/1137627.1137631', '10.1145/1137627.1137631'],
    ['https://doi.org/10.1016/J.REC.2019.01.002', '10.1016/J.REC.2019.01.002'],
    ['https://dx.doi.org/10.1000%2Fabc', '10.1000/abc'],
    ['doi:10.1000/XYZ', '10.1000/XYZ'],
    ['10.1089/tmj.2009.0030 10.1089/tmj.2009.0030.', '10.1089/tmj.2009.0030'],
    ['10.1016/S0140-6736(20)30183-5', '10.1016/S0140-6736(20)30183-5'],
    ['(10.1000/in.brackets)', '10.1000/in.brackets'],
    ['DOI 1', null],
    ['0.1088/0957-4484/22/26/265202', null],
  ])('%s', (raw, doi) => {
    expect(normaliseDoi(raw)).toBe(doi);
  });
});
