// Every report of the selected study (a record merged at import is another report of the study): its
// kind, title, authors, journal, year and identifiers, the primary one first. Shown when a study has
// more than one; each report's abstract has its own tab in the reader. Layer: renderer.
import type { Report, ReportKind } from '../../../shared/model/types';

export const REPORT_KINDS: Record<ReportKind, string> = {
  journal_article: 'Journal article',
  conference_abstract: 'Conference abstract',
  registry_record: 'Registry record',
  other: 'Report',
};

export function ReportList(props: { reports: Report[] }) {
  if (props.reports.length < 2) return null;
  const reports = [...props.reports].sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary));
  return (
    <details className="report-list">
      <summary>{reports.length} reports of this study</summary>
      <ol aria-label="Reports">
        {reports.map((r) => (
          <li key={r.id}>
            <strong>{r.title}</strong>
            <span className="muted">
              {' '}
              {REPORT_KINDS[r.kind]}
              {r.isPrimary ? ' (primary)' : ''}
            </span>
            <div className="citation">
              {r.authors.length > 0 ? r.authors.join(', ') : 'Authors not recorded'}
              {r.journal ? ` · ${r.journal}` : ''}
              {r.year ? ` · ${r.year}` : ''}
              {r.doi ? ` · DOI ${r.doi}` : ''}
              {r.pmid ? ` · PMID ${r.pmid}` : ''}
              {r.abstractSha256 ? '' : ' · no abstract'}
            </div>
          </li>
        ))}
      </ol>
    </details>
  );
}
