// Selects a quote inside an element of the page, as a reviewer dragging over it would.
import type { Locator } from 'playwright-core';

export async function selectText(root: Locator, quote: string): Promise<void> {
  await root.evaluate((element, wanted) => {
    const text = element.textContent ?? '';
    const start = text.indexOf(wanted);
    if (start === -1) throw new Error(`"${wanted}" is not in the element`);
    const end = start + wanted.length;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let offset = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = node.textContent?.length ?? 0;
      if (start >= offset && start <= offset + length) range.setStart(node, start - offset);
      if (end >= offset && end <= offset + length) {
        range.setEnd(node, end - offset);
        break;
      }
      offset += length;
    }
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  }, quote);
}
