// The panel beside the reader: the extraction form, the study's highlights, reconciliation of two
// reviewers' extractions, and the review's analyses. Layer: renderer.
import { useState } from 'react';
import { useApp } from '../../store';
import { AnalysisPanel } from '../analysis/AnalysisPanel';
import { HighlightList } from '../reader/HighlightList';
import { ReconcileView } from '../reconcile/ReconcileView';
import { ExtractionForm } from './ExtractionPane';

type PanelTab = 'form' | 'highlights' | 'reconcile' | 'analyses';
const TABS: { key: PanelTab; label: string }[] = [
  { key: 'form', label: 'Form' },
  { key: 'highlights', label: 'Highlights' },
  { key: 'reconcile', label: 'Reconcile' },
  { key: 'analyses', label: 'Analyses' },
];

export function SidePanel(props: { colourOf: (reviewerId: string | null) => number }) {
  const [tab, setTab] = useState<PanelTab>('form');
  const highlightCount = useApp((s) => s.highlights.length);
  return (
    <section className="side-panel" aria-label="Extraction">
      <div
        role="tablist"
        aria-label="Panel"
        className="tabs side-tabs"
        onKeyDown={(e) => {
          // Arrow keys, Home and End move between the tabs and open the one reached.
          const index = TABS.findIndex((t) => t.key === tab);
          const next =
            e.key === 'ArrowRight'
              ? (index + 1) % TABS.length
              : e.key === 'ArrowLeft'
                ? (index - 1 + TABS.length) % TABS.length
                : e.key === 'Home'
                  ? 0
                  : e.key === 'End'
                    ? TABS.length - 1
                    : -1;
          if (next === -1) return;
          e.preventDefault();
          setTab(TABS[next]!.key);
          e.currentTarget.querySelector<HTMLElement>(`#side-tab-${TABS[next]!.key}`)?.focus();
        }}
      >
        {TABS.map((t) => (
          <button
            key={t.key}
            id={`side-tab-${t.key}`}
            type="button"
            role="tab"
            aria-selected={tab === t.key}
            aria-controls="side-panel-content"
            tabIndex={tab === t.key ? 0 : -1}
            onClick={() => setTab(t.key)}
          >
            {t.key === 'highlights' ? `Highlights (${highlightCount})` : t.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id="side-panel-content"
        className="side-panel-content"
        aria-label={`${TABS.find((t) => t.key === tab)!.label} panel`}
      >
        {tab === 'form' ? (
          <ExtractionForm />
        ) : tab === 'highlights' ? (
          <HighlightList colourOf={props.colourOf} />
        ) : tab === 'reconcile' ? (
          <ReconcileView />
        ) : (
          <AnalysisPanel />
        )}
      </div>
    </section>
  );
}
