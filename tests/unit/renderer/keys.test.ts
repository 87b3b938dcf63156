// The keyboard registry behind every window-wide shortcut: keys written any way match the key
// pressed, the narrower scope wins, a binding that declines passes the key on, text fields and modal
// dialogs keep their keys, and two bindings of one key in one scope are reported as a conflict (the
// later one does not fire) and listed as such.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKeyRegistry, type KeyEventLike } from '../../../renderer/ui/keys';

function press(
  key: string,
  mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {},
  target: unknown = null,
) {
  const event = {
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
    defaultPrevented: false,
    isComposing: false,
    target: target as EventTarget | null,
    preventDefault: vi.fn(),
  } satisfies KeyEventLike;
  return event;
}

/** An element that is inside whatever the selectors it matches name. */
const inside = (...matches: string[]) => ({
  closest: (selector: string) => (matches.some((m) => selector.includes(m)) ? {} : null),
});

afterEach(() => vi.restoreAllMocks());

describe('the keyboard registry', () => {
  it('matches keys however they are written, with Ctrl or Cmd as Mod', () => {
    const registry = createKeyRegistry();
    const undo = vi.fn();
    const redo = vi.fn();
    const help = vi.fn();
    registry.register('extraction', [
      { key: 'Mod+z', description: 'Undo', group: 'Form', run: undo },
      { key: 'Shift+Ctrl+Z', description: 'Redo', group: 'Form', run: redo },
    ]);
    registry.register('global', [{ key: '?', description: 'Help', group: 'Window', run: help }]);
    const z = press('z', { ctrlKey: true });
    expect(registry.dispatch(z)).toBe(true);
    expect(z.preventDefault).toHaveBeenCalled();
    expect(registry.dispatch(press('Z', { metaKey: true, shiftKey: true }))).toBe(true);
    // "?" is Shift+/ on most keyboards: Shift is part of the character, not a modifier to match
    expect(registry.dispatch(press('?', { shiftKey: true }))).toBe(true);
    expect(registry.dispatch(press('z'))).toBe(false);
    expect([undo.mock.calls.length, redo.mock.calls.length, help.mock.calls.length]).toEqual([1, 1, 1]);
  });

  it('runs the narrower scope first, and a binding that declines passes the key on', () => {
    const registry = createKeyRegistry();
    const order: string[] = [];
    let readerTakes = false;
    registry.register('global', [
      { key: 'ArrowDown', description: 'Next study', group: 'Library', run: () => void order.push('global') },
    ]);
    registry.register('reader', [
      {
        key: 'ArrowDown',
        description: 'Scroll',
        group: 'Reader',
        run: () => {
          order.push('reader');
          return readerTakes;
        },
      },
    ]);
    registry.dispatch(press('ArrowDown'));
    readerTakes = true;
    registry.dispatch(press('ArrowDown'));
    expect(order).toEqual(['reader', 'global', 'reader']);
  });

  it('leaves keys typed in a text field to the field unless a binding works there too', () => {
    const registry = createKeyRegistry();
    const highlight = vi.fn();
    const find = vi.fn();
    registry.register('reader', [
      { key: 'h', description: 'Highlight', group: 'Reader', run: highlight },
      { key: 'Mod+f', description: 'Find', group: 'Reader', run: find, inFields: true },
    ]);
    const field = inside('input');
    expect(registry.dispatch(press('h', {}, field))).toBe(false);
    expect(registry.dispatch(press('f', { ctrlKey: true }, field))).toBe(true);
    expect(registry.dispatch(press('h', {}, inside()))).toBe(true);
    expect([highlight.mock.calls.length, find.mock.calls.length]).toEqual([1, 1]);
  });

  it('gives nothing to the window while a modal dialog is open', () => {
    let modal = true;
    const registry = createKeyRegistry(() => modal);
    const run = vi.fn();
    registry.register('global', [{ key: 'F6', description: 'Next pane', group: 'Window', run, inFields: true }]);
    expect(registry.dispatch(press('F6'))).toBe(false);
    modal = false;
    expect(registry.dispatch(press('F6', {}, inside('dialog')))).toBe(false);
    expect(registry.dispatch(press('F6'))).toBe(true);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('reports two bindings of one key in one scope as a conflict, lists it, and fires only the first', () => {
    const registry = createKeyRegistry();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const first = vi.fn();
    const second = vi.fn();
    registry.register('reader', [{ key: ']', description: 'Next statistic', group: 'Reader', run: first }]);
    const remove = registry.register('reader', [{ key: ']', description: 'Next page', group: 'Reader', run: second }]);
    expect(error).toHaveBeenCalledWith(
      expect.stringMatching(/^Keyboard shortcut \] \(Next page\) conflicts with Next statistic/),
    );
    registry.dispatch(press(']'));
    expect([first.mock.calls.length, second.mock.calls.length]).toEqual([1, 0]);
    expect(registry.rows().map((r) => [r.description, r.conflict])).toEqual([
      ['Next statistic', true],
      ['Next page', true],
    ]);
    // the same key in another scope is no conflict
    remove();
    registry.register('global', [{ key: ']', description: 'Other', group: 'Window', run: second }]);
    expect(registry.rows().every((r) => !r.conflict)).toBe(true);
  });

  it('lists keys for people, one row per action', () => {
    const registry = createKeyRegistry();
    registry.register(
      'reader',
      ['1', '2'].map((key) => ({
        key,
        description: 'Map to the target with this number',
        group: 'Mapping',
        run: () => {},
      })),
    );
    registry.register('reader', [
      { key: 'Alt+ArrowDown', description: 'Next statistic', group: 'Reader', run: () => {} },
      { key: 'Mod+Shift+z', description: 'Redo', group: 'Reader', run: () => {} },
    ]);
    expect(registry.rows().map((r) => [r.description, r.keys])).toEqual([
      ['Map to the target with this number', ['1', '2']],
      ['Next statistic', ['Alt+↓']],
      ['Redo', ['Ctrl+Shift+Z']],
    ]);
  });
});
