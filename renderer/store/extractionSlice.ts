// The form and the current reviewer's extraction of the selected study. Every change is written at
// once (no save button); a refused value keeps what was there and shows the reason beside the field.
// Layer: renderer.
import { targetKey } from '../../shared/model/extraction';
import { ApiError } from '../api/client';
import type { ExtractionSlice, Slice } from './types';

export const createExtractionSlice: Slice<ExtractionSlice> = (set, get) => ({
  form: null,
  extraction: null,
  extractionProblem: null,
  fieldErrors: {},

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
    try {
      const extraction = await get().api.call('extraction:write', { studyId, writes });
      const fieldErrors = { ...get().fieldErrors };
      for (const key of keys) delete fieldErrors[key];
      // A changed status comes back as a studies:changed event naming this study.
      set({ extraction, fieldErrors });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'validation') {
        set({ fieldErrors: { ...get().fieldErrors, ...Object.fromEntries(keys.map((k) => [k, error.message])) } });
      }
      throw error;
    }
  },

  async undo() {
    const studyId = get().selectedStudyId;
    if (studyId) set({ extraction: await get().api.call('extraction:undo', { studyId }), fieldErrors: {} });
  },

  async redo() {
    const studyId = get().selectedStudyId;
    if (studyId) set({ extraction: await get().api.call('extraction:redo', { studyId }), fieldErrors: {} });
  },

  async setStatus(status) {
    const studyId = get().selectedStudyId;
    if (!studyId) return;
    // The library's row follows from the studies:changed event naming this study.
    set({ extraction: await get().api.call('extraction:setStatus', { studyId, status }) });
  },

  async addArm(label) {
    const studyId = get().selectedStudyId;
    if (!studyId) return;
    await get().api.call('arm:add', { studyId, label });
    await get().loadExtraction(studyId);
  },
});
