// Writes small, valid PDFs for tests: pages of Helvetica text lines, an optional Info dictionary, and
// a correct cross-reference table, so tests can make PDFs with a known title, DOI or text.
export interface MakePdfOptions {
  /** Each page is a list of lines; the first line of page 1 is set large, like a title. */
  pages: string[][];
  info?: Record<string, string>;
  /**
   * Bytes of an uncompressed greyscale image drawn on each page (a square of pseudo-random pixels), to
   * make PDFs as large as scanned or figure-heavy papers; none by default.
   */
  imageBytesPerPage?: number;
}

function pdfString(text: string): string {
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

export function makePdf(options: MakePdfOptions): Buffer {
  const objects: string[] = [];
  const add = (body: string): number => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add('');
  const pagesId = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const pageIds: number[] = [];
  const side = options.imageBytesPerPage ? Math.max(1, Math.floor(Math.sqrt(options.imageBytesPerPage))) : 0;
  let seed = 12345;
  const noise = () => {
    let pixels = '';
    for (let i = 0; i < side * side; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      pixels += String.fromCharCode((seed >> 16) & 0xff);
    }
    return pixels;
  };
  options.pages.forEach((lines, pageIndex) => {
    const image = side
      ? add(
          `<< /Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${side * side} >>\nstream\n${noise()}\nendstream`,
        )
      : null;
    const drawImage = image ? `\nq 200 0 0 200 350 40 cm /Im1 Do Q` : '';
    const ops = lines
      .map((line, i) => {
        const size = pageIndex === 0 && i === 0 ? 20 : 10;
        return `BT /F1 ${size} Tf 72 ${740 - i * 24} Td ${pdfString(line)} Tj ET`;
      })
      .join('\n')
      .concat(drawImage);
    const content = add(`<< /Length ${Buffer.byteLength(ops, 'latin1')} >>\nstream\n${ops}\nendstream`);
    pageIds.push(
      add(
        `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >>${image ? ` /XObject << /Im1 ${image} 0 R >>` : ''} >> /Contents ${content} 0 R >>`,
      ),
    );
  });
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesId} 0 R >>`;
  objects[pagesId - 1] =
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  const info = options.info
    ? add(
        `<< ${Object.entries(options.info)
          .map(([k, v]) => `/${k} ${pdfString(v)}`)
          .join(' ')} >>`,
      )
    : null;

  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R${info ? ` /Info ${info} 0 R` : ''} >>\n`;
  out += `startxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
