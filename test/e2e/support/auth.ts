// Accounts for end-to-end tests: through the real forms where the test is about them, straight
// into the database where an account is only a precondition.
import type { BrowserContext, Page } from 'playwright-core';
import { encode } from 'next-auth/jwt';
import { hashPassword } from '../../../lib/passwords.ts';
import { DEMO } from '../../../lib/seed.ts';
import type { RunningApp } from './app.ts';

export const SESSION_COOKIE = 'authjs.session-token';

export interface Learner {
  name: string;
  email: string;
  password: string;
}

let counter = 0;
/** A learner nobody else uses (unique email per call). */
export function newLearner(prefix = 'learner'): Learner {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}`;
  return { name: `${prefix} ${tag}`, email: `${prefix}-${tag}@example.test`, password: `pw-${tag}-long enough` };
}

/** Fill in and send the sign-up form; resolves once the course map shows. */
export async function signUpThroughForm(page: Page, who: Learner, joinCode: string = DEMO.joinCode): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Name').fill(who.name);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByLabel('Cohort join code').fill(joinCode);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL((u) => u.pathname === '/');
  await page.getByRole('heading', { level: 1, name: 'Course map' }).waitFor();
}

/** Fill in and send the sign-in form (from wherever the page is, or /signin). */
export async function signInThroughForm(page: Page, email: string, password: string, from = '/signin'): Promise<void> {
  if (!new URL(page.url(), 'http://x').pathname.startsWith('/signin')) await page.goto(from);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  // resolves once the server action has answered (an error shown, or the redirect under way)
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/signin');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await answered;
}

export async function signOutThroughHeader(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((u) => u.pathname === '/signin');
}

/** A student account enrolled in the demo cohort, written straight to the database. */
export async function createStudent(app: RunningApp, who: Learner = newLearner('student')): Promise<Learner & { id: string }> {
  const cohort = await app.db.cohort.findUniqueOrThrow({ where: { joinCode: DEMO.joinCode } });
  const user = await app.db.user.create({
    data: { email: who.email, name: who.name, role: 'student', passwordHash: await hashPassword(who.password), enrollments: { create: { cohortId: cohort.id, role: 'student' } } },
  });
  return { ...who, id: user.id };
}

/** A session cookie as next-auth would issue it, valid for `seconds` (negative: already expired). */
export async function forgeSessionCookie(app: RunningApp, user: { id: string; email: string; role?: string }, seconds: number): Promise<string> {
  return encode({ token: { sub: user.id, email: user.email, role: user.role ?? 'student' }, secret: app.authSecret, salt: SESSION_COOKIE, maxAge: seconds });
}

export async function setSessionCookie(context: BrowserContext, app: RunningApp, value: string): Promise<void> {
  await context.addCookies([{ name: SESSION_COOKIE, value, url: app.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
}
