// Moving through a document's recognised statistics from the keyboard: where each one is in a text,
// which one comes next or before a place, and selecting one in the rendered text so the mapping panel
// offers it. Layer: renderer.
import { recognise } from '../../../shared/parse/recognise';

export interface Stop {
  start: number;
  end: number;
}

/** The statistics a reviewer can map in a text (not p-values, not ambiguous readings), in text order. */
export function statisticStops(text: string): Stop[] {
  return recognise(text)
    .filter((s) => s.kind !== 'ambiguous' && s.kind !== 'p_value')
    .map((s) => ({ start: s.start, end: s.end }))
    .sort((a, b) => a.start - b.start);
}

/** The index of the statistic after (or before) the place [start, end), or -1 when there is none. */
export function stepStop(stops: readonly Stop[], place: Stop | null, direction: 1 | -1): number {
  if (direction === 1) {
    const after = place ? place.end : -1;
    return stops.findIndex((s) => s.start >= after && !(place && s.start === place.start && s.end === place.end));
  }
  const before = place ? place.start : Number.POSITIVE_INFINITY;
  for (let i = stops.length - 1; i >= 0; i--) if (stops[i]!.end <= before) return i;
  return -1;
}

/** Selects characters [start, end) of the text rendered inside root (its text nodes in order). */
export function selectInText(root: HTMLElement, start: number, end: number): Range | null {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let offset = 0;
  let started = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.textContent?.length ?? 0;
    if (!started && start < offset + length) {
      range.setStart(node, start - offset);
      started = true;
    }
    if (started && end <= offset + length) {
      range.setEnd(node, end - offset);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      return range;
    }
    offset += length;
  }
  return null;
}

/** The sentence (or sentences) a selection lies in, for telling which outcome it is about. */
export function sentenceAround(text: string, start: number, end: number): string {
  const before = text.slice(0, start);
  const from = Math.max(before.lastIndexOf('. '), before.lastIndexOf('; '), before.lastIndexOf('\n')) + 1;
  const stops = ['. ', '; ', '\n'].map((s) => text.indexOf(s, end)).filter((i) => i !== -1);
  const to = stops.length ? Math.min(...stops) : text.length;
  return text.slice(from, to).trim();
}
