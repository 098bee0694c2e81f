// The contract between the exercise page (a server component) and the workbench (client).
// The page renders the prompt and passes these props; every callback is a server action (a
// plain function cannot cross the server/client boundary), so each is async and returns data
// that React can serialise. Polling goes through a GET route instead of an action, because
// Next runs a client's server actions one at a time and a poll loop would block Run and Save.
import type { ReactNode } from 'react';
import type { Verdict } from '../../grader/verdict.ts';
import type { ScratchOutcome } from '../../lib/run.ts';
import type { RunSetup } from '../../grader/browser/protocol.ts';

/** A visible case as the page sends it: the positional arguments of the curriculum signature. */
export interface VisibleCase {
  name: string;
  args: unknown[];
}

/** Any action may refuse; the workbench shows the message and keeps the learner's code. */
export interface ActionError {
  error: string;
  /** 'rate_limit' lets the workbench say when to retry; 'auth' means the session expired. */
  kind?: 'rate_limit' | 'validation' | 'auth' | 'server';
  retryAfterMs?: number;
}

/** The learner's function on edited inputs, beside the reference engine's output (lib/run.ts). */
export type ScratchOutput = ScratchOutcome;

export type RunResult = { verdict: Verdict; scratch?: ScratchOutput } | ActionError;
/** A queued submission to poll for, or (the studio's preview, which records nothing) the verdict at once. */
export type SubmitResult = { submissionId: string } | { verdict: Verdict } | ActionError;
export type SaveResult = { savedAt: string } | ActionError | void;

/** GET `${pollUrl}/${submissionId}` answers with this JSON (404 for someone else's submission). */
export interface SubmissionStatusResponse {
  status: 'queued' | 'running' | 'graded' | 'error';
  /** Set once graded; while status is 'error' it may hold only { error }. */
  verdict?: Verdict | { error: string } | null;
}

export interface WorkbenchProps {
  exerciseId: string; // "attention/scaled-dot-product"
  functionName: string; // "attention"
  title: string;
  starter: string;
  /** The saved draft, or the starter when there is none. */
  initialCode: string;
  /** The editor's ambient .d.ts: Matrix, Mask, MHAWeights, ..., and the granted helpers. */
  declarations: string;
  visibleCases: VisibleCase[];
  /**
   * Run in the learner's browser (components/workbench/browser-run.ts): the exercise's id, or an
   * authored exercise's visible cases computed on the server. Without it, or when the browser
   * cannot run workers, Run uses `run`.
   */
  browserRun?: RunSetup;
  /** Grades the visible cases on the server (not counted); with scratchArgs, also runs the learner and the reference on them. */
  run: (code: string, scratchArgs?: unknown[]) => Promise<RunResult>;
  /** Queues a counted submission; the verdict comes from polling. */
  submit: (code: string) => Promise<SubmitResult>;
  saveDraft: (code: string) => Promise<SaveResult>;
  /** Deletes the saved draft; the workbench puts the starter back in the editor. */
  resetDraft: () => Promise<SaveResult>;
  /** Base path of the status route, e.g. "/api/submissions" (the workbench appends "/<id>"). */
  pollUrl: string;
  /**
   * The rendered prompt (server-side Markdown + KaTeX). When given, the workbench lays out the
   * two panes itself: prompt left, editor and results right, stacked on narrow screens.
   */
  prompt?: ReactNode;
  /** The exercise's tolerance, for outlining out-of-tolerance cells in heatmaps (default atol 1e-6, rtol 1e-5). */
  tolerance?: { atol: number; rtol: number };
}
