// The funnel plot of an analysis as an SVG string: each study's effect (analysis scale, labelled on the
// natural scale for ratios) against its standard error (0 at the top), the pooled estimate, pseudo
// 95% confidence limits, and optionally the 90/95/99% significance contours around the line of no
// effect (Peters et al. 2008). Pure and deterministic. Layer: shared (pure TypeScript).
import type { AnalysisSettings } from '../analysis/model';
import type { AnalysisRun } from '../analysis/run';
import { qnorm } from '../stats/distributions';
import { esc, linearTicks, n, tickText } from './svg';

const FONT = 'DejaVu Sans, Arial, Helvetica, sans-serif';

export function funnelPlot(run: AnalysisRun, settings: AnalysisSettings): string {
  const W = 420,
    H = 320,
    left = 60,
    top = 30,
    pw = W - left - 20,
    ph = H - top - 50;
  const points = run.rows
    .filter((r) => r.yi !== null && r.vi !== null)
    .map((r) => ({ id: r.studyId, yi: r.yi!, se: Math.sqrt(r.vi!) }));
  const est = run.result?.estimate ?? 0;
  const maxSe = Math.max(0.0001, ...points.map((p) => p.se)) * 1.1;
  const z95 = qnorm(0.975);
  const nullOnScale = run.nullValue === null ? null : run.logScale ? 0 : run.nullValue;
  const xs = [...points.map((p) => p.yi), est - z95 * maxSe, est + z95 * maxSe];
  if (settings.funnelContours && nullOnScale !== null)
    xs.push(nullOnScale - qnorm(0.995) * maxSe, nullOnScale + qnorm(0.995) * maxSe);
  let lo = Math.min(...xs),
    hi = Math.max(...xs);
  if (!(hi > lo)) {
    lo -= 1;
    hi += 1;
  }
  const ticks = linearTicks(lo, hi, 6);
  lo = Math.min(lo, ticks[0]!);
  hi = Math.max(hi, ticks[ticks.length - 1]!);
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * pw;
  const y = (se: number) => top + (se / maxSe) * ph;
  const out: string[] = [];
  out.push(`<rect x="${left}" y="${top}" width="${pw}" height="${ph}" fill="#fff" stroke="#000" stroke-width="0.6"/>`);
  if (settings.funnelContours && nullOnScale !== null) {
    // Contours of significance around the null: p > 0.10 white, 0.10–0.05 light, 0.05–0.01 darker, < 0.01 darkest.
    const shades: [number, string][] = [
      [0.99, '#e2e8f0'],
      [0.95, '#cbd5e0'],
      [0.9, '#a0aec0'],
    ];
    out.push(`<rect x="${left}" y="${top}" width="${pw}" height="${ph}" fill="#718096" opacity="0.35"/>`);
    for (const [level, fill] of shades) {
      const zq = qnorm(1 - (1 - level) / 2);
      const d = `M${n(x(nullOnScale))} ${n(y(0))}L${n(x(nullOnScale - zq * maxSe))} ${n(y(maxSe))}L${n(x(nullOnScale + zq * maxSe))} ${n(y(maxSe))}Z`;
      out.push(`<path d="${d}" fill="${fill}"/>`);
    }
    out.push(
      `<path d="M${n(x(nullOnScale))} ${n(y(0))}L${n(x(nullOnScale - qnorm(0.95) * maxSe))} ${n(y(maxSe))}L${n(x(nullOnScale + qnorm(0.95) * maxSe))} ${n(y(maxSe))}Z" fill="#fff"/>`,
    );
  }
  // Pseudo 95% confidence limits around the pooled estimate.
  out.push(
    `<path d="M${n(x(est - z95 * maxSe))} ${n(y(maxSe))}L${n(x(est))} ${n(y(0))}L${n(x(est + z95 * maxSe))} ${n(y(maxSe))}" fill="none" stroke="#000" stroke-width="0.8" stroke-dasharray="4 3"/>`,
  );
  out.push(
    `<line x1="${n(x(est))}" y1="${n(y(0))}" x2="${n(x(est))}" y2="${n(y(maxSe))}" stroke="#000" stroke-width="0.8"/>`,
  );
  for (const p of points) {
    out.push(
      `<circle class="study" data-study="${esc(p.id)}" cx="${n(x(p.yi))}" cy="${n(y(p.se))}" r="3.5" fill="#2b6cb0"/>`,
    );
  }
  for (const t of ticks) {
    if (t < lo || t > hi) continue;
    out.push(`<line x1="${n(x(t))}" y1="${n(top + ph)}" x2="${n(x(t))}" y2="${n(top + ph + 4)}" stroke="#000"/>`);
    const label = run.logScale ? tickText(Number(Math.exp(t).toPrecision(2))) : tickText(t);
    out.push(`<text x="${n(x(t))}" y="${n(top + ph + 16)}" text-anchor="middle" font-size="10">${esc(label)}</text>`);
  }
  for (const t of linearTicks(0, maxSe, 4)) {
    if (t > maxSe) continue;
    out.push(`<line x1="${left - 4}" y1="${n(y(t))}" x2="${left}" y2="${n(y(t))}" stroke="#000"/>`);
    out.push(`<text x="${left - 6}" y="${n(y(t) + 3)}" text-anchor="end" font-size="10">${esc(tickText(t))}</text>`);
  }
  out.push(
    `<text x="${n(left + pw / 2)}" y="${H - 12}" text-anchor="middle">${esc(run.method.split(',')[0]!)}${run.logScale ? ' (log scale)' : ''}</text>`,
  );
  out.push(
    `<text x="14" y="${n(top + ph / 2)}" text-anchor="middle" transform="rotate(-90 14 ${n(top + ph / 2)})">Standard error</text>`,
  );
  out.push(`<text x="${n(left + pw / 2)}" y="18" text-anchor="middle" font-weight="bold">${esc(run.name)}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT}" font-size="11" role="img" aria-label="${esc(`Funnel plot: ${run.name}`)}">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...out,
    '</svg>',
    '',
  ].join('\n');
}
