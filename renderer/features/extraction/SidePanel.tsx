// The panel beside the reader: the extraction form, the study's highlights, reconciliation of two
// reviewers' extractions, and the review's analyses. Layer: renderer.
import { useState } from 'react';
import { useApp } from '../../store';
import { AnalysisPanel } from '../analysis/AnalysisPanel';
import { HighlightList } from '../reader/HighlightList';
import { ReconcileView } from '../reconcile/ReconcileView';
import { ExtractionForm } from './ExtractionPane';

export function SidePanel(props: { colourOf: (reviewerId: string | null) => number }) {
  const [tab, setTab] = useState<'form' | 'highlights' | 'reconcile' | 'analyses'>('form');
  const highlightCount = useApp((s) => s.highlights.length);
  return (
    <section className="side-panel" aria-label="Extraction">
      <div role="tablist" aria-label="Panel" className="tabs side-tabs">
        <button type="button" role="tab" aria-selected={tab === 'form'} onClick={() => setTab('form')}>
          Form
        </button>
        <button type="button" role="tab" aria-selected={tab === 'highlights'} onClick={() => setTab('highlights')}>
          Highlights ({highlightCount})
        </button>
        <button type="button" role="tab" aria-selected={tab === 'reconcile'} onClick={() => setTab('reconcile')}>
          Reconcile
        </button>
        <button type="button" role="tab" aria-selected={tab === 'analyses'} onClick={() => setTab('analyses')}>
          Analyses
        </button>
      </div>
      {tab === 'form' ? (
        <ExtractionForm />
      ) : tab === 'highlights' ? (
        <HighlightList colourOf={props.colourOf} />
      ) : tab === 'reconcile' ? (
        <ReconcileView />
      ) : (
        <AnalysisPanel />
      )}
    </section>
  );
}
