'use client';
// A form posting to a server action, showing the action's answer under it (role=status for a
// success, role=alert for a refusal). Works without JavaScript too (the action still runs), and
// asks for confirmation first when `confirm` is given.
import { useActionState, type ReactNode } from 'react';
import { IDLE, type ActionState } from './action-state.ts';

export interface ActionFormProps {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  submitLabel: string;
  children?: ReactNode;
  className?: string;
  confirm?: string;
  secondary?: boolean;
  /** An accessible name for the form (several similar forms on one page). */
  label?: string;
}

export function ActionForm({ action, submitLabel, children, className, confirm, secondary, label }: ActionFormProps) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form
      action={formAction}
      className={className ?? 'instr-form'}
      aria-label={label}
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      {children}
      <button type="submit" className={secondary ? 'secondary' : undefined} disabled={pending} aria-disabled={pending}>
        {pending ? 'Working…' : submitLabel}
      </button>
      {state.error && (
        <p role="alert" className="form-error">
          {state.error}
        </p>
      )}
      {state.message && !state.error && (
        <p role="status" className="notice">
          {state.message}
          {state.link && (
            <>
              {' '}
              <a href={state.link} data-testid="action-link">
                {typeof window === 'undefined' ? state.link : `${window.location.origin}${state.link}`}
              </a>
            </>
          )}
        </p>
      )}
    </form>
  );
}
