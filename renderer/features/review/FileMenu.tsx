// The File menu for the web host, where there is no native menu bar. In Electron the native menu
// offers the same commands with the system's file dialogs. Layer: renderer.
import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../store';
import { useAction } from '../../ui/useAction';

export function FileMenu() {
  const [open, setOpen] = useState(false);
  const menuRef = useRef<HTMLUListElement>(null);
  const openDialog = useApp((s) => s.openDialog);
  const closeReview = useApp((s) => s.closeReview);
  const review = useApp((s) => s.review);
  const recent = useApp((s) => s.recent);
  const openReview = useApp((s) => s.openReview);
  const refreshReviewLists = useApp((s) => s.refreshReviewLists);
  const run = useAction();
  const createReviewFromRevMan = useApp((s) => s.createReviewFromRevMan);
  const revmanInput = useRef<HTMLInputElement>(null);

  // The recent reviews are read when the menu opens (another window may have opened one meanwhile).
  useEffect(() => {
    if (open) void refreshReviewLists();
  }, [open, refreshReviewLists]);

  useEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
  }, [open]);

  const item = (label: string, action: () => void, disabled = false) => (
    <li role="none">
      <button
        type="button"
        role="menuitem"
        disabled={disabled}
        onClick={() => {
          setOpen(false);
          action();
        }}
      >
        {label}
      </button>
    </li>
  );

  return (
    <div className="menu">
      <input
        ref={revmanInput}
        type="file"
        accept=".rm5"
        hidden
        aria-label="RevMan file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void run(() => createReviewFromRevMan(file));
        }}
      />
      <button type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        File
      </button>
      {open && (
        <ul
          ref={menuRef}
          role="menu"
          aria-label="File"
          className="menu-list"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              const items = [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
              const index = items.indexOf(document.activeElement as HTMLButtonElement);
              items[(index + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
            }
          }}
        >
          {item('New review…', () => openDialog('newReview'))}
          {item('New review from RevMan file…', () => revmanInput.current?.click())}
          {item('Open review…', () => openDialog('openReview'))}
          {recent
            .filter((r) => r.exists && r.path !== review?.path)
            .slice(0, 5)
            .map((r) => (
              <li role="none" key={r.path}>
                <button
                  type="button"
                  role="menuitem"
                  className="indent"
                  onClick={() => {
                    setOpen(false);
                    void run(() => openReview(r.path));
                  }}
                >
                  Open recent: {r.title}
                </button>
              </li>
            ))}
          {item('Import references…', () => openDialog('import'), !review)}
          {item('Import PDFs…', () => openDialog('importPdfs'), !review)}
          {item('Merge reviewer work…', () => openDialog('mergeReviewerWork'), !review)}
          {item('Export…', () => openDialog('export'), !review)}
          {item('Save a copy…', () => openDialog('saveCopy'), !review)}
          {item('Close review', () => void run(closeReview), !review)}
          {item('About Caliper', () => openDialog('about'))}
        </ul>
      )}
    </div>
  );
}
