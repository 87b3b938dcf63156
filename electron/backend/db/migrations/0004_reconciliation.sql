-- Dual extraction and reconciliation: reviewers' passcodes, the review's settings, and the consensus
-- layer. The reviewers' own extractions stay in extraction_values as extracted; the consensus is its
-- own layer, one row per study and target, recording how each value was decided.

-- A passcode is stored only as a memory-hard hash ("scrypt$N$r$p$salt$hash", base64url parts).
ALTER TABLE reviewers ADD COLUMN passcode TEXT;

-- Review-wide settings as JSON values (for example 'reconcile': which pair of reviewers, the
-- tolerance for numbers, whether agreements enter the consensus on their own, the arbiter).
CREATE TABLE review_settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL CHECK (json_valid(value)),
  updated_at TEXT NOT NULL
) STRICT;

-- The consensus of a study: the same targets and value columns as extraction_values, plus how the
-- value was decided:
--   'agreed'  both reviewers gave the same value; it was taken in (automatically or by a person)
--   'adopted' one reviewer's value was chosen (adopted_reviewer_id, and its highlight with it)
--   'entered' another value was entered at reconciliation (typed, mapped or converted like any value)
-- basis keeps each reviewer's cell as it was when decided, so a later edit to a reviewer's value
-- shows the cell as reopened.
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

CREATE INDEX consensus_values_outcome ON consensus_values (outcome_id, timepoint_id) WHERE outcome_id IS NOT NULL;
