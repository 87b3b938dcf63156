// Which review is open, the recent list and the reviews folder. Layer: renderer.
import type { ReviewSlice, Slice } from './types';

export const createReviewSlice: Slice<ReviewSlice> = (set, get) => ({
  appInfo: null,
  review: null,
  recent: [],
  files: [],

  async loadApp() {
    const { api } = get();
    const [appInfo, review] = await Promise.all([api.call('app:info', {}), api.call('review:current', {})]);
    set({ appInfo });
    await get().reviewChanged(review);
  },

  async refreshReviewLists() {
    const { api } = get();
    const [recent, files] = await Promise.all([api.call('review:recent', {}), api.call('review:listFiles', {})]);
    set({ recent, files });
  },

  async createReview(title) {
    const review = await get().api.call('review:create', { title });
    await get().reviewChanged(review);
  },

  async openReview(path) {
    const review = await get().api.call('review:open', { path });
    await get().reviewChanged(review);
  },

  async closeReview() {
    await get().api.call('review:close', {});
    await get().reviewChanged(null);
  },

  async saveCopy(path) {
    const result = await get().api.call('review:saveCopy', { path });
    return result.path;
  },

  /** Called after any open, create or close, whether it started here or in the native menu. */
  async reviewChanged(review) {
    const sameReview = review?.path === get().review?.path;
    set({ review });
    if (!review) {
      set({ studies: [], selectedStudyId: null, selectedStudy: null, reviewers: [], currentReviewerId: null });
      await get().refreshReviewLists();
      return;
    }
    if (!sameReview) set({ filter: '', statusFilter: 'all', selectedStudyId: null, selectedStudy: null });
    await Promise.all([get().refreshReviewers(), get().refreshStudies(), get().refreshReviewLists(), get().loadForm()]);
  },
});
