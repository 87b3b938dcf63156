// Every window-wide keyboard shortcut of Caliper in one registry with one keydown listener: each
// binding names its key ("h", "]", "Alt+ArrowDown", "Mod+f", "Shift+F6"; Mod is Ctrl, or Cmd on a
// Mac), its scope (global, reader, extraction), what it does (listed in the Keyboard shortcuts dialog)
// and whether it also works while typing in a field or with a dialog open. Two live bindings of one key
// in one scope are a conflict: it is reported and listed in the dialog, and the later one does not
// fire. Between scopes the narrower wins (reader and extraction before global); a binding that declines
// (its run returns false) passes the key on.
//
// A library such as tinykeys matches key strings to a listener per element, but scopes, conflicts,
// the field and dialog guards and the listing would still have to be written around it, and the
// matching itself is a few lines here; so Caliper keeps this small module and no dependency.
// Layer: renderer.
import { useEffect, useRef, useSyncExternalStore } from 'react';

export type KeyScope = 'global' | 'reader' | 'extraction';

export interface KeyBinding {
  key: string;
  description: string;
  group: string;
  /** Return false when the key does nothing now, so another binding (or the browser) may take it. */
  run: (event: KeyboardEvent) => boolean | void;
  /** Also inside text inputs, selects and text areas (Ctrl+F, F6). */
  inFields?: boolean;
}

interface Registered extends KeyBinding {
  id: number;
  scope: KeyScope;
  combo: string;
}

const SCOPE_ORDER: Record<KeyScope, number> = { reader: 0, extraction: 0, global: 1 };
const MODIFIERS = ['Mod', 'Alt', 'Shift'] as const;

/** A key as compared: "Mod+Shift+z" whatever order or case it was written in; Shift counts only for named keys and letters. */
function normaliseCombo(text: string): string {
  const parts = text.split('+');
  // "Mod++" is Mod and the plus key
  const key = text.endsWith('++') ? '+' : parts.pop()!;
  const mods = new Set(parts.filter(Boolean).map((p) => (p.toLowerCase() === 'ctrl' ? 'Mod' : p)));
  return comboOf(key, mods.has('Mod'), mods.has('Alt'), mods.has('Shift'));
}

function comboOf(key: string, mod: boolean, alt: boolean, shift: boolean): string {
  const named = key.length > 1;
  const letter = /^[a-z]$/i.test(key);
  const name = letter ? key.toLowerCase() : key;
  const held = [mod && 'Mod', alt && 'Alt', shift && (named || letter) && 'Shift'].filter(Boolean) as string[];
  return [...MODIFIERS.filter((m) => held.includes(m)), name].join('+');
}

function eventCombo(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): string {
  return comboOf(e.key, e.ctrlKey || e.metaKey, e.altKey, e.shiftKey);
}

/** The part of a keydown event the registry reads (a KeyboardEvent in the app). */
export type KeyEventLike = Pick<
  KeyboardEvent,
  'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'defaultPrevented' | 'isComposing' | 'preventDefault'
> & { target: EventTarget | null };

/** The element a key went to, as far as the guards need it. */
interface TargetLike {
  closest(selector: string): unknown;
}

const FIELD = 'input, textarea, select, [contenteditable="true"]';
const DIALOG = 'dialog, [role="dialog"], [role="alertdialog"]';

/**
 * A registry of bindings: register() adds a scope's bindings (and returns their removal), dispatch()
 * runs the one a keydown event is for. `modalOpen` says whether a modal dialog has the keys.
 */
