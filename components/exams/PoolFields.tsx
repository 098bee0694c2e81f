'use client';
// The pools of a new exam as form fields: each draws `choose` of its items per student, each item
// worth `points`. Pools are added and removed here; the server action reads `pool<N>.*` fields
// (N from 1) and lib/exams validates them, so this only arranges the inputs.
import { useState } from 'react';

export interface PoolChoice {
  module: string;
  items: { id: string; title: string; kind: 'code' | 'question' }[];
}

const MAX_POOLS = 20;

export function PoolFields({ choices }: { choices: PoolChoice[] }) {
  const [pools, setPools] = useState([1]);
  const next = () => setPools((p) => (p.length >= MAX_POOLS ? p : [...p, Math.max(...p) + 1]));
  return (
    <div className="exam-pools">
      {pools.map((key, i) => (
        <fieldset key={key} data-pool={i + 1}>
          <legend>Pool {i + 1}</legend>
          <label>
            Pool title
            <input name={`pool${i + 1}.title`} placeholder={`Pool ${i + 1}`} maxLength={120} />
          </label>
          <label>
            Items drawn per student
            <input type="number" name={`pool${i + 1}.choose`} min={1} max={100} step={1} defaultValue={1} required />
          </label>
          <label>
            Points per item
            <input type="number" name={`pool${i + 1}.points`} min={0.01} max={1000} step="any" defaultValue={10} required />
          </label>
          <label>
            Items (questions and code exercises; hold Ctrl or Shift to pick several)
            <select name={`pool${i + 1}.items`} multiple size={10} required>
              {choices.map((m) => (
                <optgroup key={m.module} label={m.module}>
                  {m.items.map((e) => (
                    <option key={e.id} value={e.id}>
                      {e.kind === 'question' ? 'Question' : 'Code'}: {e.title} ({e.id})
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          {pools.length > 1 && (
            <button type="button" className="secondary" onClick={() => setPools((p) => p.filter((k) => k !== key))}>
              Remove pool {i + 1}
            </button>
          )}
        </fieldset>
      ))}
      {pools.length < MAX_POOLS && (
        <button type="button" className="secondary" onClick={next}>
          Add a pool
        </button>
      )}
    </div>
  );
}
