// Editing a choice field's choices in the form builder: add, rename, move, remove, and the refusals.
import { describe, expect, it } from 'vitest';
import {
  addChoice,
  moveChoice,
  removeChoice,
  renameChoice,
} from '../../../renderer/features/extraction/formBuilder/choices';

const list = ['RCT', 'Cohort', 'Case series'];

describe('choices', () => {
  it('adds a trimmed choice at the end, refusing an empty or repeated one', () => {
    expect(addChoice(list, '  Registry ')).toEqual({ ok: true, choices: [...list, 'Registry'] });
    expect(addChoice(list, '   ')).toEqual({ ok: false, reason: 'Type the new choice first.' });
    expect(addChoice(list, 'cohort')).toEqual({ ok: false, reason: '"cohort" is already a choice.' });
    expect(addChoice([], 'RCT')).toEqual({ ok: true, choices: ['RCT'] });
  });

  it('renames in place; the same name in another case is allowed for the same choice only', () => {
    expect(renameChoice(list, 1, 'Prospective cohort')).toEqual({
      ok: true,
      choices: ['RCT', 'Prospective cohort', 'Case series'],
    });
    expect(renameChoice(list, 1, 'COHORT')).toEqual({ ok: true, choices: ['RCT', 'COHORT', 'Case series'] });
    expect(renameChoice(list, 1, 'rct')).toMatchObject({ ok: false });
    expect(renameChoice(list, 0, '')).toMatchObject({ ok: false, reason: 'A choice cannot be empty.' });
    expect(renameChoice(list, 3, 'X')).toMatchObject({ ok: false });
  });

  it('moves up and down within the list', () => {
    expect(moveChoice(list, 2, 0)).toEqual({ ok: true, choices: ['Case series', 'RCT', 'Cohort'] });
    expect(moveChoice(list, 0, 1)).toEqual({ ok: true, choices: ['Cohort', 'RCT', 'Case series'] });
    expect(moveChoice(list, 0, -1)).toMatchObject({ ok: false });
    expect(moveChoice(list, 2, 3)).toMatchObject({ ok: false });
  });

  it('removes one choice and leaves the list it was given alone', () => {
    expect(removeChoice(list, 1)).toEqual({ ok: true, choices: ['RCT', 'Case series'] });
    expect(list).toEqual(['RCT', 'Cohort', 'Case series']);
    expect(removeChoice(list, 5)).toMatchObject({ ok: false });
  });
});
