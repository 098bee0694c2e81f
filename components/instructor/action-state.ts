// What every instructor server action hands back to its form: a sentence to show, error or not.
export interface ActionState {
  ok: boolean;
  message: string | null;
  error: string | null;
  field?: string;
}

export const IDLE: ActionState = { ok: false, message: null, error: null };
