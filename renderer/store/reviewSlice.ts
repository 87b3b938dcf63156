// Which review is open, the recent list and the reviews folder. Layer: renderer.
import { fileToBase64 } from './studiesSlice';
import type { ReviewSlice, Slice } from './types';

export const createReviewSlice: Slice<ReviewSlice> = (set, get) => {
  /**
   * This window's own create, open and close requests in flight: the backend's `review:changed` event
   * for them may arrive before their answer, and the answer is what the store updates from.
   */
  let own = 0;
  async function ownRequest<T>(request: () => Promise<T>): Promise<T> {
    own++;
    try {
      return await request();
    } finally {
      own--;
    }
  }

  return {
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
      const review = await ownRequest(() => get().api.call('review:create', { title }));
      // A new review has no studies and no reviewers yet: only its form is fetched.
      await get().reviewChanged(review, { created: true });
    },

    async createReviewFromRevMan(file) {
      const { review, summary } = await ownRequest(async () =>
        get().api.call('review:importRm5', { fileName: file.name, contentBase64: await fileToBase64(file) }),
      );
      await get().reviewChanged(review);
      get().showNotice(
        'info',
        `${summary.studies} studies, ${summary.analyses} analyses imported from ${file.name}.${summary.notes.length ? ` ${summary.notes.join(' ')}` : ''}`,
      );
    },

    async openReview(path) {
      const review = await ownRequest(() => get().api.call('review:open', { path }));
      await get().reviewChanged(review);
    },

    async closeReview() {
      await ownRequest(() => get().api.call('review:close', {}));
      await get().reviewChanged(null);
    },

    async reviewEvent(review) {
      // This window's own request answers for itself; an event naming the review shown changes nothing.
      if (own > 0) return;
      const shown = get().review;
      if (
        (review === null && shown === null) ||
        (review && shown && review.path === shown.path && review.id === shown.id)
      )
        return;
      await get().reviewChanged(review);
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

    /**
     * Shows the review an open, create or close answered with (or another window's, from an event). The
     * recent list and the reviews folder are read where they are shown (the File menu, the welcome
     * screen, the Open dialog), not here.
     */
    async reviewChanged(review, { created = false } = {}) {
      const sameReview = review?.path === get().review?.path;
      set({ review });
      if (!review) {
        set({
          studies: [],
          allStudies: [],
          selectedStudyId: null,
          selectedStudy: null,
          reviewers: [],
          currentReviewerId: null,
        });
        return;
      }
      if (!sameReview) set({ filter: '', statusFilter: 'all', selectedStudyId: null, selectedStudy: null });
      if (created) {
        set({ allStudies: [], studies: [], reviewers: [], currentReviewerId: null, highlights: [], extraction: null });
        await get().loadForm();
        return;
      }
      await Promise.all([get().refreshReviewers(), get().refreshStudies(), get().loadForm()]);
    },
  };
};
