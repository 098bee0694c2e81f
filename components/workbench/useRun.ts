'use client';
// Which Run the workbench uses: the learner's browser (browser-run.ts) when the page gives a setup
// and the browser can start the worker, else the server's Run action. Run in the browser sends no
// request; drafts are saved by the workbench's autosave, as for any edit.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunSetup } from '../../grader/browser/protocol.ts';
import { codeProblem } from '../../grader/code-limits.ts';
import { SCRATCH_UNAVAILABLE_MESSAGE, scratchArgsProblem } from '../../grader/scratch-reference.ts';
import { BrowserRunner, browserRunSupported } from './browser-run.ts';
import type { RunResult } from './types.ts';

/** Where the last Run ran, for the page to say (and for tests to read). */
export type RunMode = { where: 'browser' } | { where: 'server'; why: string | null };

function setupKey(setup: RunSetup | undefined): string {
  if (!setup) return '';
  return setup.kind === 'builtin' ? `builtin:${setup.exerciseId}:${setup.version}` : `prepared:${setup.exercise.id}:${setup.exercise.version}`;
}

export function useRun(setup: RunSetup | undefined, serverRun: () => (code: string, scratchArgs?: unknown[]) => Promise<RunResult>) {
  const runner = useRef<BrowserRunner | null>(null);
  const [mode, setMode] = useState<RunMode>({ where: 'server', why: null });
  const latestSetup = useRef(setup);
  latestSetup.current = setup;
  const key = setupKey(setup);

  useEffect(() => {
    const current = latestSetup.current;
    if (!current) return;
    if (!browserRunSupported()) {
      setMode({ where: 'server', why: 'this browser cannot run code in a Web Worker' });
      return;
    }
    const r = new BrowserRunner(current);
    runner.current = r;
    setMode({ where: 'browser' });
    void r.prewarm().then((w) => {
      if (!w.ok && runner.current === r) setMode({ where: 'server', why: w.error });
    });
    return () => {
      r.dispose();
      if (runner.current === r) runner.current = null;
    };
  }, [key]);

  const run = useCallback(async (code: string, scratchArgs?: unknown[]): Promise<RunResult> => {
    const r = runner.current;
    if (!r) return serverRun()(code, scratchArgs);
    // the server's rules first, in its words (lib/run.ts refuses the same)
    const problem = codeProblem(code);
    if (problem) return { error: problem, kind: 'validation' };
    if (scratchArgs) {
      if (!r.scratchAvailable) return { error: SCRATCH_UNAVAILABLE_MESSAGE, kind: 'validation' };
      const argsProblem = scratchArgsProblem(scratchArgs);
      if (argsProblem) return { error: argsProblem, kind: 'validation' };
    }
    const result = await r.run(code, scratchArgs);
    if ('server' in result) {
      setMode({ where: 'server', why: result.server });
      return serverRun()(code, scratchArgs);
    }
    setMode({ where: 'browser' });
    return result;
  }, [serverRun]);

  return { run, mode };
}
