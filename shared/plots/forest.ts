// The forest plot of an analysis as an SVG string, in the Cochrane/RevMan layout: study, per-arm raw
// data, weight, effect and CI as text, then the plot (squares sized by weight, whiskers, diamonds for
// subgroups and the total, the prediction interval, a log axis for ratios), the heterogeneity line, the
// test for overall effect, subgroup differences and the "Favours …" labels. Pure and deterministic: the
// same run and settings give the same bytes. Each study row carries data-study so a view can link it.
// Layer: shared (pure TypeScript).
import type { AnalysisSettings } from '../analysis/model';
import type { AnalysisRun, Interval, RowResult } from '../analysis/run';
import { cellText, esc, fmt, linearTicks, logTicks, n, pText, tickText } from './svg';

const FONT = 'DejaVu Sans, Arial, Helvetica, sans-serif';
const ROW = 18;
const PLOT_W = 260;

interface Column {
  title: string;
  group: string;
  width: number;
  text(row: RowResult): string;
  total?: string;
}

/** The raw-data columns for the analysis's comparison and data type. */
function dataColumns(run: AnalysisRun): Column[] {
  const first = run.rows.find((r) => r.cells.length)?.cells ?? [];
  const cols: Column[] = [];
  const roleCells = (role: string) => (row: RowResult) => row.cells.find((c) => c.role === role)?.numbers ?? {};
  for (const cell of first) {
    const get = roleCells(cell.role);
    const group =
      cell.role === 'intervention' || cell.role === 'comparator'
        ? (cell.arm ?? cell.role)
        : cell.role === 'baseline'
          ? 'Baseline'
          : cell.role === 'estimate'
            ? 'Estimate'
            : (cell.arm ?? 'Group');
    const keys = Object.keys(cell.numbers);
    for (const key of keys) {
      const title =
        {
          events: 'Events',
          total: 'Total',
          mean: 'Mean',
          sd: 'SD',
          n: 'Total',
          estimate: 'Est.',
          lower: 'Lower',
          upper: 'Upper',
          se: 'SE',
        }[key] ?? key;
      const col: Column = {
        title,
        group,
        width: key === 'mean' || key === 'estimate' ? 52 : 44,
        text: (r) => cellText(get(r)[key] ?? null),
      };
      if (key === 'events' || key === 'total' || key === 'n') {
        const sum = run.rows.filter((r) => r.weight !== null).reduce((a, r) => a + (get(r)[key] ?? 0), 0);
        col.total = String(sum);
      }
      cols.push(col);
    }
  }
  return cols;
}

interface Axis {
  lo: number;
  hi: number;
  ticks: number[];
  x(v: number): number;
}

function makeAxis(run: AnalysisRun, settings: AnalysisSettings, x0: number): Axis {
  const values: number[] = [];
  for (const r of run.rows) if (r.effect) values.push(r.effect.ci_lb, r.effect.ci_ub, r.effect.estimate);
  if (run.summary) values.push(run.summary.ci_lb, run.summary.ci_ub);
  const finite = values.filter((v) => Number.isFinite(v) && (!run.logScale || v > 0));
  let lo: number, hi: number;
  if (run.logScale) {
    const span = Math.max(...finite.map((v) => Math.abs(Math.log10(v))), Math.log10(2));
    const e = [Math.log10(2), Math.log10(5), 1, Math.log10(20), 2, 3].find((s) => s >= Math.min(span, 3)) ?? 3;
    lo = 10 ** -e;
    hi = 10 ** e;
    lo = Number(lo.toPrecision(6));
    hi = Number(hi.toPrecision(6));
  } else {
    const withNull = run.nullValue === null ? finite : [...finite, run.nullValue];
    lo = withNull.length ? Math.min(...withNull) : -1;
    hi = withNull.length ? Math.max(...withNull) : 1;
    if (run.nullValue !== null) {
      const m = Math.max(Math.abs(lo - run.nullValue), Math.abs(hi - run.nullValue)) || 1;
      lo = run.nullValue - m;
      hi = run.nullValue + m;
    }
    const t = linearTicks(lo, hi);
    const step = t.length > 1 ? t[1]! - t[0]! : 1;
    lo = Math.floor(lo / step - 1e-9) * step;
    hi = Math.ceil(hi / step - 1e-9) * step;
    if (lo === hi) hi = lo + step;
  }
  if (settings.axis.lower !== null && (!run.logScale || settings.axis.lower > 0)) lo = settings.axis.lower;
  if (settings.axis.upper !== null) hi = settings.axis.upper;
  if (!(hi > lo)) hi = run.logScale ? lo * 10 : lo + 1;
  const ticks = run.logScale ? logTicks(lo, hi) : linearTicks(lo, hi);
  const f = run.logScale ? Math.log : (v: number) => v;
  const x = (v: number) => x0 + ((f(v) - f(lo)) / (f(hi) - f(lo))) * PLOT_W;
  return { lo, hi, ticks, x };
}

