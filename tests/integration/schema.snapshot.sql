-- index analyses_name
CREATE UNIQUE INDEX analyses_name ON analyses (name COLLATE NOCASE);

-- index analyses_outcome
CREATE INDEX analyses_outcome ON analyses (outcome_id, timepoint_id);

-- index arms_label
CREATE UNIQUE INDEX arms_label ON arms (study_id, label COLLATE NOCASE) WHERE removed_at IS NULL;

-- index arms_study
CREATE INDEX arms_study ON arms (study_id, position);

-- index audit_log_entity
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

-- index consensus_values_outcome
CREATE INDEX consensus_values_outcome ON consensus_values (outcome_id, timepoint_id) WHERE outcome_id IS NOT NULL;

-- index extraction_operations_study
CREATE INDEX extraction_operations_study ON extraction_operations (study_id, reviewer_id, undone, seq);

-- index extraction_values_field
CREATE INDEX extraction_values_field ON extraction_values (field_id) WHERE field_id IS NOT NULL;

-- index extraction_values_highlight
CREATE INDEX extraction_values_highlight ON extraction_values (highlight_id) WHERE highlight_id IS NOT NULL;

-- index extraction_values_outcome
CREATE INDEX extraction_values_outcome ON extraction_values (outcome_id, timepoint_id) WHERE outcome_id IS NOT NULL;

-- index highlights_document
CREATE INDEX highlights_document ON highlights (document_sha256, page);

-- index highlights_study
CREATE INDEX highlights_study ON highlights (study_id);

-- index pdf_documents_fingerprint
CREATE INDEX pdf_documents_fingerprint ON pdf_documents (fingerprint);

-- index reports_doi
CREATE INDEX reports_doi ON reports (lower(doi)) WHERE doi IS NOT NULL;

-- index reports_one_primary
CREATE UNIQUE INDEX reports_one_primary ON reports (study_id) WHERE is_primary = 1;

-- index reports_pmid
CREATE INDEX reports_pmid ON reports (pmid) WHERE pmid IS NOT NULL;

-- index reports_study
CREATE INDEX reports_study ON reports (study_id);

-- index study_documents_document
CREATE INDEX study_documents_document ON study_documents (document_sha256);

-- table analyses
CREATE TABLE analyses (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
  position     INTEGER NOT NULL,
  outcome_id   TEXT NOT NULL,
  timepoint_id TEXT NOT NULL,
  comparison   TEXT NOT NULL CHECK (json_valid(comparison)),
  layer        TEXT NOT NULL CHECK (layer IN ('consensus', 'reviewer')),
  reviewer_id  TEXT REFERENCES reviewers (id),
  measure      TEXT NOT NULL,
  method       TEXT NOT NULL,
  settings     TEXT NOT NULL CHECK (json_valid(settings)),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  CHECK ((layer = 'reviewer') = (reviewer_id IS NOT NULL))
) STRICT;

-- table arms
CREATE TABLE arms (
  id         TEXT PRIMARY KEY,
  study_id   TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  label      TEXT NOT NULL CHECK (length(trim(label)) > 0),
  position   INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  removed_at TEXT
) STRICT;

-- table audit_log
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

-- table consensus_values
CREATE TABLE consensus_values (
  id                  TEXT PRIMARY KEY,
  study_id            TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  target_key          TEXT NOT NULL,
  kind                TEXT NOT NULL CHECK (kind IN ('field', 'outcome')),
  field_id            TEXT,
  outcome_id          TEXT,
  timepoint_id        TEXT,
  arm_id              TEXT REFERENCES arms (id),
  component           TEXT,
  state               TEXT NOT NULL CHECK (state IN ('value', 'not_reported')),
  value               TEXT CHECK (value IS NULL OR json_valid(value)),
  origin              TEXT NOT NULL CHECK (origin IN ('typed', 'mapped', 'converted')),
  highlight_id        TEXT REFERENCES highlights (id),
  provenance          TEXT CHECK (provenance IS NULL OR json_valid(provenance)),
  conversion          TEXT CHECK (conversion IS NULL OR json_valid(conversion)),
  decision            TEXT NOT NULL CHECK (decision IN ('agreed', 'adopted', 'entered')),
  adopted_reviewer_id TEXT REFERENCES reviewers (id),
  basis               TEXT NOT NULL CHECK (json_valid(basis)),
  note                TEXT,
  decided_by          TEXT REFERENCES reviewers (id),
  decided_at          TEXT NOT NULL,
  CHECK ((kind = 'field') = (field_id IS NOT NULL)),
  CHECK ((kind = 'outcome') = (outcome_id IS NOT NULL AND timepoint_id IS NOT NULL AND component IS NOT NULL)),
  CHECK (state = 'value' OR value IS NULL),
  CHECK ((decision = 'adopted') = (adopted_reviewer_id IS NOT NULL)),
  UNIQUE (study_id, target_key)
) STRICT;

