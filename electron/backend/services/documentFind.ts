// Find in a stored PDF: the reader's search runs here, over the page text stored at import (the text
// highlight offsets refer to), normalised for search by shared/anchor/search.ts. The normalised
// pages of the two documents searched last are kept per review, so typing a longer query does not
// normalise again. A search gives way every few pages; a newer search with the same searchId (the
// same viewer, a new keystroke) ends it, and it answers `superseded: true`.
// Layer: electron/backend.
import type Database from 'better-sqlite3';
import { findIn, normaliseQuery, searchText, type SearchText } from '../../../shared/anchor/search';
import { CaliperError } from '../../../shared/contract/result';
import type { PdfFindResult } from '../../../shared/model/types';
import type { RequestContext } from '../context';
import { getPageTexts, getPdfDocument } from '../db/repositories/documents';

/** Normalised pages of the documents searched last, per review database; filled as pages are searched. */
const normalised = new WeakMap<Database.Database, Map<string, { texts: string[]; pages: (SearchText | null)[] }>>();
const DOCUMENTS_KEPT = 2;
/** Pages searched between two chances for a newer search to arrive. */
const PAGES_PER_SLICE = 5;
const DEFAULT_LIMIT = 10_000;

/** The latest search of each searchId; an older one stops at its next slice. */
const latest = new Map<string, number>();
let generation = 0;

function pagesOf(db: Database.Database, sha256: string): { texts: string[]; pages: (SearchText | null)[] } {
  let cache = normalised.get(db);
  if (!cache) normalised.set(db, (cache = new Map()));
  let entry = cache.get(sha256);
  if (entry) {
    cache.delete(sha256);
  } else {
    const texts = getPageTexts(db, sha256);
    entry = { texts, pages: texts.map(() => null) };
  }
  cache.set(sha256, entry);
  while (cache.size > DOCUMENTS_KEPT) cache.delete(cache.keys().next().value!);
  return entry;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function documentFind(
  ctx: RequestContext,
  request: { sha256: string; query: string; searchId?: string | undefined; limit?: number | undefined },
): Promise<PdfFindResult> {
  const { db } = ctx.requireReview();
  if (!getPdfDocument(db, request.sha256)) {
    throw new CaliperError('not_found', `No PDF with SHA-256 ${request.sha256} in this review.`);
  }
  const query = normaliseQuery(request.query);
  const answer: PdfFindResult = {
    sha256: request.sha256,
    query: request.query,
    hits: [],
    truncated: false,
    superseded: false,
  };
  if (query.length === 0) return answer;
  const id = ++generation;
  if (request.searchId !== undefined) latest.set(request.searchId, id);
  const superseded = () =>
    (request.searchId !== undefined && latest.get(request.searchId) !== id) || ctx.review?.db !== db;
  const limit = request.limit ?? DEFAULT_LIMIT;
  try {
    const entry = pagesOf(db, request.sha256);
    for (let i = 0; i < entry.texts.length; i++) {
      if (i > 0 && i % PAGES_PER_SLICE === 0) {
        await nextTurn();
        if (superseded()) return { ...answer, hits: [], superseded: true };
      }
      const page = (entry.pages[i] ??= searchText(entry.texts[i]!));
      for (const hit of findIn(page, query, limit - answer.hits.length + 1)) {
        if (answer.hits.length === limit) {
          answer.truncated = true;
          return answer;
        }
        answer.hits.push({ page: i + 1, start: hit.start, end: hit.end });
      }
    }
    return answer;
  } finally {
    if (request.searchId !== undefined && latest.get(request.searchId) === id) latest.delete(request.searchId);
  }
}
