'use client';
import { useActionState, useEffect, useRef } from 'react';
import { signUpAction } from '../signup/actions.ts';
import { initialAuthFormState } from './form-state.ts';

const FIELDS = ['name', 'email', 'password', 'joinCode'] as const;

export function SignUpForm({ joinCode }: { joinCode: string }) {
  const [state, action, pending] = useActionState(signUpAction, initialAuthFormState);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.field && (FIELDS as readonly string[]).includes(state.field)) {
      (form.current?.elements.namedItem(state.field) as HTMLInputElement | null)?.focus();
    }
  }, [state]);
  const invalid = (f: string) => (state.field === f ? { 'aria-invalid': true, 'aria-describedby': 'signup-error' } : {});
  return (
    <form action={action} className="auth-form" ref={form} noValidate>
      {state.error && (
        <p role="alert" className="form-error" id="signup-error">
          {state.error}
        </p>
      )}
      <label htmlFor="name">Name</label>
      <input id="name" name="name" autoComplete="name" required maxLength={100} defaultValue={state.values?.name ?? ''} {...invalid('name')} />
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="email" required defaultValue={state.values?.email ?? ''} {...invalid('email')} />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="new-password" required minLength={8} aria-describedby="password-help" {...invalid('password')} />
      <p className="help" id="password-help">
        At least 8 characters.
      </p>
      <label htmlFor="joinCode">Cohort join code</label>
      <input id="joinCode" name="joinCode" required autoComplete="off" spellCheck={false} defaultValue={state.values?.joinCode ?? joinCode} aria-describedby="join-help" {...invalid('joinCode')} />
      <p className="help" id="join-help">
        Your instructor gives you this code.
      </p>
      <button type="submit" disabled={pending}>
        {pending ? 'Creating your account…' : 'Create account'}
      </button>
    </form>
  );
}
