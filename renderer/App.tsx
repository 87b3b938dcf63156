// The workbench frame: header (file menu on the web host, review title, reviewer), the library and
// reader panes, the messages and whichever dialog is open. Layer: renderer.
import { useEffect } from 'react';
import { AddStudyDialog } from './features/studies/AddStudyDialog';
import { ImportDialog } from './features/library/ImportDialog';
import { LibraryPane } from './features/library/LibraryPane';
import { PdfImportDialog } from './features/library/PdfImportDialog';
import { ConvertDialog } from './features/extraction/ConvertDialog';
import { FormBuilderDialog } from './features/extraction/FormBuilderDialog';
import { ReviewHistoryDialog, StudyHistoryDialog } from './features/history/HistoryDialog';
import { SidePanel } from './features/extraction/SidePanel';
import { ReaderPane, useReviewerColour } from './features/reader/ReaderPane';
import { FileMenu } from './features/review/FileMenu';
import { AboutDialog, NewReviewDialog, OpenReviewDialog, SaveCopyDialog } from './features/review/ReviewDialogs';
import { WelcomeView } from './features/review/WelcomeView';
import { NewReviewerDialog, ReviewerSwitcher } from './features/reviewers/ReviewerSwitcher';
import { useApp } from './store';
import { Notices } from './ui/Notices';
import { PaneSplitter, usePaneWidths } from './ui/PaneSplitter';
import type { DialogName } from './store/types';

const DIALOGS: Record<DialogName, () => React.JSX.Element | null> = {
  newReview: NewReviewDialog,
  openReview: OpenReviewDialog,
  saveCopy: SaveCopyDialog,
  addStudy: AddStudyDialog,
  newReviewer: NewReviewerDialog,
  about: AboutDialog,
  import: ImportDialog,
  importPdfs: PdfImportDialog,
  formBuilder: FormBuilderDialog,
  convert: ConvertDialog,
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
  useEffect(() => {
    if (!review) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'F6' || dialog) return;
      e.preventDefault();
      const panes = ['[aria-label="Studies"]', 'section[aria-label="Reader"]', 'section[aria-label="Extraction"]']
        .map((selector) => document.querySelector<HTMLElement>(selector))
        .filter((el): el is HTMLElement => el !== null);
      const current = panes.findIndex((pane) => pane.contains(document.activeElement));
      const next = panes[(current + (e.shiftKey ? panes.length - 1 : 1) + panes.length) % panes.length];
      const target = next?.matches('[tabindex], input, button, select, textarea')
        ? next
        : next?.querySelector<HTMLElement>('input, select, textarea, button, [tabindex]');
      target?.focus();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [review, dialog]);

  // Up and Down move through studies from anywhere that is not a text field, list or dialog.
  useEffect(() => {
    if (!review || dialog) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement;
      if (target.closest('input, textarea, select, [role="listbox"], [role="menu"], dialog')) return;
      e.preventDefault();
      void moveSelection(e.key === 'ArrowDown' ? 1 : -1);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [review, dialog, moveSelection]);

  return (
    <div className="app">
      <header className="app-header">
        {transport === 'web' && <FileMenu />}
        <span className="app-title">{review ? review.title : 'Caliper'}</span>
        {review?.readOnly && (
          <span className="read-only-badge" role="status" title="The file or its folder cannot be written">
            Read-only: changes cannot be saved
          </span>
        )}
        {review && <ReviewerSwitcher />}
      </header>
      {review ? (
        <div className="workbench" style={paneStyle}>
          <LibraryPane />
          <PaneSplitter pane="library" label="Resize the library" width={paneWidths.library} onResize={setPaneWidth} />
          <ReaderPane />
          <PaneSplitter pane="side" label="Resize the form" width={paneWidths.side} onResize={setPaneWidth} />
          <SidePanel colourOf={colourOf} />
        </div>
      ) : (
        <WelcomeView />
      )}
      {ActiveDialog && <ActiveDialog />}
      <Notices />
    </div>
  );
}
