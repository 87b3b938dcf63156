// Reviewers and who is extracting now. Layer: renderer.
import type { ReviewersSlice, Slice } from './types';

export const createReviewersSlice: Slice<ReviewersSlice> = (set, get) => ({
  reviewers: [],
  currentReviewerId: null,

  async refreshReviewers() {
    const { reviewers, currentId } = await get().api.call('reviewer:list', {});
    set({ reviewers, currentReviewerId: currentId });
  },

  async createReviewer(name, passcode) {
    await get().api.call('reviewer:create', passcode === undefined ? { name } : { name, passcode });
    await get().refreshReviewers();
    await get().refreshStudies();
    await get().loadExtraction(get().selectedStudyId);
  },

  async setCurrentReviewer(id, passcode) {
    await get().api.call('reviewer:setCurrent', passcode === undefined ? { id } : { id, passcode });
    set({ currentReviewerId: id });
    await get().refreshStudies();
    await get().loadExtraction(get().selectedStudyId);
  },
});
