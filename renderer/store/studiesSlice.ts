// The library: studies, filter, selection and the selected study's details. Layer: renderer.
import type { Slice, StudiesSlice } from './types';

/** A file's bytes as base64, the way binary content crosses every transport. */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

/** A file's bytes, sent as they are (a binary body to the web host, a cloned buffer over IPC). */
export async function fileBytes(file: Blob): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await file.arrayBuffer());
}

export const createStudiesSlice: Slice<StudiesSlice> = (set, get) => ({
  studies: [],
  filter: '',
  selectedStudyId: null,
  selectedStudy: null,

  async refreshStudies() {
    if (!get().review) return;
    const studies = await get().api.call('study:list', { filter: get().filter });
    set({ studies });
    const selected = get().selectedStudyId;
    if (selected && !studies.some((s) => s.id === selected)) await get().selectStudy(studies[0]?.id ?? null);
    else if (!selected && studies[0]) await get().selectStudy(studies[0].id);
    else if (selected) await get().selectStudy(selected);
  },

  async setFilter(filter) {
    set({ filter });
    await get().refreshStudies();
  },

  async selectStudy(id) {
    const changed = get().selectedStudyId !== id;
    set({ selectedStudyId: id });
    if (!id) {
      set({ selectedStudy: null, highlights: [] });
      return;
    }
    if (changed) set({ focusedHighlightId: null });
    const [study] = await Promise.all([
      get().api.call('study:get', { id }),
      get().loadHighlights(id),
      get().loadExtraction(id),
    ]);
    // Ignore a late answer for a study the reviewer has already moved past.
    if (get().selectedStudyId === id) set({ selectedStudy: study });
  },

  async moveSelection(delta) {
    const { studies, selectedStudyId } = get();
    if (studies.length === 0) return;
    const index = studies.findIndex((s) => s.id === selectedStudyId);
    const next = index === -1 ? 0 : Math.min(studies.length - 1, Math.max(0, index + delta));
    await get().selectStudy(studies[next]!.id);
  },

  async attachPdf(file, password) {
    const studyId = get().selectedStudyId;
    if (!studyId) throw new Error('Select a study first.');
    const result = await get().api.call('document:importPdf', {
      fileName: file.name,
      content: await fileBytes(file),
      studyId,
      ...(password ? { password } : {}),
    });
    await get().selectStudy(studyId);
    // Repaired on reading, encrypted with an owner password only, pages without text: the reviewer should know.
    if (result.notes.length > 0) {
      get().showNotice('info', result.notes.map((n) => (n.includes(file.name) ? n : `${file.name}: ${n}`)).join(' '));
    }
    return result.document.sha256;
  },

  async replacePdf(oldSha256, file) {
    const studyId = get().selectedStudyId;
    if (!studyId) throw new Error('Select a study first.');
    const result = await get().api.call('document:replacePdf', {
      studyId,
      oldSha256,
      fileName: file.name,
      content: await fileBytes(file),
    });
    await get().selectStudy(studyId);
    return { sha256: result.document.sha256, moved: result.movedHighlights, orphaned: result.orphanedHighlights };
  },

  pdfDocument(sha256) {
    // The facts and the URL only: the reader's pdf.js fetches the bytes it needs from the URL.
    return get().api.call('document:get', { sha256 });
  },

  async addStudy(input) {
    const row = await get().api.call('study:add', {
      title: input.title,
      authors: input.authors,
      year: input.year,
      journal: input.journal,
      abstract: input.abstract,
    });
    set({ filter: '' });
    await get().refreshStudies();
    await get().selectStudy(row.id);
  },
});