function statLine(run: AnalysisRun): string[] {
  const r = run.result;
  if (!r) return [];
  const lines: string[] = [];
  const tau = r.tau2 === undefined ? '' : `Tau² = ${fmt(r.tau2, r.tau2 < 0.01 && r.tau2 > 0 ? 4 : 2)}; `;
  if (r.k > 1)
    lines.push(`Heterogeneity: ${tau}Chi² = ${fmt(r.Q)}, df = ${r.Qdf} (${pText(r.Qp)}); I² = ${Math.round(r.I2)}%`);
  else lines.push('Heterogeneity: not applicable');
  const stat = r.df === undefined ? `Z = ${fmt(Math.abs(r.stat))}` : `t = ${fmt(Math.abs(r.stat))}, df = ${r.df}`;
  lines.push(`Test for overall effect: ${stat} (${pText(r.pval)})`);
  if (run.subgroupTest)
    lines.push(
      `Test for subgroup differences: Chi² = ${fmt(run.subgroupTest.Q)}, df = ${run.subgroupTest.df} (${pText(run.subgroupTest.pval)})`,
    );
  return lines;
}

/** A label cut to `max` characters with an ellipsis (the full label is in the row's title). */
function shorten(label: string, max: number): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

const intervalText = (e: Interval) => `${fmt(e.estimate)} [${fmt(e.ci_lb)}, ${fmt(e.ci_ub)}]`;

