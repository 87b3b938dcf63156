// Where the current selection lies inside a rendered text, as character offsets into that text.
// Works because the reader renders a document's text unchanged, so a Range's string length from the
// root's start is an offset into the text. Layer: renderer.

export function offsetWithin(root: Node, node: Node, offset: number): number {
  const range = document.createRange();
  range.setStart(root, 0);
  range.setEnd(node, offset);
  return range.toString().length;
}

/** The selection's offsets inside root, or null when it is empty or not wholly inside root. */
export function selectionWithin(root: HTMLElement | null): { start: number; end: number } | null {
  const selection = window.getSelection();
  if (!root || !selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return null;
  const start = offsetWithin(root, range.startContainer, range.startOffset);
  const end = offsetWithin(root, range.endContainer, range.endOffset);
  return end > start ? { start, end } : null;
}
