// The selected study's highlights: made from a selection in the reader, listed beside it, and
// focused (scrolled to) from the list. Layer: renderer.
import { ApiError } from '../api/client';
import type { HighlightsSlice, Slice } from './types';

export const createHighlightsSlice: Slice<HighlightsSlice> = (set, get) => ({
  highlights: [],
  focusedHighlightId: null,

  async loadHighlights(studyId) {
    if (!studyId) {
      set({ highlights: [] });
      return;
    }
    const highlights = await get().api.call('highlight:list', { studyId });
    if (get().selectedStudyId === studyId) set({ highlights });
  },

  async createHighlight(input) {
    const studyId = get().selectedStudyId;
    if (!studyId) throw new Error('Select a study first.');
    const highlight = await get().api.call('highlight:create', { studyId, ...input });
    await get().loadHighlights(studyId);
    return highlight;
  },

  async deleteHighlight(id, confirm) {
    try {
      await get().api.call('highlight:delete', { id });
    } catch (error) {
      // A highlight that feeds values: ask first (the values keep their text), then delete.
      if (!(error instanceof ApiError) || error.code !== 'highlight_in_use' || !confirm(error.message)) throw error;
      await get().api.call('highlight:delete', { id, confirm: true });
    }
    await get().loadHighlights(get().selectedStudyId);
  },

  focusHighlight(id) {
    set({ focusedHighlightId: id });
  },
});
