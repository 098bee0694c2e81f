'use client';
// A modal confirmation on the native <dialog>: the browser traps focus inside it, Escape cancels,
// and focus returns to the button that opened it.
import { useEffect, useId, useRef } from 'react';
import styles from './workbench.module.css';

export function ConfirmDialog({ open, title, children, confirmLabel, onConfirm, onCancel }: {
  open: boolean;
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = document.activeElement as HTMLElement | null;
      d.showModal();
      // the safe choice has the focus: Enter by reflex must not destroy the learner's code
      cancelRef.current?.focus();
    } else if (!open && d.open) {
      d.close();
      opener.current?.focus();
    }
  }, [open]);
  return (
    <dialog ref={ref} className={styles.dialog} aria-labelledby={`${id}-t`} aria-describedby={`${id}-d`}
      onCancel={(e) => { e.preventDefault(); onCancel(); }}
      onClick={(e) => { if (e.target === ref.current) onCancel(); }}>
      <h2 id={`${id}-t`} className={styles.dialogTitle}>{title}</h2>
      <div id={`${id}-d`}>{children}</div>
      <div className={styles.dialogButtons}>
        <button ref={cancelRef} type="button" className={styles.secondary} onClick={onCancel}>Cancel</button>
        <button type="button" className={styles.danger} onClick={onConfirm}>{confirmLabel}</button>
      </div>
    </dialog>
  );
}
