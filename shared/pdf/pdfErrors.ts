// What a pdf.js failure means for the reviewer: pdf.js names its errors after its own internals
// ("XRefEntryException: Bad (uncompressed) XRef entry: 3R"); a reviewer needs "the PDF is damaged:
// its cross-reference table is broken". explainPdfError gives the plain sentence; the original stays
// available as the detail. Messages carry the detail after DETAIL_MARK, so it crosses every transport
// in the message alone and the screen can show it on request (splitDetail). Layer: shared.

/** Separates a message from its technical detail. */
export const DETAIL_MARK = ' Technical detail: ';

export interface ExplainedPdfError {
  /** Plain words: what is wrong and what it means for the reviewer (no trailing full stop). */
  text: string;
  /** pdf.js's own name and message. */
  detail: string;
}

/** Damage found in the message text, for errors whose name says little (FormatError, UnknownErrorException). */
const DAMAGE_IN_MESSAGE: { pattern: RegExp; text: string }[] = [
  {
    pattern: /xref|cross-reference|startxref|trailer/i,
    text: 'the PDF is damaged: its cross-reference table is broken',
  },
  {
    pattern: /stream|FCHECK|block type|flate|decode|Unexpected end/i,
    text: 'the PDF is damaged: part of its content is corrupt',
  },
  { pattern: /dictionary|endobj|obj\b/i, text: 'the PDF is damaged: its structure is corrupt' },
  { pattern: /font/i, text: 'a font in the PDF is damaged; some text may be missing' },
];

const BY_NAME: Record<string, string> = {
  XRefEntryException: 'the PDF is damaged: its cross-reference table is broken',
  XRefParseException: 'the PDF is damaged: its cross-reference table is broken',
  InvalidPDFException: 'the file is not a valid PDF, or it is badly damaged',
  MissingPDFException: 'the PDF file could not be found',
  UnexpectedResponseException: 'the PDF could not be loaded',
  ResponseException: 'the PDF could not be loaded',
  PasswordException: 'the PDF is password-protected',
  AbortException: 'reading the PDF was stopped',
};

/** The plain sentence for a pdf.js error (by its name, else by what its message mentions). */
export function explainPdfError(name: string | undefined, message: string): ExplainedPdfError {
  const cleanName = name && name !== 'Error' ? name : '';
  const detail = `${cleanName ? `${cleanName}: ` : ''}${message}`.trim();
  const byName = cleanName ? BY_NAME[cleanName] : undefined;
  if (byName) return { text: byName, detail };
  const found = DAMAGE_IN_MESSAGE.find((d) => d.pattern.test(message));
  if (found) return { text: found.text, detail };
  return { text: 'the PDF could not be read; it may be damaged', detail };
}

/** A message with its detail appended after DETAIL_MARK. */
export function withDetail(text: string, detail: string): string {
  return detail ? `${text}${DETAIL_MARK}${detail}` : text;
}

/** The message and its detail (when it has one), as withDetail joined them. */
export function splitDetail(message: string): { text: string; detail?: string } {
  const at = message.indexOf(DETAIL_MARK);
  if (at < 0) return { text: message };
  return { text: message.slice(0, at), detail: message.slice(at + DETAIL_MARK.length) };
}

/** Several messages as one: their texts joined, and their details (if any) joined apart. */
export function joinMessages(messages: readonly string[]): { text: string; detail?: string } {
  const parts = messages.map(splitDetail);
  const details = parts.flatMap((p) => (p.detail ? [p.detail] : []));
  const text = parts.map((p) => p.text).join(' ');
  return details.length ? { text, detail: details.join('\n') } : { text };
}
