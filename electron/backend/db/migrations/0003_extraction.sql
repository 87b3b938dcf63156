-- 0003_extraction: the review's extraction form (one JSON document with stable ids, versioned), each
-- study's arms, each reviewer's extracted values with their provenance, and the operation log that
-- makes undo and redo per study and reviewer survive a restart.

-- The form as one document (sections, fields, outcomes with timepoints): it is small, read whole and
-- edited as a whole, and every edit keeps a snapshot in form_versions anyway.
CREATE TABLE forms (
  id         TEXT PRIMARY KEY,
  version    INTEGER NOT NULL CHECK (version >= 1),
  definition TEXT NOT NULL CHECK (json_valid(definition) AND json_type(definition) = 'object'),
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE form_versions (
  form_id     TEXT NOT NULL REFERENCES forms (id),
  version     INTEGER NOT NULL CHECK (version >= 1),
  at          TEXT NOT NULL,
  reviewer_id TEXT REFERENCES reviewers (id),
  summary     TEXT NOT NULL,
  snapshot    TEXT NOT NULL CHECK (json_valid(snapshot)),
  PRIMARY KEY (form_id, version)
) STRICT;

-- A study's arms ("CRT", "ICD"); a removed arm is kept (removed_at) so its values stay readable.
CREATE TABLE arms (
  id         TEXT PRIMARY KEY,
  study_id   TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  label      TEXT NOT NULL CHECK (length(trim(label)) > 0),
  position   INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  removed_at TEXT
) STRICT;

CREATE INDEX arms_study ON arms (study_id, position);
CREATE UNIQUE INDEX arms_label ON arms (study_id, label COLLATE NOCASE) WHERE removed_at IS NULL;

-- One row per reviewer, study and target (a field, or one component of one outcome-table cell).
-- An empty cell has no row; "not reported" is a row with state 'not_reported'.
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

CREATE INDEX extraction_values_field ON extraction_values (field_id) WHERE field_id IS NOT NULL;
CREATE INDEX extraction_values_outcome ON extraction_values (outcome_id, timepoint_id) WHERE outcome_id IS NOT NULL;
CREATE INDEX extraction_values_highlight ON extraction_values (highlight_id) WHERE highlight_id IS NOT NULL;

-- Each write batch of one reviewer in one study, with every touched cell before and after (JSON),
-- so undo restores exactly what was there. Undone operations form the redo stack; a new write
-- deletes them.
CREATE TABLE extraction_operations (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  study_id    TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  reviewer_id TEXT NOT NULL REFERENCES reviewers (id),
  at          TEXT NOT NULL,
  changes     TEXT NOT NULL CHECK (json_valid(changes) AND json_type(changes) = 'array'),
  undone      INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
) STRICT;

CREATE INDEX extraction_operations_study ON extraction_operations (study_id, reviewer_id, undone, seq);
