// The settings of an assignment as form fields (new assignment, edit). Dates are entered and shown
// in UTC, so an instructor and their students read the same instant.
import { toInputValue } from './format.ts';

export interface AssignmentDefaults {
  opensAt?: Date;
  dueAt?: Date;
  latePolicy?: 'reject' | 'penalty' | 'accept';
  latePenaltyPerDay?: number;
  latePenaltyCap?: number;
  attemptLimit?: number | null;
}

export function AssignmentFields({ defaults = {} }: { defaults?: AssignmentDefaults }) {
  return (
    <>
      <label>
        Opens (UTC)
        <input type="datetime-local" name="opensAt" required defaultValue={toInputValue(defaults.opensAt)} />
      </label>
      <label>
        Due (UTC)
        <input type="datetime-local" name="dueAt" required defaultValue={toInputValue(defaults.dueAt)} />
      </label>
      <label>
        Late submissions
        <select name="latePolicy" defaultValue={defaults.latePolicy ?? 'penalty'}>
          <option value="penalty">Penalty per day late</option>
          <option value="reject">Not accepted</option>
          <option value="accept">Accepted in full</option>
        </select>
      </label>
      <label>
        Penalty per started day (%)
        <input type="number" name="latePenaltyPerDay" min={0} max={100} step="any" defaultValue={defaults.latePenaltyPerDay ?? 10} />
      </label>
      <label>
        Penalty cap (%)
        <input type="number" name="latePenaltyCap" min={0} max={100} step="any" defaultValue={defaults.latePenaltyCap ?? 50} />
      </label>
      <label>
        Attempt limit (empty: none)
        <input type="number" name="attemptLimit" min={1} max={1000} step={1} defaultValue={defaults.attemptLimit ?? ''} />
      </label>
    </>
  );
}
