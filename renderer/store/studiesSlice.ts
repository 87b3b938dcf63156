// The library: studies, filter, sort, selection and the selected study's details. Every study's
// lean row is loaded once; filtering and sorting happen in memory (./studyList.ts), and an event
// naming the studies that changed fetches just their rows. Layer: renderer.
import { joinMessages } from '../../shared/pdf/pdfErrors';
import { rowsFromColumns, upsertRows, visibleRows, warmSearchKeys } from './studyList';
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

export const createStudiesSlice: Slice<StudiesSlice> = (set, get) => {
  /** Counts full loads, so an answer that a newer load has overtaken is dropped. */
  let loads = 0;
  /**
   * This window's "Add study" requests in flight, and the studies `studies:changed` named meanwhile:
   * the event may arrive before the answer, which places the row itself; whatever the answer did not
   * place (another window's study) is fetched after it.
   */
  let adding = 0;
  const addedMeanwhile = new Set<string>();

  /**
   * Keeps a shown study selected: the first one when the selection is gone (or there was none).
   * With `reload`, the selected study's details are fetched again too (its rows may have changed).
   */
  async function followSelection(reload: boolean): Promise<void> {
    const { studies, selectedStudyId } = get();
    if (selectedStudyId && !studies.some((s) => s.id === selectedStudyId))
      await get().selectStudy(studies[0]?.id ?? null);
    else if (!selectedStudyId && studies[0]) await get().selectStudy(studies[0].id);
    else if (reload && selectedStudyId) await get().selectStudy(selectedStudyId);
  }

  return {
    allStudies: [],
    studies: [],
    filter: '',
    statusFilter: 'all',
    sort: null,
    selectedStudyId: null,
    selectedStudy: null,

    async refreshStudies() {
      if (!get().review) return;
      const load = ++loads;
      const columns = await get().api.call('study:columns', {});
      if (load !== loads) return;
      const allStudies = rowsFromColumns(columns);
      set({ allStudies, studies: visibleRows(allStudies, get().filter, get().sort, get().statusFilter) });
      warmSearchKeys(allStudies);
      await followSelection(true);
    },

    async studiesChanged({ reason, studyIds }) {
      if (!get().review) return;
      if (!studyIds?.length || reason === 'reloaded') return get().refreshStudies();
      // This window's own "Add study" places the row from its answer.
      if (reason === 'added' && studyIds.every((id) => get().allStudies.some((s) => s.id === id))) return;
      if (reason === 'added' && adding > 0) {
        studyIds.forEach((id) => addedMeanwhile.add(id));
        return;
      }
      const load = loads;
      const fresh = await get().api.call('study:list', { ids: studyIds });
      if (load !== loads || !get().review) return;
      const allStudies = upsertRows(get().allStudies, studyIds, fresh);
      const selected = get().selectedStudy;
      const selectedRow = selected ? fresh.find((row) => row.id === selected.id) : undefined;
      set({
        allStudies,
        studies: visibleRows(allStudies, get().filter, get().sort, get().statusFilter),
        ...(selected && selectedRow ? { selectedStudy: { ...selected, ...selectedRow } } : {}),
      });
      await followSelection(false);
    },

    async setStatusFilter(statusFilter) {
      set({ statusFilter, studies: visibleRows(get().allStudies, get().filter, get().sort, statusFilter) });
      await followSelection(false);
    },

    async setFilter(filter) {
      set({ filter, studies: visibleRows(get().allStudies, filter, get().sort, get().statusFilter) });
      await followSelection(false);
    },

    setSort(key) {
      const current = get().sort;
      const sort = key === null ? null : { key, descending: current?.key === key ? !current.descending : false };
      set({ sort, studies: visibleRows(get().allStudies, get().filter, sort, get().statusFilter) });
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
        const { text, detail } = joinMessages(
          result.notes.map((n) => (n.includes(file.name) ? n : `${file.name}: ${n}`)),
        );
        get().showNotice('info', text, detail);
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
      adding++;
      let study;
      try {
        study = await get().api.call('study:add', {
          title: input.title,
          authors: input.authors,
          year: input.year,
          journal: input.journal,
          abstract: input.abstract,
        });
      } finally {
        adding--;
      }
      const { id, label, firstAuthor, year, title, status } = study;
      const allStudies = upsertRows(get().allStudies, [id], [{ id, label, firstAuthor, year, title, status }]);
      // The answer is the whole study, and a new study has no highlights yet: only the extraction is asked for.
      set({
        filter: '',
        statusFilter: 'all',
        allStudies,
        studies: visibleRows(allStudies, '', get().sort),
        selectedStudyId: id,
        selectedStudy: study,
        highlights: [],
        focusedHighlightId: null,
      });
      const others = [...addedMeanwhile].filter((other) => !get().allStudies.some((s) => s.id === other));
      if (adding === 0) addedMeanwhile.clear();
      await Promise.all([
        get().loadExtraction(id),
        others.length > 0 ? get().studiesChanged({ reason: 'added', studyIds: others }) : undefined,
      ]);
    },
  };
};
