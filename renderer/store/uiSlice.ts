// Which dialog is open and the notice line. Layer: renderer.
import type { Slice, UiSlice } from './types';

export const createUiSlice: Slice<UiSlice> = (set) => ({
  dialog: null,
  notice: null,
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  showNotice: (kind, text) => set({ notice: { kind, text } }),
  clearNotice: () => set({ notice: null }),
});
