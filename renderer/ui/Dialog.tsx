// A modal dialog on the native <dialog> element: focus stays inside, Escape closes, the title names
// it for assistive technology. Layer: renderer.
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function Dialog(props: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={props.wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {props.title}
      </h2>
      {props.children}
    </dialog>
  );
}

/** The error line under a form, announced when it appears. */
export function FormError(props: { message: string | null }) {
  return props.message ? (
    <p className="form-error" role="alert">
      {props.message}
    </p>
  ) : null;
}