export function createKeyRegistry(modalOpen: () => boolean = () => false) {
  let nextId = 1;
  const bindings = new Map<number, Registered>();
  const listeners = new Set<() => void>();
  let snapshot: readonly Registered[] = [];

  const changed = () => {
    snapshot = [...bindings.values()];
    for (const listener of listeners) listener();
  };

  /** A binding registered after another live one of the same key and scope: the conflict's loser. */
  const isShadowed = (binding: Registered): boolean => {
    for (const other of bindings.values()) {
      if (other.id < binding.id && other.scope === binding.scope && other.combo === binding.combo) return true;
    }
    return false;
  };

  return {
    register(scope: KeyScope, list: readonly KeyBinding[]): () => void {
      const ids = list.map((binding) => {
        const entry: Registered = { ...binding, id: nextId++, scope, combo: normaliseCombo(binding.key) };
        const clash = [...bindings.values()].find((b) => b.scope === scope && b.combo === entry.combo);
        if (clash)
          console.error(
            `Keyboard shortcut ${entry.combo} (${entry.description}) conflicts with ${clash.description} in scope ${scope}.`,
          );
        bindings.set(entry.id, entry);
        return entry.id;
      });
      changed();
      return () => {
        for (const id of ids) bindings.delete(id);
        changed();
      };
    },

    /** Runs the binding for this key, if any takes it; true when one did (the event's default is then prevented). */
    dispatch(e: KeyEventLike): boolean {
      if (e.defaultPrevented || e.isComposing) return false;
      const combo = eventCombo(e);
      const target =
        e.target && typeof (e.target as Partial<TargetLike>).closest === 'function'
          ? (e.target as unknown as TargetLike)
          : null;
      const inField = target?.closest(FIELD) != null;
      // A modal dialog takes the keys: nothing of the window behind it fires.
      if (target?.closest(DIALOG) != null || modalOpen()) return false;
      const candidates = [...bindings.values()]
        .filter((b) => b.combo === combo && (b.inFields || !inField) && !isShadowed(b))
        .sort((a, b) => SCOPE_ORDER[a.scope] - SCOPE_ORDER[b.scope] || a.id - b.id);
      for (const binding of candidates) {
        if (binding.run(e as KeyboardEvent) === false) continue;
        e.preventDefault();
        return true;
      }
      return false;
    },

    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    snapshot: (): readonly Registered[] => snapshot,

    /** The live shortcuts, one row per description (1–9 together), conflicts marked. */
    rows(): ShortcutRow[] {
      return shortcutRows(snapshot);
    },
  };
}

const registry = createKeyRegistry(() => document.querySelector('dialog[open]') !== null);
let listening = false;

function register(scope: KeyScope, list: readonly KeyBinding[]): () => void {
  if (!listening) {
    window.addEventListener('keydown', (e) => registry.dispatch(e));
    listening = true;
  }
  return registry.register(scope, list);
}

/**
 * Binds keys while the component is mounted (and `enabled`). The bindings' run functions may change
 * on every render; the keys are registered again only when the keys themselves change.
 */
export function useKeys(scope: KeyScope, list: readonly KeyBinding[], enabled = true): void {
  const latest = useRef(list);
  latest.current = list;
  const signature = enabled ? list.map((b) => `${b.key}\u0000${b.description}\u0000${b.group}`).join('\u0001') : '';
  useEffect(() => {
    if (!signature) return;
    return register(
      scope,
      latest.current.map((binding, i) => ({
        ...binding,
        run: (e: KeyboardEvent) => latest.current[i]?.run(e),
      })),
    );
  }, [scope, signature]);
}

export interface ShortcutRow {
  keys: string[];
  description: string;
  group: string;
  scope: KeyScope;
  conflict: boolean;
}

/** How a key is written for people: "Ctrl+Shift+Z", "Alt+↓", "]". */
function keyLabel(combo: string): string {
  const arrows: Record<string, string> = { ArrowDown: '↓', ArrowUp: '↑', ArrowLeft: '←', ArrowRight: '→' };
  return combo
    .split('+')
    .map((part, i, all) =>
      part === 'Mod'
        ? 'Ctrl'
        : i === all.length - 1
          ? (arrows[part] ?? (part.length === 1 ? part.toUpperCase() : part))
          : part,
    )
    .join('+');
}

function shortcutRows(list: readonly Registered[]): ShortcutRow[] {
  const rows = new Map<string, ShortcutRow>();
  for (const b of list) {
    const id = `${b.scope}\u0000${b.group}\u0000${b.description}`;
    const row = rows.get(id) ?? {
      keys: [],
      description: b.description,
      group: b.group,
      scope: b.scope,
      conflict: false,
    };
    row.keys.push(keyLabel(b.combo));
    row.conflict ||= list.some((o) => o !== b && o.scope === b.scope && o.combo === b.combo);
    rows.set(id, row);
  }
  return [...rows.values()].sort((a, b) => a.group.localeCompare(b.group));
}

/** The registered bindings, re-rendering when they change. */
export function useShortcuts(): ShortcutRow[] {
  const list = useSyncExternalStore(registry.subscribe, registry.snapshot);
  return shortcutRows(list);
}
