// Anchors for highlights and page text shared by the backend and the renderer. Layer: shared.
export * from './pageText';
export * from './selector';
