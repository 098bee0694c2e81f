// Auth.js's own endpoints (session, CSRF token, OIDC callbacks, sign-out).
import { handlers } from '../../../../lib/auth.ts';

export const { GET, POST } = handlers;
