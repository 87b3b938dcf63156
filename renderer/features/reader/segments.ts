// Splits a text into runs so that overlapping marks (highlights, damaged-text warnings) can be drawn
// as nested spans without changing the text itself: the runs' text joined is always the original.
// Layer: renderer.

export interface TextMark {
  start: number;
  end: number;
  /** CSS class of the mark, e.g. "hl hl-0" or "damaged". */
  className: string;
  title?: string;
  /** A highlight's id, so the reader can scroll to it. */
  highlightId?: string;
}

export interface TextRun {
  start: number;
  end: number;
  marks: TextMark[];
}

export function splitIntoRuns(length: number, marks: readonly TextMark[]): TextRun[] {
  const valid = marks.filter((m) => m.start >= 0 && m.end <= length && m.end > m.start);
  const cuts = new Set<number>([0, length]);
  for (const m of valid) {
    cuts.add(m.start);
    cuts.add(m.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs: TextRun[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    runs.push({ start, end, marks: valid.filter((m) => m.start <= start && m.end >= end) });
  }
  return runs;
}
