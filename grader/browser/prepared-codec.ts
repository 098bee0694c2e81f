// An authored exercise's visible cases, as the server computed them in the exercise's isolate,
// carried to the page as text (grader/content/data-codec.ts: NaN, the infinities and -0 survive):
// names, inputs, expected outputs and every misconception's output on them. All of it is shown to
// the learner on Run anyway; the exercise's code, which computed it, never leaves the server.
import type { PreparedCase } from '../cases.ts';
import { decodeData, encodeData } from '../content/data-codec.ts';

type WrongOutput = { ok: true; value: unknown } | { ok: false };

interface Wire {
  name: string;
  args: unknown[];
  expected: unknown;
  wrong: [string, WrongOutput][];
}

export function encodePreparedCases(cases: readonly PreparedCase[]): string {
  const wire: Wire[] = cases.map((c) => {
    if (!c.visible) throw new Error('only visible cases may be sent to the browser');
    return { name: c.name, args: c.args, expected: c.expected, wrong: [...(c.wrongOutputs ?? new Map()).entries()] };
  });
  return encodeData(wire);
}

export function decodePreparedCases(text: string): PreparedCase[] {
  return (decodeData(text) as Wire[]).map((w) => ({ name: w.name, visible: true, args: w.args, expected: w.expected, wrongOutputs: new Map(w.wrong) }));
}
