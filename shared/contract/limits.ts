// Size limits the contract enforces before anything reaches a service. Layer: shared.

/** A pasted abstract may be at most 5 MB of UTF-8. */
export const MAX_ABSTRACT_BYTES = 5 * 1024 * 1024;
/** A PDF may be at most 200 MB (checked before it is read or decoded). */
export const MAX_PDF_BYTES = 200 * 1024 * 1024;
export const MAX_TITLE_CHARS = 2_000;
export const MAX_NAME_CHARS = 200;
export const MAX_PATH_CHARS = 4_096;
export const MAX_FILTER_CHARS = 500;
/** Studies one `study:list` request, or one `studies:changed` event, names at most. */
export const MAX_LISTED_IDS = 1_000;

/** Length of a string in UTF-8 bytes, without TextEncoder (shared/ has no DOM or Node globals). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A reviewer's passcode (hashed before it is stored). */
export const MAX_PASSCODE_CHARS = 200;
