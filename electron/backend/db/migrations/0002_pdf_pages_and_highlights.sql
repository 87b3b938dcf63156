-- 0002_pdf_pages_and_highlights: what pdf.js read from each PDF (fingerprint, page count, the text of
-- each page, extracted once at import), and highlights: a reviewer's selection in a document, anchored
-- by a W3C-style text-quote selector (exact text with prefix and suffix) and a text position, so it
-- can be found again when the text changes a little.

CREATE TABLE pdf_documents (
  sha256        TEXT PRIMARY KEY REFERENCES documents (sha256),
  fingerprint   TEXT NOT NULL,
  page_count    INTEGER NOT NULL CHECK (page_count >= 0),
  title         TEXT,
  doi           TEXT,
  pdfjs_version TEXT NOT NULL
) STRICT;

CREATE INDEX pdf_documents_fingerprint ON pdf_documents (fingerprint);

-- Page text as shared/anchor/pageText.ts joins pdf.js text items; offsets of highlights refer to it.
CREATE TABLE document_pages (
  sha256 TEXT NOT NULL REFERENCES documents (sha256),
  page   INTEGER NOT NULL CHECK (page >= 1),
  text   TEXT NOT NULL,
  PRIMARY KEY (sha256, page)
) STRICT;

-- The file name a PDF arrived with, per study (the same bytes may come under different names).
ALTER TABLE study_documents ADD COLUMN file_name TEXT;

CREATE TABLE highlights (
  id              TEXT PRIMARY KEY,
  study_id        TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  document_sha256 TEXT NOT NULL REFERENCES documents (sha256),
  reviewer_id     TEXT REFERENCES reviewers (id),
  -- 1-based page for PDFs; NULL for text documents such as abstracts.
  page            INTEGER CHECK (page IS NULL OR page >= 1),
  exact           TEXT NOT NULL CHECK (length(exact) > 0),
  prefix          TEXT NOT NULL,
  suffix          TEXT NOT NULL,
  start_offset    INTEGER NOT NULL CHECK (start_offset >= 0),
  end_offset      INTEGER NOT NULL CHECK (end_offset > start_offset),
  created_at      TEXT NOT NULL,
  deleted_at      TEXT
) STRICT;

CREATE INDEX highlights_study ON highlights (study_id);
CREATE INDEX highlights_document ON highlights (document_sha256, page);
