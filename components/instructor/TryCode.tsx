'use client';
// "Try any code against this exercise": a code box posting to the instructors' try action, and the
// verdict with every case (hidden ones with their inputs, which instructors may see).
import { useActionState } from 'react';
import type { TryState } from './action-state.ts';
import { VerdictTable } from './VerdictTable.tsx';

export function TryCode({ action, exerciseId, seed, initialCode }: { action: (prev: TryState, form: FormData) => Promise<TryState>; exerciseId: string; seed: string; initialCode: string }) {
  const [state, formAction, pending] = useActionState(action, { error: null, result: null });
  return (
    <div>
      <form action={formAction} className="instr-form" aria-label="Try code">
        <input type="hidden" name="exerciseId" value={exerciseId} />
        <label className="wide">
          Code
          <textarea name="code" defaultValue={initialCode} spellCheck={false} autoCapitalize="off" autoCorrect="off" required />
        </label>
        <label>
          Seed of the hidden cases
          <input name="seed" defaultValue={seed} maxLength={100} />
        </label>
        <button type="submit" disabled={pending} aria-disabled={pending}>
          {pending ? 'Grading…' : 'Grade it'}
        </button>
        {state.error && (
          <p role="alert" className="form-error">
            {state.error}
          </p>
        )}
      </form>
      <div aria-live="polite">{state.result && <VerdictTable verdict={state.result.verdict} cases={state.result.cases} caption={`Every case (seed ${state.result.seed})`} />}</div>
    </div>
  );
}
