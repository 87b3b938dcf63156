// The reader: the selected study's citation and abstract. PDFs and highlights join it later.
// Layer: renderer.
import { useApp } from '../../store';

export function ReaderPane() {
  const study = useApp((s) => s.selectedStudy);
  if (!study) {
    return (
      <section className="reader empty" aria-label="Reader">
        <p className="muted">Select a study to read it.</p>
      </section>
    );
  }
  const primary = study.reports.find((r) => r.isPrimary) ?? study.reports[0];
  return (
    <section className="reader" aria-label="Reader">
      <header className="reader-head">
        <h2>{study.title}</h2>
        <p className="citation">
          {primary && primary.authors.length > 0 ? primary.authors.join(', ') : 'Authors not recorded'}
          {primary?.journal ? ` · ${primary.journal}` : ''}
          {study.year ? ` · ${study.year}` : ''}
        </p>
      </header>
      <article className="abstract" aria-label="Abstract">
        {study.abstract ? study.abstract.text : <p className="muted">This study has no abstract.</p>}
      </article>
    </section>
  );
}
