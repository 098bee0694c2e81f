'use client';
// The table of a capstone model's components: per component, what the learner has of theirs, a
// switch for whose code runs (their latest passing code, their latest code even where it fails,
// or the reference) and what the last run found of it (matches, differs by how much, threw).
import Link from 'next/link';
import { formatTime } from '../../app/_components/format.ts';
import { formatDiff, SAME_WITHIN } from './component-check.ts';
import type { Choice, Choices, ComponentInfo } from './learner-modules.ts';
import type { LearnerWorker } from './use-learner-worker.ts';
import styles from './capstone.module.css';

export interface ComponentNote {
  /** 'checking': running now; 'differs' and 'failed' are shown as problems. */
  state: 'checking' | 'matches' | 'differs' | 'failed';
  text: string;
}

// one fixed zone and locale: the table is rendered on the server first, and the browser's must match
const when = (iso: string) => formatTime(new Date(iso));

export function ComponentSwitches(props: {
  components: readonly ComponentInfo[];
  choices: Choices;
  onChoose: (exerciseId: string, choice: Choice) => void;
  notes: Record<string, ComponentNote>;
  space: string;
  disabled?: boolean;
}) {
  const { components, choices, onChoose, notes, space, disabled } = props;
  return (
    <table className={styles.componentTable} aria-label="Components of the model">
      <thead>
        <tr>
          <th scope="col">Component</th>
          <th scope="col">Your work ({space})</th>
          <th scope="col">Runs here</th>
          <th scope="col">Against the reference</th>
        </tr>
      </thead>
      <tbody>
        {components.map((c) => {
          const choice = choices[c.exerciseId] ?? 'reference';
          const note = notes[c.exerciseId];
          return (
            <tr key={c.exerciseId} data-component={c.exerciseId} data-solved={c.passing ? 'yes' : 'no'} data-runs={choice}>
              <td>
                <Link href={c.href}>{c.name}</Link>
              </td>
              <td>
                {c.passing ? `passed (submitted ${when(c.passing.submittedAt)})` : 'not solved yet'}
                {c.latest && <span className={styles.note}> · newer code {c.passing ? 'that has not passed' : 'in progress'} (saved {when(c.latest.savedAt)})</span>}
              </td>
              <td>
                <select aria-label={`Whose ${c.name} runs`} value={choice} disabled={disabled} onChange={(e) => onChoose(c.exerciseId, e.target.value as Choice)}>
                  <option value="reference">the reference</option>
                  {c.passing && <option value="passing">mine (latest passing)</option>}
                  {c.latest && <option value="latest">mine (latest code, not passing yet)</option>}
                </select>
                {choice === 'reference' && !c.passing && <span className={styles.note}> (not solved yet)</span>}
              </td>
              <td data-testid={`note-${c.exerciseId}`} data-state={note?.state ?? ''} className={note && (note.state === 'differs' || note.state === 'failed') ? styles.problem : undefined}>
                {note ? note.text : choice === 'reference' ? '—' : 'checked when you generate'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** What runs, the switches, and the whole mix against the reference: the top of every capstone page. */
export function ComponentsPanel({ model, components, space, runs }: { model: LearnerWorker<unknown>; components: readonly ComponentInfo[]; space: string; runs: string }) {
  const { mineCount, combined } = model;
  return (
    <>
      <p data-testid="components-note" className={styles.components}>
        {mineCount === 0
          ? "Every component runs the reference engine: solve a component's exercise, or choose your code below, to run the model on your own functions."
          : `${mineCount === components.length ? 'Every component runs your own code' : `${mineCount} of ${components.length} components run your own code, the rest the reference engine`}. Each of yours is checked against the reference before the model ${runs}.`}
      </p>
      <ComponentSwitches components={components} choices={model.choices} onChoose={model.choose} notes={model.notes} space={space} disabled={model.status === 'busy'} />
      {combined && (
        <p data-testid="combined-note" className={combined.some((l) => l.maxAbsDiff > SAME_WITHIN) ? styles.problem : styles.note}>
          All your components together, against the reference: largest |difference| {combined.map((l) => `${l.layer} ${formatDiff(l.maxAbsDiff)}`).join(', ')}.
        </p>
      )}
    </>
  );
}
