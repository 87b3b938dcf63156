// The workbench frame: header (file menu on the web host, review title, reviewer), the library and
// reader panes, the messages and whichever dialog is open. Layer: renderer.
import { useState } from 'react';
import { AddStudyDialog } from './features/studies/AddStudyDialog';
import { ImportDialog } from './features/library/ImportDialog';
import { LibraryPane } from './features/library/LibraryPane';
import { PdfImportDialog } from './features/library/PdfImportDialog';
import { ConvertDialog } from './features/extraction/ConvertDialog';
import { FormBuilderDialog } from './features/extraction/FormBuilderDialog';
import { ReviewHistoryDialog, StudyHistoryDialog } from './features/history/HistoryDialog';
import { SidePanel } from './features/extraction/SidePanel';
import { ReaderPane, useReviewerColour } from './features/reader/ReaderPane';
import { ExportDialog } from './features/review/ExportDialog';
import { FileMenu } from './features/review/FileMenu';
import { AboutDialog, NewReviewDialog, OpenReviewDialog, SaveCopyDialog } from './features/review/ReviewDialogs';
import { MergeDialog } from './features/review/MergeDialog';
import { WelcomeView } from './features/review/WelcomeView';
import { NewReviewerDialog, ReviewerSwitcher } from './features/reviewers/ReviewerSwitcher';
import { useApp } from './store';
import { Notices } from './ui/Notices';
import { PaneSplitter, usePaneWidths } from './ui/PaneSplitter';
import { useKeys } from './ui/keys';
import { ShortcutsDialog } from './ui/ShortcutsDialog';
import type { DialogName } from './store/types';

const DIALOGS: Record<DialogName, () => React.JSX.Element | null> = {
  newReview: NewReviewDialog,
  openReview: OpenReviewDialog,
  saveCopy: SaveCopyDialog,
  mergeReviewerWork: MergeDialog,
  addStudy: AddStudyDialog,
  newReviewer: NewReviewerDialog,
  about: AboutDialog,
  import: ImportDialog,
  importPdfs: PdfImportDialog,
  formBuilder: FormBuilderDialog,
  convert: ConvertDialog,
  export: ExportDialog,
  studyHistory: StudyHistoryDialog,
  reviewHistory: ReviewHistoryDialog,
};

export function App() {
  const review = useApp((s) => s.review);
  const dialog = useApp((s) => s.dialog);
  const transport = useApp((s) => s.api.transport);
  const moveSelection = useApp((s) => s.moveSelection);
  const colourOf = useReviewerColour();
  const [paneWidths, setPaneWidth, paneStyle] = usePaneWidths();
  const ActiveDialog = dialog ? DIALOGS[dialog] : null;

  // F6 and Shift+F6 move the focus between the library, the reader and the form, as desktop tools do.
  const cyclePanes = (backwards: boolean) => {
    const panes = ['[aria-label="Studies"]', 'section[aria-label="Reader"]', 'section[aria-label="Extraction"]']
      .map((selector) => document.querySelector<HTMLElement>(selector))
      .filter((el): el is HTMLElement => el !== null);
    const current = panes.findIndex((pane) => pane.contains(document.activeElement));
    const next = panes[(current + (backwards ? panes.length - 1 : 1) + panes.length) % panes.length];
    const target = next?.matches('[tabindex], input, button, select, textarea')
      ? next
      : next?.querySelector<HTMLElement>('input, select, textarea, button, [tabindex]');
    target?.focus();
  };
  const [showShortcuts, setShowShortcuts] = useState(false);
  useKeys(
    'global',
    [
      { key: 'F6', description: 'Next pane', group: 'Window', inFields: true, run: () => cyclePanes(false) },
      { key: 'Shift+F6', description: 'Previous pane', group: 'Window', inFields: true, run: () => cyclePanes(true) },
      // Up and Down move through studies from anywhere that is not a text field, list or menu.
      {
        key: 'ArrowDown',
        description: 'Next study',
        group: 'Library',
        run: (e) => moveStudy(e, 1),
      },
      {
        key: 'ArrowUp',
        description: 'Previous study',
        group: 'Library',
        run: (e) => moveStudy(e, -1),
      },
    ],
    review !== null,
  );
  useKeys('global', [
    { key: '?', description: 'Keyboard shortcuts', group: 'Window', run: () => setShowShortcuts(true) },
  ]);
  const moveStudy = (e: KeyboardEvent, delta: 1 | -1) => {
    // Lists, menus and tabs have arrow keys of their own, and a focused text or PDF scrolls with them.
    const own = '[role="listbox"], [role="menu"], [role="grid"], [role="tablist"], .abstract, .pdf-pages';
    if ((e.target as HTMLElement).closest(own)) return false;
    void moveSelection(delta);
  };

  return (
    <div className="app">
      <header className="app-header">
        {transport === 'web' && <FileMenu />}
        {/* The review's title is the level-one heading of the workbench; the welcome screen has its own. */}
        {review ? <h1 className="app-title">{review.title}</h1> : <span className="app-title">Caliper</span>}
        {review?.readOnly && (
          <span className="read-only-badge" role="status" title="The file or its folder cannot be written">
            Read-only: changes cannot be saved
          </span>
        )}
        {review && <ReviewerSwitcher />}
      </header>
      {review ? (
        <main className="app-main">
          <div className="workbench" style={paneStyle}>
            <LibraryPane />
            <PaneSplitter
              pane="library"
              label="Resize the library"
              width={paneWidths.library}
              onResize={setPaneWidth}
            />
            <ReaderPane />
            <PaneSplitter pane="side" label="Resize the form" width={paneWidths.side} onResize={setPaneWidth} />
            <SidePanel colourOf={colourOf} />
          </div>
        </main>
      ) : (
        <WelcomeView />
      )}
      {ActiveDialog && <ActiveDialog />}
      {showShortcuts && <ShortcutsDialog onClose={() => setShowShortcuts(false)} />}
      <Notices />
    </div>
  );
}
