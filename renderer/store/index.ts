// The one store, assembled from slices, and the hook components read it through. Layer: renderer.
import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { Api } from '../api/client';
import { createExtractionSlice } from './extractionSlice';
import { createHighlightsSlice } from './highlightsSlice';
import { createReviewersSlice } from './reviewersSlice';
import { createReviewSlice } from './reviewSlice';
import { createStudiesSlice } from './studiesSlice';
import type { AppState } from './types';
import { createUiSlice } from './uiSlice';

export type AppStore = StoreApi<AppState>;

export function createAppStore(api: Api): AppStore {
  return createStore<AppState>()((...a) => ({
    api,
    ...createReviewSlice(...a),
    ...createReviewersSlice(...a),
    ...createStudiesSlice(...a),
    ...createHighlightsSlice(...a),
    ...createExtractionSlice(...a),
    ...createUiSlice(...a),
  }));
}

/** Keeps the store in step with what the backend pushes (native menu actions, other windows). */
export function connectEvents(store: AppStore): () => void {
  const { api } = store.getState();
  const offs = [
    api.on('review:changed', ({ review }) => void store.getState().reviewEvent(review)),
    api.on('studies:changed', (change) => void store.getState().studiesChanged(change)),
    api.on('reviewers:changed', () => void store.getState().refreshReviewers()),
    api.on('app:command', ({ command, path }) => {
      const state = store.getState();
      if (command === 'mergeReviewerWork') {
        if (path) state.mergeFrom(path);
        else state.openDialog('mergeReviewerWork');
      } else if (command === 'importReferences') state.openDialog('import');
      else if (command === 'importPdfs') state.openDialog('importPdfs');
      else if (command === 'addStudy') state.openDialog('addStudy');
      else if (command === 'export') state.openDialog('export');
      else state.requestAttachPdf();
    }),
  ];
  return () => offs.forEach((off) => off());
}

export const StoreContext = createContext<AppStore | null>(null);

export function useApp<T>(selector: (state: AppState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useApp outside StoreContext');
  return useStore(store, selector);
}
