-- Analyses stored in the review: which outcome and timepoint, which comparison (arms by name across
-- studies, one group, or before/after), which layer of values (the consensus, or one reviewer's
-- extraction), the effect measure, the pooling method and the options (JSON, see
-- shared/analysis/model.ts). Study rows are not stored: they are derived from the values at run time.
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

CREATE UNIQUE INDEX analyses_name ON analyses (name COLLATE NOCASE);
CREATE INDEX analyses_outcome ON analyses (outcome_id, timepoint_id);
