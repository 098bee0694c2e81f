'use client';
import { useActionState } from 'react';
import { joinCohortAction, type JoinState } from '../join-actions.ts';

export function JoinCohortForm() {
  const [state, action, pending] = useActionState(joinCohortAction, { error: null, joined: null } as JoinState);
  if (state.joined) {
    return (
      <p className="notice" role="status">
        You joined {state.joined}.
      </p>
    );
  }
  return (
    <form action={action} className="join-form">
      <p>You are not in a cohort yet. Enter the join code your instructor gave you:</p>
      {state.error && (
        <p role="alert" className="form-error">
          {state.error}
        </p>
      )}
      <label htmlFor="join-code">Join code</label>
      <input id="join-code" name="joinCode" required autoComplete="off" spellCheck={false} />
      <button type="submit" disabled={pending}>
        Join
      </button>
    </form>
  );
}
