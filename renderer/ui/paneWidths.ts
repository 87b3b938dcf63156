// The widths of the workbench's side panes (the library on the left, the form on the right), as the
// reviewer dragged them: kept within limits that leave the reader room, and remembered in this
// window's settings (localStorage, which the app keeps between runs). Pure apart from load/save.
// Layer: renderer.

export interface PaneWidths {
  library: number;
  side: number;
}

export const DEFAULT_PANE_WIDTHS: PaneWidths = { library: 340, side: 380 };
export const MIN_PANE_WIDTH = { library: 240, side: 320 };
/** The reader keeps at least this much of the window. */
export const MIN_READER_WIDTH = 360;
const STORAGE_KEY = 'caliper.paneWidths';

/**
 * Widths that fit a window `total` px wide: each pane at least its minimum, and the reader at least
 * MIN_READER_WIDTH (the pane being dragged, `keep`, gives way last).
 */
export function clampPaneWidths(widths: PaneWidths, total: number, keep: keyof PaneWidths = 'library'): PaneWidths {
  const library = Math.max(MIN_PANE_WIDTH.library, Math.round(widths.library));
  const side = Math.max(MIN_PANE_WIDTH.side, Math.round(widths.side));
  const room = Math.max(0, total - MIN_READER_WIDTH);
  if (library + side <= room) return { library, side };
  // Too wide: the other pane shrinks first, down to its minimum, then the kept one.
  const other: keyof PaneWidths = keep === 'library' ? 'side' : 'library';
  const result = { library, side };
  result[other] = Math.max(MIN_PANE_WIDTH[other], room - result[keep]);
  result[keep] = Math.max(MIN_PANE_WIDTH[keep], room - result[other]);
  return result;
}

/** Widths for a window `total` px wide before the reviewer chose any: about a quarter each side. */
export function defaultPaneWidths(total: number): PaneWidths {
  const clamp = (n: number, low: number, high: number) => Math.round(Math.min(high, Math.max(low, n)));
  return { library: clamp(total * 0.27, 300, 460), side: clamp(total * 0.29, 360, 480) };
}

/** The widths saved earlier, or the defaults (a damaged or missing entry is ignored). */
export function loadPaneWidths(
  storage: Pick<Storage, 'getItem'> | undefined,
  defaults: PaneWidths = DEFAULT_PANE_WIDTHS,
): PaneWidths {
  try {
    const saved = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null') as Partial<PaneWidths> | null;
    const ok = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0;
    return {
      library: ok(saved?.library) ? saved.library : defaults.library,
      side: ok(saved?.side) ? saved.side : defaults.side,
    };
  } catch {
    return { ...defaults };
  }
}

export function savePaneWidths(storage: Pick<Storage, 'setItem'> | undefined, widths: PaneWidths): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(widths));
  } catch {
    // Storage full or refused: the widths hold for this run only.
  }
}
