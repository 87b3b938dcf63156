// Which dialog is open and the notice line. Layer: renderer.
import { splitDetail } from '../../shared/pdf/pdfErrors';
import type { Slice, UiSlice } from './types';

export const createUiSlice: Slice<UiSlice> = (set) => ({
  dialog: null,
  pendingImportFile: null,
  pendingMergePath: null,
  mergeFrom: (path) => set({ pendingMergePath: path, dialog: 'mergeReviewerWork' }),
  attachPdfRequests: 0,
  convertTarget: null,
  openConvert: (target) => set({ convertTarget: target, dialog: 'convert' }),
  requestAttachPdf: () => set((s) => ({ attachPdfRequests: s.attachPdfRequests + 1 })),
  importFile: (file) => set({ pendingImportFile: file, dialog: 'import' }),
  notice: null,
  openDialog: (dialog) => set({ dialog, pendingImportFile: null, pendingMergePath: null }),
  closeDialog: () => set({ dialog: null, pendingImportFile: null, pendingMergePath: null }),
  showNotice: (kind, message, detail) => {
    // A backend message may carry its technical detail (shared/pdf/pdfErrors.ts): shown on request.
    const split = detail ? { text: message, detail } : splitDetail(message);
    set((s) => ({ notice: { kind, ...split, seq: (s.notice?.seq ?? 0) + 1 } }));
  },
  clearNotice: () => set({ notice: null }),
});
