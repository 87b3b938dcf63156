// Find over stored PDF page text: ligatures, case, line-end hyphenation, white space and CJK spacing
// aside, with every hit an exact range of the stored characters; and the page-text join (right-to-left
// lines in reading order, annotation text after the page's own) and the unusable-page test.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annotationTexts, joinPageText, pageItems } from '../../../shared/anchor/pageText';
import { findIn, normaliseQuery, searchText } from '../../../shared/anchor/search';
import { isUnusablePageText, readsAsWords, unusablePages, unusablePagesNote } from '../../../shared/anchor/textQuality';
import { fuzzRuns } from '../../helpers/fuzz';

const find = (text: string, query: string) =>
  findIn(searchText(text), normaliseQuery(query)).map((h) => text.slice(h.start, h.end));

describe('searchText and findIn', () => {
  const page =
    'Dynamic languages are more difﬁcult to com-\npile than typed ones. The inter-\npreter is ' +
    'efﬁcient, ef-\nﬁciently so; Trace-based\nJIT, 12 - 3 and −4.';

  it('finds words set with ligatures, and gives the stored characters', () => {
    expect(find(page, 'difficult')).toEqual(['difﬁcult']);
    expect(find(page, 'EFFICIENT')).toEqual(['efﬁcient', 'ef-\nﬁcient']);
  });

  it('joins words hyphenated at a line end, and hyphenated compounds', () => {
    expect(find(page, 'compile')).toEqual(['com-\npile']);
    expect(find(page, 'interpreter')).toEqual(['inter-\npreter']);
    expect(find(page, 'efficiently')).toEqual(['ef-\nﬁciently']);
    expect(find(page, 'trace-based')).toEqual(['Trace-based']);
    expect(find(page, 'tracebased')).toEqual(['Trace-based']);
  });

  it('reads runs of white space and line ends as one space, and keeps minus signs and dashes between numbers', () => {
    expect(find(page, 'than  typed')).toEqual(['than typed']);
    expect(find(page, 'based jit')).toEqual(['based\nJIT']);
    expect(find(page, '12 - 3')).toEqual(['12 - 3']);
    expect(find(page, '123')).toEqual([]);
  });

  it('ignores white space between CJK characters and matches Arabic presentation forms by their letters', () => {
    expect(find('全 世 界 无 产 者，联 合', '全世界')).toEqual(['全 世 界']);
    expect(find('اﻧﻮاع اﳋﻄﻮط', 'انواع')).toEqual(['اﻧﻮاع']);
  });

  it('finds every occurrence, without overlaps, up to a limit; an empty query finds nothing', () => {
    expect(find('aaaa', 'aa')).toEqual(['aa', 'aa']);
    expect(findIn(searchText('x x x x'), 'x', 3)).toHaveLength(3);
    expect(find(page, '  ')).toEqual([]);
  });

  it('fuzz: any stretch of the stored text is found, and every hit reads as the query', () => {
    const alphabet = fc.constantFrom(...'abcﬁﬂ -\n\u00ADÉé1', 'e\u0301', '全', 'ﬃ');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), fc.nat(), fc.nat(), (parts, a, b) => {
        const text = parts.join('');
        const index = searchText(text);
        // Every normalised character comes from stored characters in order.
        for (let i = 1; i < index.text.length; i++)
          expect(index.starts[i]!).toBeGreaterThanOrEqual(index.starts[i - 1]!);
        for (let i = 0; i < index.text.length; i++) expect(index.ends[i]!).toBeLessThanOrEqual(text.length);
        if (text.length === 0) return;
        const from = a % text.length;
        const to = from + 1 + (b % (text.length - from));
        const query = normaliseQuery(text.slice(from, to));
        for (const hit of findIn(index, query)) {
          expect(normaliseQuery(text.slice(hit.start, hit.end))).toContain(query);
        }
      }),
      { numRuns: fuzzRuns(300) },
    );
  });
});

