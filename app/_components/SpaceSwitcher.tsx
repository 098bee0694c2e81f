'use client';
// "Working in: <cohort>" in the header of every page, and the switch between the learner's cohorts
// (and practice). Picking one switches at once; the button does it without JavaScript.
import { useActionState, useRef } from 'react';
import { switchSpaceAction, type SwitchState } from '../space-actions.ts';

export interface SpaceOption {
  key: string;
  label: string;
}

export function SpaceSwitcher({ options, current }: { options: SpaceOption[]; current: SpaceOption }) {
  const [state, action, pending] = useActionState(switchSpaceAction, { error: null, current: null } as SwitchState);
  const form = useRef<HTMLFormElement>(null);
  if (options.length < 2) {
    return (
      <p className="space" data-space={current.key}>
        Working in <strong>{current.label}</strong>
      </p>
    );
  }
  return (
    <form ref={form} action={action} className="space" data-space={current.key} aria-label="The cohort you work in">
      <label htmlFor="space-select">Working in</label>{' '}
      <select id="space-select" name="space" key={current.key} defaultValue={current.key} onChange={() => form.current?.requestSubmit()} disabled={pending}>
        {options.map((o) => (
          <option key={o.key} value={o.key}>
            {o.label}
          </option>
        ))}
      </select>{' '}
      <button type="submit" className="link-button" disabled={pending}>
        Switch
      </button>
      {state.error && (
        <span role="alert" className="form-error">
          {state.error}
        </span>
      )}
    </form>
  );
}
