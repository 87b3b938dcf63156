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

  async previewMerge(path, reviewer) {
    return get().api.call('review:mergePreview', reviewer === undefined ? { path } : { path, reviewer });
  },

  async commitMerge(path, reviewer, passcode) {
    const result = await get().api.call(
      'review:mergeCommit',
      passcode === undefined ? { path, reviewer } : { path, reviewer, passcode },
    );
    // The events bring the reviewers and the library up to date; the open study's extraction and
    // highlights are this window's reviewer's, so they are read again when that is who was merged.
    const { selectedStudyId, currentReviewerId } = get();
    if (selectedStudyId && currentReviewerId === result.reviewerId)
      await Promise.all([get().loadExtraction(selectedStudyId), get().loadHighlights(selectedStudyId)]);
    return result;
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
    if (!sameReview) set({ filter: '', selectedStudyId: null, selectedStudy: null });
    await Promise.all([get().refreshReviewers(), get().refreshStudies(), get().refreshReviewLists(), get().loadForm()]);
  },
});
