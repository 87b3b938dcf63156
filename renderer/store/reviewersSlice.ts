// Reviewers and who is extracting now. Layer: renderer.
import type { ReviewersSlice, Slice } from './types';

export const createReviewersSlice: Slice<ReviewersSlice> = (set, get) => ({
  reviewers: [],
  currentReviewerId: null,

  async refreshReviewers() {
    const { reviewers, currentId } = await get().api.call('reviewer:list', {});
    set({ reviewers, currentReviewerId: currentId });
  },

  async createReviewer(name) {
    await get().api.call('reviewer:create', { name });
    await get().refreshReviewers();
    await get().refreshStudies();
    await get().loadExtraction(get().selectedStudyId);
  },

  async setCurrentReviewer(id) {
    await get().api.call('reviewer:setCurrent', { id });
    set({ currentReviewerId: id });
    await get().refreshStudies();
    await get().loadExtraction(get().selectedStudyId);
  },
});