/** The forest plot of a run as an SVG document. */
export function forestPlot(run: AnalysisRun, settings: AnalysisSettings): string {
  const cols = dataColumns(run);
  const studyW = 190;
  const weightW = 56;
  const effectW = 170;
  let x = 10;
  const colX: number[] = [];
  x += studyW;
  for (const c of cols) {
    colX.push(x + c.width);
    x += c.width;
  }
  const weightX = x + weightW;
  x += weightW;
  const effectX = x + 10;
  x += effectW;
  const plotX = x + 10;
  const axis = makeAxis(run, settings, plotX);
  const width = plotX + PLOT_W + 20;
  const scaleLabel = `${run.method.split(',')[0]}`;

  const out: string[] = [];
  let y = 20;
  const text = (tx: number, ty: number, s: string, anchor: 'start' | 'end' | 'middle' = 'start', extra = '') =>
    out.push(`<text x="${n(tx)}" y="${n(ty)}" text-anchor="${anchor}"${extra}>${esc(s)}</text>`);

  // Header: arm names over their columns, then column titles.
  const groups: { name: string; from: number; to: number }[] = [];
  cols.forEach((c, i) => {
    const last = groups[groups.length - 1];
    const from = colX[i]! - c.width;
    if (last && last.name === c.group) last.to = colX[i]!;
    else groups.push({ name: c.group, from, to: colX[i]! });
  });
  for (const g of groups) text((g.from + g.to) / 2 + 4, y, g.name, 'middle', ' font-weight="bold"');
  text(weightX, y + ROW, 'Weight', 'end', ' font-weight="bold"');
  text(effectX + effectW / 2 - 10, y, scaleLabel, 'middle', ' font-weight="bold"');
  text(plotX + PLOT_W / 2, y, scaleLabel, 'middle', ' font-weight="bold"');
  y += ROW;
  text(10, y, 'Study or Subgroup', 'start', ' font-weight="bold"');
  cols.forEach((c, i) => text(colX[i]!, y, c.title, 'end', ' font-weight="bold"'));
  const detail = run.method.split(',').slice(1).join(',').trim();
  text(effectX + effectW / 2 - 10, y, detail, 'middle', ' font-weight="bold" font-size="9"');
  text(plotX + PLOT_W / 2, y, detail, 'middle', ' font-weight="bold" font-size="9"');
  y += 6;
  out.push(`<line x1="10" y1="${n(y)}" x2="${n(width - 10)}" y2="${n(y)}" stroke="#000" stroke-width="0.6"/>`);
  y += ROW - 4;
  const top = y - ROW + 4;

  const maxW = Math.max(1, ...run.rows.map((r) => r.weight ?? 0));
  const studyRow = (r: RowResult) => {
    out.push(`<g class="study" data-study="${esc(r.studyId)}"><title>${esc(r.label)}</title>`);
    text(10, y, shorten(r.label, 28) + (r.converted.length ? ' *' : ''));
    cols.forEach((c, i) => text(colX[i]!, y, c.text(r), 'end'));
    if (r.weight !== null && r.effect) {
      text(weightX, y, `${fmt(r.weight, 1)}%`, 'end');
      text(effectX, y, intervalText(r.effect));
      const cy = y - 4;
      const lo = Math.max(axis.lo, r.effect.ci_lb),
        hi = Math.min(axis.hi, r.effect.ci_ub);
      if (hi > lo)
        out.push(
          `<line x1="${n(axis.x(lo))}" y1="${n(cy)}" x2="${n(axis.x(hi))}" y2="${n(cy)}" stroke="#000" stroke-width="0.8"/>`,
        );
      if (r.effect.ci_lb < axis.lo) out.push(`<path d="M${n(axis.x(axis.lo))} ${n(cy)}l5 -3v6z"/>`);
      if (r.effect.ci_ub > axis.hi) out.push(`<path d="M${n(axis.x(axis.hi))} ${n(cy)}l-5 -3v6z"/>`);
      if (r.effect.estimate >= axis.lo && r.effect.estimate <= axis.hi) {
        const side = 3 + 7 * Math.sqrt(r.weight / maxW);
        out.push(
          `<rect x="${n(axis.x(r.effect.estimate) - side / 2)}" y="${n(cy - side / 2)}" width="${n(side)}" height="${n(side)}" fill="#2b6cb0"/>`,
        );
      }
    } else {
      text(weightX, y, '', 'end');
      text(effectX, y, `Not estimable: ${r.excluded ?? ''}`, 'start', ' font-size="9" fill="#555"');
    }
    out.push('</g>');
    y += ROW;
  };
  const diamond = (e: Interval, fill: string) => {
    const cy = y - 4;
    const lo = Math.max(axis.lo, e.ci_lb),
      hi = Math.min(axis.hi, e.ci_ub);
    const mid = Math.min(axis.hi, Math.max(axis.lo, e.estimate));
    out.push(
      `<path d="M${n(axis.x(lo))} ${n(cy)}L${n(axis.x(mid))} ${n(cy - 5)}L${n(axis.x(hi))} ${n(cy)}L${n(axis.x(mid))} ${n(cy + 5)}Z" fill="${fill}"/>`,
    );
  };

  // Rows that have some data: studies in the analysis, and those that could not enter with the reason.
  const shown = run.rows.filter((r) => r.weight !== null || r.valueIds.length > 0);
  if (run.subgroups) {
    for (const g of run.subgroups) {
      text(10, y, g.subgroup, 'start', ' font-weight="bold"');
      y += ROW;
      for (const r of shown) if (r.weight !== null && g.rows.includes(r.studyId)) studyRow(r);
      text(10, y, 'Subtotal', 'start', ' font-weight="bold"');
      text(effectX, y, intervalText(g.effect), 'start', ' font-weight="bold"');
      diamond(g.effect, '#000');
      y += ROW;
      const tau = g.tau2 === undefined ? '' : `Tau² = ${fmt(g.tau2)}; `;
      text(
        10,
        y,
        `Heterogeneity: ${tau}Chi² = ${fmt(g.Q)}; I² = ${Math.round(g.I2)}%; overall effect ${pText(g.pval)}`,
        'start',
        ' font-size="9"',
      );
      y += ROW * 1.3;
    }
    for (const r of shown) if (r.weight === null) studyRow(r);
  } else for (const r of shown) studyRow(r);

  // The total.
  y += 4;
  const totalY = y;
  text(10, y, `Total (${settings.level}% CI)`, 'start', ' font-weight="bold"');
  cols.forEach((c, i) => {
    if (c.title === 'Total' && c.total) text(colX[i]!, y, c.total, 'end', ' font-weight="bold"');
  });
  if (run.summary && run.result) {
    text(weightX, y, '100.0%', 'end', ' font-weight="bold"');
    text(effectX, y, intervalText(run.summary), 'start', ' font-weight="bold"');
    diamond(run.summary, '#000');
    y += ROW;
    if (
      settings.predictionInterval &&
      run.summary.pi_lb !== undefined &&
      run.summary.pi_ub !== undefined &&
      run.result.k > 1
    ) {
      text(10, y, 'Prediction interval');
      text(effectX, y, `[${fmt(run.summary.pi_lb)}, ${fmt(run.summary.pi_ub)}]`);
      const cy = y - 4;
      const lo = Math.max(axis.lo, run.summary.pi_lb),
        hi = Math.min(axis.hi, run.summary.pi_ub);
      out.push(
        `<rect x="${n(axis.x(lo))}" y="${n(cy - 2)}" width="${n(Math.max(0, axis.x(hi) - axis.x(lo)))}" height="4" fill="#c53030"/>`,
      );
      y += ROW;
    }
  } else {
    text(
      effectX,
      y,
      run.error ? `Not estimable: ${run.error}` : 'Not estimable',
      'start',
      ' font-size="9" fill="#555"',
    );
    y += ROW;
  }
  const eventCols = cols.filter((c) => c.title === 'Events');
  if (eventCols.length) {
    text(10, y, 'Total events');
    cols.forEach((c, i) => {
      if (c.title === 'Events' && c.total) text(colX[i]!, y, c.total, 'end');
    });
    y += ROW;
  }
  for (const line of statLine(run)) {
    text(10, y, line, 'start', ' font-size="10"');
    y += ROW - 2;
  }
  if (run.rows.some((r) => r.converted.length)) {
    text(10, y, '* values converted (see the analysis for the method)', 'start', ' font-size="9" fill="#555"');
    y += ROW - 2;
  }

  // Line of no effect, axis, ticks and favours labels.
  const bottom = Math.max(y, totalY + 8);
  const axisY = bottom + 6;
  if (run.nullValue !== null && run.nullValue >= axis.lo && run.nullValue <= axis.hi) {
    const nx = axis.x(run.nullValue);
    out.push(`<line x1="${n(nx)}" y1="${n(top)}" x2="${n(nx)}" y2="${n(axisY)}" stroke="#000" stroke-width="0.6"/>`);
  }
  if (run.summary && run.result && run.summary.estimate >= axis.lo && run.summary.estimate <= axis.hi) {
    const sx = axis.x(run.summary.estimate);
    out.push(
      `<line x1="${n(sx)}" y1="${n(top)}" x2="${n(sx)}" y2="${n(totalY)}" stroke="#555" stroke-width="0.5" stroke-dasharray="3 3"/>`,
    );
  }
  out.push(
    `<line x1="${n(plotX)}" y1="${n(axisY)}" x2="${n(plotX + PLOT_W)}" y2="${n(axisY)}" stroke="#000" stroke-width="0.8"/>`,
  );
  for (const t of axis.ticks) {
    const tx = axis.x(t);
    out.push(
      `<line x1="${n(tx)}" y1="${n(axisY)}" x2="${n(tx)}" y2="${n(axisY + 4)}" stroke="#000" stroke-width="0.8"/>`,
    );
    text(tx, axisY + 15, tickText(t), 'middle', ' font-size="10"');
  }
  const favY = axisY + 29;
  if (settings.favours.left) text(plotX + PLOT_W / 2 - 6, favY, settings.favours.left, 'end', ' font-size="10"');
  if (settings.favours.right) text(plotX + PLOT_W / 2 + 6, favY, settings.favours.right, 'start', ' font-size="10"');
  const height = favY + 12;

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}" font-family="${FONT}" font-size="11" role="img" aria-label="${esc(`Forest plot: ${run.name}`)}">`,
    `<title>${esc(`${run.name}: ${run.outcome.name}, ${run.timepoint}`)}</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...out,
    '</svg>',
    '',
  ].join('\n');
}
