-- 0006_abstract_links: a report's abstract belongs to the report's study through the report itself
-- (reports.abstract_sha256). study_documents now holds only the files attached to a study (PDFs).
-- Until now every report with an abstract also had a link row here: the same fact a second time,
-- and with its two indexes about an eighth of a large imported review.
DELETE FROM study_documents
WHERE document_sha256 IN (SELECT sha256 FROM documents WHERE kind = 'abstract');
