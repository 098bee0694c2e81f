'use client';
// A capstone page's worker, as every model's page drives it: the weights fetched once by the page
// (a worker may not connect anywhere), the learner's chosen components transpiled here and sent
// with them over a MessageChannel, the answers every model shares (ready, failed, a component
// being checked, the check's report, a component that failed) kept as the page's state, and the
// rest handed to the page. A change of components, a restart (Stop), or a worker silent for
// SILENCE_LIMIT_MS while it runs learner code (a function that never returns) ends the worker and
// starts a fresh one with the same bytes: learner code leaves its realm changed, and nothing inside
// a thread can stop a loop in it.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { describeCheck, type CheckReport, type LayerDifference } from './component-check.ts';
import type { ComponentNote } from './ComponentSwitches.tsx';
import type { LearnerModule } from './learner-realm.ts';
import { defaultChoices, modulesFor, type Choice, type ComponentInfo } from './learner-modules.ts';
import { fetchModelFiles, type ModelFiles, type ModelUrls } from './load-model.ts';

/** How long the page waits for any answer from a worker running learner code before it ends it. */
export const SILENCE_LIMIT_MS = 10_000;

/** What every model's worker may answer, beside its own messages. */
export type SharedAnswer =
  /** `problems`: the components whose code did not load, which run the reference instead. */
  | { type: 'ready'; problems: { exerciseId: string; message: string }[] }
  | { type: 'failed'; message: string }
  /** The learner component about to be checked against the reference ('combined': all of them together). */
  | { type: 'checking'; exerciseId: string }
  | { type: 'report'; report: CheckReport }
  /** A learner component failed while the model ran: the request stops. */
  | { type: 'component-failed'; exerciseId: string; message: string }
  /** The request was not run (a prompt character the model lacks, a malformed image): it says why. */
  | { type: 'refused'; message: string }
  /** A check asked for on its own is done (its report came before). */
  | { type: 'checked' };

export type InitMessage = { type: 'init'; files: ModelFiles; modules: LearnerModule[] };

export type WorkerStatus = 'loading' | 'ready' | 'busy' | 'failed';

export interface LearnerWorker<Request> {
  status: WorkerStatus;
  /** Counts the workers started: a page that sent something to an earlier one sends it again. */
  epoch: number;
  problem: string | null;
  setProblem(problem: string | null): void;
  choices: Record<string, Choice>;
  choose(exerciseId: string, choice: Choice): void;
  notes: Record<string, ComponentNote>;
  /** All the learner's components together against the reference, from the last check. */
  combined: LayerDifference[] | null;
  /** How many components run the learner's code. */
  mineCount: number;
  /** Sends a request; the page calls `finish` when its answer is complete. */
  send(request: Request): void;
  finish(): void;
  restart(): void;
}

