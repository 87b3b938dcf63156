// Runs for drawing overlapping marks over a text: the text is never changed, every mark covers
// exactly its characters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitIntoRuns } from '../../../renderer/features/reader/segments';

describe('splitIntoRuns', () => {
  it('cuts at every mark boundary and lists the marks covering each run', () => {
    const runs = splitIntoRuns(10, [
      { start: 2, end: 6, className: 'a' },
      { start: 4, end: 8, className: 'b' },
    ]);
    expect(runs.map((r) => [r.start, r.end, r.marks.map((m) => m.className).join('+')])).toEqual([
      [0, 2, ''],
      [2, 4, 'a'],
      [4, 6, 'a+b'],
      [6, 8, 'b'],
      [8, 10, ''],
    ]);
  });

  it('ignores marks outside the text or empty', () => {
    expect(
      splitIntoRuns(5, [
        { start: 3, end: 9, className: 'x' },
        { start: 2, end: 2, className: 'y' },
      ]),
    ).toEqual([{ start: 0, end: 5, marks: [] }]);
  });

  it('tiles the text exactly, for any marks', () => {
    fc.assert(
      fc.property(fc.nat(200), fc.array(fc.tuple(fc.nat(210), fc.nat(210))), (length, pairs) => {
        const marks = pairs.map(([a, b], i) => ({ start: Math.min(a, b), end: Math.max(a, b), className: `m${i}` }));
        const runs = splitIntoRuns(length, marks);
        expect(runs.reduce((at, r) => (expect(r.start).toBe(at), r.end), 0)).toBe(length);
        for (const run of runs) {
          for (const m of run.marks) expect(m.start <= run.start && m.end >= run.end).toBe(true);
        }
      }),
    );
  });
});
