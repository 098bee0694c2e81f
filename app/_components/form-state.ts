// What the sign-in and sign-up actions hand back to their forms: an error sentence to show, the
// field it concerns (focused for the learner), and what they typed (never the password).
export interface AuthFormState {
  error: string | null;
  field?: string;
  values?: { name?: string; email?: string; joinCode?: string };
}

export const initialAuthFormState: AuthFormState = { error: null };