export function useLearnerWorker<Request, Answer extends { type: string }>(o: {
  start: () => Worker;
  urls: ModelUrls;
  components: readonly ComponentInfo[];
  /** The model's own answers (the shared ones are handled here). */
  onAnswer: (answer: Answer) => void;
  /** Called with each `ready`, e.g. to read the model's vocabulary from it. */
  onReady?: (answer: Answer) => void;
}): LearnerWorker<Request> {
  const { start, urls, components } = o;
  const answer = useRef(o.onAnswer);
  const onReady = useRef(o.onReady);
  answer.current = o.onAnswer;
  onReady.current = o.onReady;
  const worker = useRef<{ worker: Worker; port: MessagePort } | null>(null);
  const files = useRef<Promise<ModelFiles> | null>(null);
  const silence = useRef<ReturnType<typeof setTimeout> | null>(null);
  const checking = useRef<string | null>(null);
  const [status, setStatus] = useState<WorkerStatus>('loading');
  const [problem, setProblem] = useState<string | null>(null);
  const [choices, setChoices] = useState(() => defaultChoices(components));
  const { modules, problems: compileProblems } = useMemo(() => modulesFor(components, choices), [components, choices]);
  const [notes, setNotes] = useState<Record<string, ComponentNote>>({});
  const [combined, setCombined] = useState<LayerDifference[] | null>(null);
  const [generation, setGeneration] = useState(0); // bumped by restart()
  const [epoch, setEpoch] = useState(0);
  const watchRef = useRef<() => void>(() => {});
  const notesFor = useRef<LearnerModule[] | null>(null);

  const nameOf = useCallback((id: string) => components.find((c) => c.exerciseId === id)?.name ?? id, [components]);

  const quiet = () => {
    if (silence.current) clearTimeout(silence.current);
    silence.current = null;
  };

  useEffect(() => {
    quiet();
    const w = start();
    const channel = new MessageChannel();
    const self = { worker: w, port: channel.port1 };
    worker.current = self;
    checking.current = null;
    setStatus('loading');
    setEpoch((e) => e + 1);
    if (notesFor.current !== modules) {
      // other components: what was found of the last ones no longer holds (a restart keeps it)
      notesFor.current = modules;
      setNotes(Object.fromEntries(Object.entries(compileProblems).map(([id, text]) => [id, { state: 'failed' as const, text }])));
      setCombined(null);
    }

    w.onerror = () => {
      if (worker.current !== self) return; // a worker ended while it loaded reports an error too
      setProblem('The model could not start in this browser (its worker failed to load).');
      setStatus('failed');
    };
    // (Re)starts the clock: a worker running learner code that stays silent this long is ended
    const watch = () => {
      quiet();
      silence.current = setTimeout(() => {
        const culprit = checking.current && checking.current !== 'combined' ? checking.current : null;
        if (culprit) setNotes((n) => ({ ...n, [culprit]: { state: 'failed', text: `did not return within ${SILENCE_LIMIT_MS / 1000} s (an endless loop?)` } }));
        setProblem(`The model was stopped: ${culprit ? `your ${nameOf(culprit)}` : 'one of your components'} ran for ${SILENCE_LIMIT_MS / 1000} s without an answer (an endless loop?). Switch it to the reference, or fix it in its exercise.`);
        setGeneration((g) => g + 1);
      }, SILENCE_LIMIT_MS);
    };
    watchRef.current = modules.length > 0 ? watch : () => {}; // the reference alone always returns
    channel.port1.onmessage = (event: MessageEvent<SharedAnswer | Answer>) => {
      const m = event.data;
      if (silence.current) watch(); // any answer shows the worker is alive
      switch (m.type) {
        case 'ready': {
          const problems = (m as SharedAnswer & { type: 'ready' }).problems;
          if (problems.length > 0) setNotes((n) => ({ ...n, ...Object.fromEntries(problems.map((p) => [p.exerciseId, { state: 'failed' as const, text: `${p.message}: the reference runs instead` }])) }));
          setStatus((s) => (s === 'loading' ? 'ready' : s));
          onReady.current?.(m as Answer);
          return;
        }
        case 'failed':
          quiet();
          setProblem(`The model could not run: ${(m as SharedAnswer & { type: 'failed' }).message}`);
          setStatus('failed');
          return;
        case 'checking': {
          const id = (m as SharedAnswer & { type: 'checking' }).exerciseId;
          checking.current = id;
          if (id !== 'combined') setNotes((n) => ({ ...n, [id]: { state: 'checking', text: 'checking…' } }));
          return;
        }
        case 'report': {
          const report = (m as SharedAnswer & { type: 'report' }).report;
          checking.current = null;
          setNotes((n) => ({
            ...n,
            ...Object.fromEntries(report.components.map((c) => {
              const d = describeCheck(c);
              return [c.exerciseId, { state: c.error ? ('failed' as const) : d.differs ? ('differs' as const) : ('matches' as const), text: d.text }];
            })),
          }));
          setCombined(report.combined);
          return;
        }
        case 'component-failed': {
          const f = m as SharedAnswer & { type: 'component-failed' };
          quiet();
          setNotes((n) => ({ ...n, [f.exerciseId]: { state: 'failed', text: f.message } }));
          setProblem(`The model stopped: ${f.message}. Switch your ${nameOf(f.exerciseId)} to the reference to run the model without it.`);
          setStatus('ready');
          return;
        }
        case 'refused':
          setProblem((m as SharedAnswer & { type: 'refused' }).message);
          quiet();
          setStatus((s) => (s === 'busy' ? 'ready' : s));
          return;
        case 'checked':
          quiet();
          setStatus((s) => (s === 'busy' ? 'ready' : s));
          return;
        default:
          answer.current(m as Answer);
      }
    };
    files.current ??= fetchModelFiles(urls);
    files.current.then(
      (f) => {
        if (worker.current === self) w.postMessage({ type: 'init', files: f, modules } satisfies InitMessage, [channel.port2]);
      },
      (e: unknown) => {
        files.current = null; // the next attempt fetches again
        setProblem(`The model's weights could not be downloaded: ${e instanceof Error ? e.message : String(e)}`);
        setStatus('failed');
      },
    );
    return () => {
      quiet();
      // what this worker had already posted must not reach the page after it is ended
      channel.port1.onmessage = null;
      channel.port1.close();
      w.terminate();
    };
  }, [start, urls, modules, compileProblems, nameOf, generation]);

  const mineCount = components.filter((c) => (choices[c.exerciseId] ?? 'reference') !== 'reference' && !compileProblems[c.exerciseId]).length;

  return {
    status,
    epoch,
    problem,
    setProblem,
    choices,
    choose(exerciseId, choice) {
      setChoices((c) => ({ ...c, [exerciseId]: choice }));
      setProblem(null);
    },
    notes,
    combined,
    mineCount,
    send(request) {
      if (!worker.current) return;
      setStatus('busy');
      watchRef.current();
      worker.current.port.postMessage(request);
    },
    finish() {
      quiet();
      setStatus((s) => (s === 'busy' ? 'ready' : s));
    },
    restart() {
      setGeneration((g) => g + 1);
    },
  };
}
