// What a pdf.js failure means for the reviewer, with pdf.js's own words kept as the detail.
import { describe, expect, it } from 'vitest';
import { DETAIL_MARK, explainPdfError, splitDetail, withDetail } from '../../../shared/pdf/pdfErrors';

describe('explainPdfError', () => {
  it('says a broken cross-reference table in plain words and keeps pdf.js’s message as the detail', () => {
    expect(explainPdfError('XRefEntryException', 'Bad (uncompressed) XRef entry: 3R')).toEqual({
      text: 'the PDF is damaged: its cross-reference table is broken',
      detail: 'XRefEntryException: Bad (uncompressed) XRef entry: 3R',
    });
    expect(explainPdfError('XRefParseException', '').text).toBe(
      'the PDF is damaged: its cross-reference table is broken',
    );
  });

  it('names what is wrong from the message when the name says little', () => {
    expect(explainPdfError('FormatError', 'Invalid XRef stream header').text).toMatch(/cross-reference table/);
    expect(explainPdfError('UnknownErrorException', 'Bad FCHECK in flate stream: 120, 239').text).toBe(
      'the PDF is damaged: part of its content is corrupt',
    );
    expect(explainPdfError('Error', 'Malformed dictionary').text).toBe('the PDF is damaged: its structure is corrupt');
    expect(explainPdfError('InvalidPDFException', 'Invalid PDF structure.').text).toBe(
      'the file is not a valid PDF, or it is badly damaged',
    );
  });

  it('has a plain sentence for anything it does not know, never pdf.js’s words', () => {
    const explained = explainPdfError(undefined, 'something odd at 0x1F');
    expect(explained.text).toBe('the PDF could not be read; it may be damaged');
    expect(explained.detail).toBe('something odd at 0x1F');
  });
});

describe('withDetail and splitDetail', () => {
  it('carry the detail in the message and take it out again', () => {
    const message = withDetail('a.pdf is damaged: its cross-reference table is broken.', 'pdf.js: Invalid XRef');
    expect(message).toContain(DETAIL_MARK);
    expect(splitDetail(message)).toEqual({
      text: 'a.pdf is damaged: its cross-reference table is broken.',
      detail: 'pdf.js: Invalid XRef',
    });
    expect(splitDetail('No detail here.')).toEqual({ text: 'No detail here.' });
    expect(withDetail('Plain.', '')).toBe('Plain.');
  });
});
