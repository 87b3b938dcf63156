// The form and the current reviewer's extraction of the selected study. Every change is written at
// once (no save button); a refused value keeps what was there and shows the reason beside the field.
// Layer: renderer.
import {
  applyExtractionChange,
  targetKey,
  type ExtractionChange,
  type UndoChange,
} from '../../shared/model/extraction';
import { ApiError } from '../api/client';
import { ShownBesideField } from '../ui/refusals';
import type { ExtractionSlice, Slice } from './types';

export const createExtractionSlice: Slice<ExtractionSlice> = (set, get) => {
  /** Applies a change the backend answered with to the extraction on screen (if it is still that study's). */
  const apply = (change: ExtractionChange, clearErrors: string[] | 'all') => {
    const { extraction } = get();
    if (!extraction || extraction.studyId !== change.studyId || extraction.reviewerId !== change.reviewerId) return;
    let fieldErrors: Record<string, string> = {};
    if (clearErrors !== 'all') {
      fieldErrors = { ...get().fieldErrors };
      for (const key of clearErrors) delete fieldErrors[key];
    }
    set({ extraction: applyExtractionChange(extraction, change), fieldErrors });
  };

  /** Undoing a mapping removes the highlight it made; redoing it brings the highlight back. */
  const applyHighlights = (studyId: string, change: UndoChange) => {
    if (get().selectedStudyId !== studyId) return;
    if (change.removedHighlights.length === 0 && change.restoredHighlights.length === 0) return;
    const removed = new Set([...change.removedHighlights, ...change.restoredHighlights.map((h) => h.id)]);
    set({ highlights: [...get().highlights.filter((h) => !removed.has(h.id)), ...change.restoredHighlights] });
  };

  /** Runs a write; a refusal is shown beside each of its cells and rethrown. */
  const refusable = async (keys: string[], write: () => Promise<void>) => {
    try {
      await write();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'validation') {
        set({ fieldErrors: { ...get().fieldErrors, ...Object.fromEntries(keys.map((k) => [k, error.message])) } });
        // Its reason is beside the field, where correcting it clears it: not a second time as a message.
        throw new ShownBesideField(error.message);
      }
      throw error;
    }
  };

  return {
    form: null,
    extraction: null,
    extractionProblem: null,
    fieldErrors: {},

    clearFieldError(key) {
      const { [key]: _gone, ...rest } = get().fieldErrors;
      if (_gone !== undefined) set({ fieldErrors: rest });
    },

    async loadForm() {
      if (!get().review) {
        set({ form: null });
        return;
      }
      set({ form: await get().api.call('form:get', {}) });
    },

    async editForm(edit) {
      set({ form: await get().api.call('form:edit', { edit }) });
      await get().loadExtraction(get().selectedStudyId);
    },

    async loadExtraction(studyId) {
      if (!studyId || !get().review) {
        set({ extraction: null, extractionProblem: null, fieldErrors: {} });
        return;
      }
      try {
        const extraction = await get().api.call('extraction:get', { studyId });
        if (get().selectedStudyId === studyId) set({ extraction, extractionProblem: null });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'no_reviewer') {
          set({ extraction: null, extractionProblem: error.message });
        } else throw error;
      }
    },

    async writeValues(writes) {
      const studyId = get().selectedStudyId;
      if (!studyId) throw new Error('Select a study first.');
      const keys = writes.map((w) => targetKey(w.target));
      await refusable(keys, async () => apply(await get().api.call('extraction:write', { studyId, writes }), keys));
    },

    async mapSelection(selection, writes) {
      const studyId = get().selectedStudyId;
      if (!studyId) throw new Error('Select a study first.');
      const keys = writes.map((w) => targetKey(w.target));
      await refusable(keys, async () => {
        const { highlight, change } = await get().api.call('extraction:map', { studyId, highlight: selection, writes });
        if (get().selectedStudyId === studyId) set({ highlights: [...get().highlights, highlight] });
        apply(change, keys);
      });
    },

    async undo() {
      const studyId = get().selectedStudyId;
      if (!studyId) return;
      const change = await get().api.call('extraction:undo', { studyId });
      apply(change, 'all');
      applyHighlights(studyId, change);
    },

    async redo() {
      const studyId = get().selectedStudyId;
      if (!studyId) return;
      const change = await get().api.call('extraction:redo', { studyId });
      apply(change, 'all');
      applyHighlights(studyId, change);
    },

    async setStatus(status) {
      const studyId = get().selectedStudyId;
      if (!studyId) return;
      apply(await get().api.call('extraction:setStatus', { studyId, status }), []);
    },

    async addArm(label) {
      const studyId = get().selectedStudyId;
      if (!studyId) return;
      const arm = await get().api.call('arm:add', { studyId, label });
      const { extraction } = get();
      if (extraction?.studyId === studyId) set({ extraction: { ...extraction, arms: [...extraction.arms, arm] } });
    },

    async renameArm(armId, label) {
      const studyId = get().selectedStudyId;
      const arm = await get().api.call('arm:rename', { armId, label });
      const { extraction } = get();
      if (extraction?.studyId === studyId)
        set({ extraction: { ...extraction, arms: extraction.arms.map((a) => (a.id === arm.id ? arm : a)) } });
    },

    async removeArm(armId) {
      await get().api.call('arm:remove', { armId });
      // The arm's values become archived: read the extraction again.
      await get().loadExtraction(get().selectedStudyId);
    },
  };
};
