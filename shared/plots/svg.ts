// Small helpers for the plots' SVG text: escaping, fixed-precision numbers (so the same analysis
// always gives the same bytes), RevMan's number styles and axis ticks. Layer: shared (pure TypeScript).

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A coordinate with at most two decimals and no "-0". */
export function n(x: number): string {
  const s = (Math.round(x * 100) / 100).toFixed(2).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

/** An effect or limit as RevMan prints it: two decimals, more for small ratios. */
export function fmt(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '−∞' : '–';
  const s = x.toFixed(digits);
  return s.startsWith('-') && Number(s) !== 0 ? `−${s.slice(1)}` : s.replace(/^-/, '');
}

/** "P = 0.04", "P < 0.00001" (RevMan's style). */
export function pText(p: number): string {
  if (!Number.isFinite(p)) return 'P = –';
  if (p < 0.00001) return 'P < 0.00001';
  return `P = ${p < 0.001 ? p.toFixed(5).replace(/0+$/, '') : p.toFixed(p < 0.01 ? 3 : 2)}`;
}

/** A number in a data column (counts as integers, others with up to two decimals). */
export function cellText(x: number | null): string {
  if (x === null) return '';
  return Number.isInteger(x) ? String(x) : fmt(x, Math.abs(x) >= 100 ? 1 : 2);
}

/** Axis ticks for a log axis from `lo` to `hi` (natural scale), RevMan's style (0.1 0.2 0.5 1 2 5 10). */
export function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  const start = Math.floor(Math.log10(lo)),
    end = Math.ceil(Math.log10(hi));
  const wide = end - start > 4;
  for (let e = start; e <= end; e++) {
    for (const m of wide ? [1] : [1, 2, 5]) {
      const v = Number((m * 10 ** e).toPrecision(6));
      if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v);
    }
  }
  if (!out.some((v) => Math.abs(v - lo) / lo < 1e-9)) out.unshift(lo);
  if (!out.some((v) => Math.abs(v - hi) / hi < 1e-9)) out.push(hi);
  return out;
}

/** Evenly spaced "nice" ticks (steps of 1, 2 or 5 times a power of ten) covering lo to hi. */
export function linearTicks(lo: number, hi: number, target = 5): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / target;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const first = Math.ceil(lo / step - 1e-9) * step;
  const out: number[] = [];
  for (let v = first, i = 0; v <= hi + step * 1e-9 && i < 50; v += step, i++) out.push(Number(v.toPrecision(12)));
  return out;
}

/** A tick label: as short as it can be without losing the value. */
export function tickText(v: number): string {
  const s = Number(v.toPrecision(6)).toString();
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}
