// The workbench's pane widths: kept within limits that leave the reader room, remembered, and a
// damaged saved entry ignored.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PANE_WIDTHS,
  MIN_PANE_WIDTH,
  MIN_READER_WIDTH,
  clampPaneWidths,
  defaultPaneWidths,
  loadPaneWidths,
  savePaneWidths,
} from '../../../renderer/ui/paneWidths';

describe('pane widths', () => {
  it('keeps widths that fit as they are (rounded)', () => {
    expect(clampPaneWidths({ library: 400.4, side: 450 }, 1440)).toEqual({ library: 400, side: 450 });
  });

  it('never goes below a pane’s minimum', () => {
    expect(clampPaneWidths({ library: 10, side: -5 }, 1440)).toEqual(MIN_PANE_WIDTH);
  });

  it('leaves the reader its room, the other pane giving way first', () => {
    const wide = clampPaneWidths({ library: 900, side: 420 }, 1280, 'library');
    expect(wide.library + wide.side).toBe(1280 - MIN_READER_WIDTH);
    expect(wide.side).toBe(MIN_PANE_WIDTH.side);
    const side = clampPaneWidths({ library: 400, side: 2000 }, 1280, 'side');
    expect(side).toEqual({ library: MIN_PANE_WIDTH.library, side: 1280 - MIN_READER_WIDTH - MIN_PANE_WIDTH.library });
  });

  it('starts at about a quarter of the window each side, within limits', () => {
    expect(defaultPaneWidths(1280)).toEqual({ library: 346, side: 371 });
    expect(defaultPaneWidths(1440)).toEqual({ library: 389, side: 418 });
    expect(defaultPaneWidths(800)).toEqual({ library: 300, side: 360 });
    expect(defaultPaneWidths(4000)).toEqual({ library: 460, side: 480 });
  });

  it('remembers the widths and ignores a damaged entry', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
    };
    expect(loadPaneWidths(storage)).toEqual(DEFAULT_PANE_WIDTHS);
    savePaneWidths(storage, { library: 300, side: 500 });
    expect(loadPaneWidths(storage)).toEqual({ library: 300, side: 500 });
    store.set([...store.keys()][0]!, '{not json');
    expect(loadPaneWidths(storage)).toEqual(DEFAULT_PANE_WIDTHS);
    store.set([...store.keys()][0]!, JSON.stringify({ library: 'wide', side: 380 }));
    expect(loadPaneWidths(storage)).toEqual({ library: DEFAULT_PANE_WIDTHS.library, side: 380 });
  });
});
