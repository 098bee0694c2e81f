'use client';
// The honour code and the start button: the exam starts only once the student acknowledges it
// (the server checks the box too), and says why when it cannot start.
import { useActionState } from 'react';

export interface StartState {
  error: string | null;
}

export function StartExamForm({ honourCode, action }: { honourCode: string; action: (prev: StartState, form: FormData) => Promise<StartState> }) {
  const [state, formAction, pending] = useActionState(action, { error: null });
  return (
    <form action={formAction} className="exam-start" aria-label="Start the exam">
      <fieldset>
        <legend>Honour code</legend>
        <blockquote className="honour-code">{honourCode}</blockquote>
        <label>
          <input type="checkbox" name="acknowledge" value="yes" required /> I have read the honour code and I will keep it.
        </label>
      </fieldset>
      <button type="submit" disabled={pending}>
        {pending ? 'Starting…' : 'Start the exam'}
      </button>
      {state.error && (
        <p role="alert" className="form-error">
          {state.error}
        </p>
      )}
    </form>
  );
}
