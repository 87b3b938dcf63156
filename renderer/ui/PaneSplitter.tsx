// The handles between the workbench's panes: drag to resize, or focus and use Left/Right (Shift for
// bigger steps), Home/End for the limits. Widths are remembered (./paneWidths.ts). A handle is a
// focusable separator with its value, as WAI-ARIA's window splitter pattern describes. Layer: renderer.
import { useCallback, useEffect, useState, type CSSProperties, type KeyboardEvent, type PointerEvent } from 'react';
import {
  MIN_PANE_WIDTH,
  clampPaneWidths,
  defaultPaneWidths,
  loadPaneWidths,
  savePaneWidths,
  type PaneWidths,
} from './paneWidths';

const storage = typeof localStorage === 'undefined' ? undefined : localStorage;

/** The widths and a setter that clamps them to the window and remembers them. */
export function usePaneWidths(): [PaneWidths, (pane: keyof PaneWidths, width: number) => void, CSSProperties] {
  const [widths, setWidths] = useState(() =>
    clampPaneWidths(loadPaneWidths(storage, defaultPaneWidths(window.innerWidth)), window.innerWidth),
  );
  useEffect(() => {
    const onResize = () => setWidths((w) => clampPaneWidths(w, window.innerWidth));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  const setWidth = useCallback((pane: keyof PaneWidths, width: number) => {
    setWidths((w) => {
      const next = clampPaneWidths({ ...w, [pane]: width }, window.innerWidth, pane);
      savePaneWidths(storage, next);
      return next;
    });
  }, []);
  const style = {
    '--library-width': `${widths.library}px`,
    '--side-width': `${widths.side}px`,
  } as CSSProperties;
  return [widths, setWidth, style];
}

export function PaneSplitter(props: {
  pane: keyof PaneWidths;
  label: string;
  width: number;
  onResize: (pane: keyof PaneWidths, width: number) => void;
}) {
  const { pane, width, onResize } = props;
  // Dragging right widens the library and narrows the side panel.
  const direction = pane === 'library' ? 1 : -1;
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    const handle = e.currentTarget;
    handle.setPointerCapture(e.pointerId);
    const startX = e.clientX;
    const startWidth = width;
    const move = (ev: globalThis.PointerEvent) => onResize(pane, startWidth + (ev.clientX - startX) * direction);
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', up);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 80 : 16;
    const delta = { ArrowRight: step * direction, ArrowLeft: -step * direction }[e.key];
    if (delta !== undefined) onResize(pane, width + delta);
    else if (e.key === 'Home') onResize(pane, MIN_PANE_WIDTH[pane]);
    else if (e.key === 'End') onResize(pane, window.innerWidth);
    else return;
    e.preventDefault();
  };
  return (
    <div
      className="pane-splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={props.label}
      aria-valuenow={width}
      aria-valuemin={MIN_PANE_WIDTH[pane]}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
