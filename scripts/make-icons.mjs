// Draws Caliper's icon (a vernier caliper's jaws on a blue tile) into build/icon.png (1024 px) and
// build/icons/NxN.png for Linux, without image tools: shapes are rasterised with 4x4 supersampling
// and written as PNG with node:zlib. Run `node scripts/make-icons.mjs` after changing the drawing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BLUE = [47, 93, 138];
const WHITE = [255, 255, 255];

// Shapes in a 64-unit square: a rounded tile, then the caliper (beam, fixed jaw, sliding jaw).
function colourAt(x, y) {
  const r = 12;
  const cx = Math.min(Math.max(x, r), 64 - r);
  const cy = Math.min(Math.max(y, r), 64 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return null;
  const inRect = (x0, y0, x1, y1) => x >= x0 && x < x1 && y >= y0 && y < y1;
  if (inRect(14, 14, 50, 22) || inRect(14, 22, 22, 50) || inRect(32, 22, 40, 40)) return WHITE;
  return BLUE;
}

function crc32(bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function png(size) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const s = 4;
  for (let py = 0; py < size; py++) {
    raw[py * (size * 4 + 1)] = 0;
    for (let px = 0; px < size; px++) {
      let rgb = [0, 0, 0];
      let covered = 0;
      for (let sy = 0; sy < s; sy++) {
        for (let sx = 0; sx < s; sx++) {
          const c = colourAt(((px + (sx + 0.5) / s) / size) * 64, ((py + (sy + 0.5) / s) / size) * 64);
          if (c) {
            covered++;
            rgb = rgb.map((v, i) => v + c[i]);
          }
        }
      }
      const o = py * (size * 4 + 1) + 1 + px * 4;
      if (covered) [raw[o], raw[o + 1], raw[o + 2]] = rgb.map((v) => Math.round(v / covered));
      raw[o + 3] = Math.round((covered / (s * s)) * 255);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const root = new URL('../build/', import.meta.url);
mkdirSync(new URL('icons/', root), { recursive: true });
writeFileSync(new URL('icon.png', root), png(1024));
for (const size of [16, 32, 48, 64, 128, 256, 512])
  writeFileSync(new URL(`icons/${size}x${size}.png`, root), png(size));