-- table document_pages
CREATE TABLE document_pages (
  sha256 TEXT NOT NULL REFERENCES documents (sha256),
  page   INTEGER NOT NULL CHECK (page >= 1),
  text   TEXT NOT NULL,
  PRIMARY KEY (sha256, page)
) STRICT;

-- table documents
CREATE TABLE documents (
  sha256     TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  kind       TEXT NOT NULL CHECK (kind IN ('abstract', 'pdf')),
  media_type TEXT NOT NULL,
  bytes      INTEGER NOT NULL CHECK (bytes >= 0),
  content    BLOB NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

-- table extraction_operations
CREATE TABLE extraction_operations (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  study_id    TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  reviewer_id TEXT NOT NULL REFERENCES reviewers (id),
  at          TEXT NOT NULL,
  changes     TEXT NOT NULL CHECK (json_valid(changes) AND json_type(changes) = 'array'),
  undone      INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
) STRICT;

-- table extraction_status
CREATE TABLE extraction_status (
  study_id    TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  reviewer_id TEXT NOT NULL REFERENCES reviewers (id),
  status      TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'complete')),
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (study_id, reviewer_id)
) STRICT;

-- table extraction_values
CREATE TABLE extraction_values (
  id           TEXT PRIMARY KEY,
  study_id     TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  reviewer_id  TEXT NOT NULL REFERENCES reviewers (id),
  target_key   TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('field', 'outcome')),
  field_id     TEXT,
  outcome_id   TEXT,
  timepoint_id TEXT,
  arm_id       TEXT REFERENCES arms (id),
  component    TEXT,
  state        TEXT NOT NULL CHECK (state IN ('value', 'not_reported')),
  value        TEXT CHECK (value IS NULL OR json_valid(value)),
  origin       TEXT NOT NULL CHECK (origin IN ('typed', 'mapped', 'converted')),
  highlight_id TEXT REFERENCES highlights (id),
  provenance   TEXT CHECK (provenance IS NULL OR json_valid(provenance)),
  conversion   TEXT CHECK (conversion IS NULL OR json_valid(conversion)),
  updated_at   TEXT NOT NULL,
  CHECK ((kind = 'field') = (field_id IS NOT NULL)),
  CHECK ((kind = 'outcome') = (outcome_id IS NOT NULL AND timepoint_id IS NOT NULL AND component IS NOT NULL)),
  CHECK (state = 'value' OR value IS NULL),
  UNIQUE (study_id, reviewer_id, target_key)
) STRICT;

-- table form_versions
CREATE TABLE form_versions (
  form_id     TEXT NOT NULL REFERENCES forms (id),
  version     INTEGER NOT NULL CHECK (version >= 1),
  at          TEXT NOT NULL,
  reviewer_id TEXT REFERENCES reviewers (id),
  summary     TEXT NOT NULL,
  snapshot    TEXT NOT NULL CHECK (json_valid(snapshot)),
  PRIMARY KEY (form_id, version)
) STRICT;

-- table forms
CREATE TABLE forms (
  id         TEXT PRIMARY KEY,
  version    INTEGER NOT NULL CHECK (version >= 1),
  definition TEXT NOT NULL CHECK (json_valid(definition) AND json_type(definition) = 'object'),
  updated_at TEXT NOT NULL
) STRICT;

-- table highlights
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

-- table pdf_documents
CREATE TABLE pdf_documents (
  sha256        TEXT PRIMARY KEY REFERENCES documents (sha256),
  fingerprint   TEXT NOT NULL,
  page_count    INTEGER NOT NULL CHECK (page_count >= 0),
  title         TEXT,
  doi           TEXT,
  pdfjs_version TEXT NOT NULL
) STRICT;

-- table reports
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

-- table review_meta
CREATE TABLE review_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- table review_settings
CREATE TABLE review_settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL CHECK (json_valid(value)),
  updated_at TEXT NOT NULL
) STRICT;

-- table reviewers
CREATE TABLE reviewers (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
  created_at TEXT NOT NULL
, passcode TEXT) STRICT;

-- table schema_migrations
CREATE TABLE schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT;

-- table studies
CREATE TABLE studies (
  id         TEXT PRIMARY KEY,
  label      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- table study_documents
CREATE TABLE study_documents (
  study_id        TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  document_sha256 TEXT NOT NULL REFERENCES documents (sha256),
  report_id       TEXT REFERENCES reports (id) ON DELETE SET NULL,
  added_at        TEXT NOT NULL, file_name TEXT,
  PRIMARY KEY (study_id, document_sha256)
) STRICT;

-- trigger audit_log_no_delete
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- trigger audit_log_no_update
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
