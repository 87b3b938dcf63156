-- 0001_initial: reviewers, studies, reports, documents, per-reviewer extraction status, audit log.
-- Every table is STRICT. Ids are text (UUIDs) so rows can be merged between copies of a review.

CREATE TABLE review_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE reviewers (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
  created_at TEXT NOT NULL
) STRICT;

-- A study is the unit of a review; its reports are the publications about it.
CREATE TABLE studies (
  id         TEXT PRIMARY KEY,
  label      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Documents are content-addressed: the same bytes are stored once, whichever study uses them.
CREATE TABLE documents (
  sha256     TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  kind       TEXT NOT NULL CHECK (kind IN ('abstract', 'pdf')),
  media_type TEXT NOT NULL,
  bytes      INTEGER NOT NULL CHECK (bytes >= 0),
  content    BLOB NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE reports (
  id              TEXT PRIMARY KEY,
  study_id        TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  kind            TEXT NOT NULL DEFAULT 'journal_article'
                  CHECK (kind IN ('journal_article', 'conference_abstract', 'registry_record', 'other')),
  title           TEXT NOT NULL,
  authors         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(authors) AND json_type(authors) = 'array'),
  first_author    TEXT,
  year            INTEGER CHECK (year IS NULL OR year BETWEEN 1500 AND 2200),
  journal         TEXT,
  volume          TEXT,
  issue           TEXT,
  pages           TEXT,
  doi             TEXT,
  pmid            TEXT,
  url             TEXT,
  keywords        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(keywords) AND json_type(keywords) = 'array'),
  abstract_sha256 TEXT REFERENCES documents (sha256),
  is_primary      INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
  created_at      TEXT NOT NULL
) STRICT;

CREATE INDEX reports_study ON reports (study_id);
CREATE UNIQUE INDEX reports_one_primary ON reports (study_id) WHERE is_primary = 1;
CREATE INDEX reports_doi ON reports (lower(doi)) WHERE doi IS NOT NULL;
CREATE INDEX reports_pmid ON reports (pmid) WHERE pmid IS NOT NULL;

-- Which documents belong to which study (a PDF may be attached to a report of that study).
CREATE TABLE study_documents (
  study_id        TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  document_sha256 TEXT NOT NULL REFERENCES documents (sha256),
  report_id       TEXT REFERENCES reports (id) ON DELETE SET NULL,
  added_at        TEXT NOT NULL,
  PRIMARY KEY (study_id, document_sha256)
) STRICT;

CREATE INDEX study_documents_document ON study_documents (document_sha256);

-- Each reviewer extracts each study independently; this is how far they have got.
CREATE TABLE extraction_status (
  study_id    TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  reviewer_id TEXT NOT NULL REFERENCES reviewers (id),
  status      TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'complete')),
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (study_id, reviewer_id)
) STRICT;

-- Append-only record of every change: who, when, what, before and after (JSON text).
CREATE TABLE audit_log (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  at          TEXT NOT NULL,
  reviewer_id TEXT REFERENCES reviewers (id),
  entity      TEXT NOT NULL,
  entity_id   TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
  field       TEXT,
  before      TEXT,
  after       TEXT
) STRICT;

CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
