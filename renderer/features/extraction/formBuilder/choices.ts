// Editing a choice field's list of choices: add, rename, move and remove, each giving the new list or
// the reason it is refused (an empty or repeated choice). Pure functions. Layer: renderer.

export type ChoicesResult = { ok: true; choices: string[] } | { ok: false; reason: string };

function refuseRepeat(choices: readonly string[], choice: string, except: number): string | null {
  const lower = choice.toLowerCase();
  return choices.some((c, i) => i !== except && c.toLowerCase() === lower) ? `"${choice}" is already a choice.` : null;
}

export function addChoice(choices: readonly string[], text: string): ChoicesResult {
  const choice = text.trim();
  if (!choice) return { ok: false, reason: 'Type the new choice first.' };
  const repeat = refuseRepeat(choices, choice, -1);
  return repeat ? { ok: false, reason: repeat } : { ok: true, choices: [...choices, choice] };
}

export function renameChoice(choices: readonly string[], index: number, text: string): ChoicesResult {
  const choice = text.trim();
  if (index < 0 || index >= choices.length) return { ok: false, reason: 'No such choice.' };
  if (!choice) return { ok: false, reason: 'A choice cannot be empty.' };
  const repeat = refuseRepeat(choices, choice, index);
  if (repeat) return { ok: false, reason: repeat };
  return { ok: true, choices: choices.map((c, i) => (i === index ? choice : c)) };
}

export function moveChoice(choices: readonly string[], index: number, toIndex: number): ChoicesResult {
  if (index < 0 || index >= choices.length || toIndex < 0 || toIndex >= choices.length)
    return { ok: false, reason: 'No such place in the list.' };
  const next = [...choices];
  const [moved] = next.splice(index, 1);
  next.splice(toIndex, 0, moved!);
  return { ok: true, choices: next };
}

export function removeChoice(choices: readonly string[], index: number): ChoicesResult {
  if (index < 0 || index >= choices.length) return { ok: false, reason: 'No such choice.' };
  return { ok: true, choices: choices.filter((_, i) => i !== index) };
}
