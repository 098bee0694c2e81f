// The contract between a question's page (a server component) and its answer form (client). The
// page renders every piece of Markdown to HTML on the server (prompt, part labels, options, worked
// solution) and passes these props; answering is one server action.
import type { ActionError } from '../workbench/types.ts';
import type { PartKind } from '../../exercises/question-types.ts';

/** One part of the form: what to type, never the answer. */
export interface PartField {
  name: string;
  kind: PartKind;
  labelHtml: string;
  points: number;
  /** How the answer is compared, in words ("to 3 significant figures"). */
  note: string;
  /** choice */
  options?: { id: string; labelHtml: string }[];
  multiple?: boolean;
  /** vector: its number of entries */
  length?: number;
  /** matrix: [rows, columns] */
  shape?: [number, number];
  /** expression: the variables it may use, "n, d_k" */
  variables?: string[];
}

/** The variant the learner answers next. */
export interface VariantForm {
  /** 0 for the learner's first variant in this space, 1 after one answer, ... */
  index: number;
  promptHtml: string;
  parts: PartField[];
}

/** How one part of an answered variant went. */
export interface PartReview {
  name: string;
  labelHtml: string;
  passed: boolean;
  points: number;
  maxPoints: number;
  message: string;
  /** The known mistake the answer matches, when one does. */
  misconception?: { title: string; hint: string };
  /** The answer as the grader read it, in words ("0.125", "[1, 2, 3]", "b, c"). */
  given: string | null;
}

/** An answered variant: the verdict per part and, now that it is answered, the worked solution. */
export interface AnswerReview {
  submissionId: string;
  index: number;
  answeredAt: string;
  score: number;
  maxScore: number;
  passed: boolean;
  /** A note from the cohort's rules (late, attempts left), when there is one. */
  note: string | null;
  promptHtml: string;
  parts: PartReview[];
  /** The worked solution; empty while it is held back (an exam before release). */
  workedHtml: string;
}

/** What the learner typed, keyed by part name: text for numbers, vectors, matrices and formulas, option ids for choices. */
export type AnswerValues = Record<string, string | string[]>;

export type AnswerResult = { review: AnswerReview; next: VariantForm; closed?: string | null; againLabel?: string | null } | ActionError;

export interface QuestionFormProps {
  questionId: string;
  /** The variant to answer now. */
  variant: VariantForm;
  /** The learner's latest answered variant in this space, if any: shown first, above "Try a new variant". */
  last: AnswerReview | null;
  /** Why answering is refused in this space right now (not open yet, past due without late work, no attempts left); null when it is allowed. */
  closed: string | null;
  answer: (variant: number, answers: AnswerValues) => Promise<AnswerResult>;
  /** The button that opens the next try: "Try a new variant" (default); an exam's "Try again (worth at most 70 %)". */
  againLabel?: string | null;
}
