// Worksheet names as Excel allows them: at most 31 characters, none of : \ / ? * [ ], no leading or
// trailing apostrophe, unique without regard to case (the workbook's own sheets taken first).
import { describe, expect, it } from 'vitest';
import { sheetName } from '../../../electron/backend/services/exports/xlsx';

describe('sheet names', () => {
  it('are cut to 31 characters, cleaned of forbidden characters, and made unique', () => {
    const taken = new Set(['studies', 'sources', 'disagreements', 'agreement']);
    const names = [
      'Sources',
      'LV end-systolic volume at 12 months of follow-up',
      'LV end-systolic volume at 12 months of follow-up',
      'Pain [VAS]: 0/10?',
      "'quoted'",
      '***',
      'qrs',
      'QRS',
    ].map((n) => sheetName(n, taken));
    expect(names).toEqual([
      'Sources (2)',
      'LV end-systolic volume at 12 mo',
      'LV end-systolic volume at 1 (2)',
      'Pain VAS 0 10',
      'quoted',
      'Outcome',
      'qrs',
      'QRS (2)',
    ]);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(31);
  });
});
