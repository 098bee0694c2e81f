'use client';
import { useActionState, useEffect, useRef } from 'react';
import { signInAction } from '../signin/actions.ts';
import { initialAuthFormState } from './form-state.ts';

export function SignInForm({ next, initialError }: { next: string; initialError: string | null }) {
  const [state, action, pending] = useActionState(signInAction, { ...initialAuthFormState, error: initialError });
  const password = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (state.error && state.field === 'password') password.current?.focus();
  }, [state]);
  return (
    <form action={action} className="auth-form" noValidate>
      <input type="hidden" name="next" value={next} />
      {state.error && (
        <p role="alert" className="form-error" id="signin-error">
          {state.error}
        </p>
      )}
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="username" required defaultValue={state.values?.email ?? ''} aria-describedby={state.error ? 'signin-error' : undefined} />
      <label htmlFor="password">Password</label>
      <input id="password" ref={password} name="password" type="password" autoComplete="current-password" required />
      <button type="submit" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