describe('joinPageText', () => {
  it('joins a right-to-left line from right to left by position, keeping numbers in their order', () => {
    const at = (x: number) => [36, 0, 0, 36, x, 700];
    const items = [
      { str: 'العربية', dir: 'rtl', transform: at(160) },
      { str: ' ', dir: 'ltr', transform: at(278) },
      { str: 'الخطوط', dir: 'rtl', transform: at(288) },
      { str: ' ', dir: 'ltr', transform: at(409) },
      { str: 'انواع', dir: 'rtl', transform: at(420), hasEOL: true },
      { str: 'Left to right', dir: 'ltr', transform: at(100) },
    ];
    const joined = joinPageText(items);
    expect(joined.text).toBe('انواع الخطوط العربية\nLeft to right');
    items.forEach((item, i) =>
      expect(joined.text.slice(joined.itemStarts[i], joined.itemStarts[i]! + item.str.length)).toBe(item.str),
    );
    // Without positions, the line is read in reverse.
    expect(joinPageText([{ str: 'عربية' }, { str: ' ' }, { str: '2024' }]).text).toBe('2024 عربية');
  });

  it('leaves left-to-right text exactly as items come, so stored offsets do not move', () => {
    const items = [{ str: 'LVEF 23.5 ± 4.3', hasEOL: true }, { str: 'n = 10' }];
    expect(joinPageText(items).text).toBe('LVEF 23.5 ± 4.3\nn = 10');
  });

  it('adds filled fields and FreeText after the page text, one line each, and nothing for empty or hidden ones', () => {
    const texts = annotationTexts([
      { annotationType: 3, contentsObj: { str: 'This should be visible' } },
      { annotationType: 20, fieldType: 'Tx', fieldValue: 'foobar' },
      { annotationType: 20, fieldType: 'Tx', fieldValue: 'hidden', hidden: true },
      { annotationType: 20, fieldType: 'Btn', fieldValue: 'Off' },
      { annotationType: 20, fieldType: 'Ch', fieldValue: ['A', 'B'] },
      { annotationType: 20, fieldType: 'Ch', fieldValue: ['  '] },
    ]).map((t) => t.str);
    expect(texts).toEqual(['This should be visible', 'foobar', 'A, B']);
    const page = [{ str: 'Form 1040' }];
    expect(joinPageText(pageItems(page, texts)).text).toBe('Form 1040\nThis should be visible\nfoobar\nA, B\n');
    expect(joinPageText(pageItems(page, [])).text).toBe('Form 1040');
  });
});

describe('unusable page text', () => {
  it('finds pages of control characters or without letters, and says which', () => {
    const control = '\u0002\u0003\u0004\u0005 \u0006\u0004\u0007\b \u000e\u000f';
    const pages = ['Working Papers on Information Systems', control, control, '', 'Back cover text'];
    expect(unusablePages(pages)).toEqual([2, 3, 4]);
    expect(isUnusablePageText('12 34 56')).toBe(true);
    expect(isUnusablePageText('Table 2: 12 34 56')).toBe(false);
    expect(unusablePagesNote([2, 3, 4, 7], 9)).toBe(
      'Pages 2–4, 7: no extractable text; the numbers cannot be selected.',
    );
    expect(unusablePagesNote([1], 1)).toBe('Page 1: no extractable text; the numbers cannot be selected.');
    expect(unusablePagesNote([1, 2], 2)).toBe('Every page: no extractable text; the numbers cannot be selected.');
    expect(unusablePagesNote([], 2)).toBeNull();
  });

  it('tells words from figure labels in a font without a Unicode map', () => {
    const prose = 'Mean age was 71610 years in the treated group.';
    expect(readsAsWords(prose, 13, 18)).toBe(true);
    const labels = '&-./012#3%4%56#\n&-.789:;#3%4,56#';
    expect(readsAsWords(labels, 7, 10)).toBe(false);
  });
});
