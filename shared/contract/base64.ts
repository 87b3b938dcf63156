// Binary content (PDFs, reference files) crosses every transport as base64 in JSON. These helpers let
// the contract check its size before anything is decoded. Layer: shared.

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decoded size of standard base64 text (what Buffer.from(text, 'base64') gives for valid input). */
export function base64DecodedBytes(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((text.length * 3) / 4) - padding);
}

export function isBase64(text: string): boolean {
  return text.length % 4 === 0 && BASE64.test(text);
}
