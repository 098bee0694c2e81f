import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { currentUser, hasRole } from '../lib/session.ts';
import { currentSpaces } from '../lib/current-space.ts';
import { spaceKey, type Space } from '../lib/scope.ts';
import { signOutAction } from './actions.ts';
import { SpaceSwitcher, type SpaceOption } from './_components/SpaceSwitcher.tsx';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Attention Lab', template: '%s · Attention Lab' },
  description: 'Implement the mathematics of modern AI, one exercise at a time.',
};

// Every page depends on who is signed in (and the CSP nonce differs per request): never prerendered.
export const dynamic = 'force-dynamic';

function option(s: Space): SpaceOption {
  return { key: spaceKey(s), label: s.cohortId === null ? 'Practice (only you see it)' : s.archived ? `${s.name} (archived)` : s.name };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  const spaces = user ? await currentSpaces(user.id) : null;
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="brand">
            Attention Lab
          </Link>
          <nav aria-label="Main">
            {user ? (
              <ul>
                <li>
                  <Link href="/">Course map</Link>
                </li>
                <li>
                  <Link href="/progress">Progress</Link>
                </li>
                {hasRole(user, 'instructor') && (
                  <li>
                    <Link href="/instructor">Instructor</Link>
                  </li>
                )}
                <li>
                  <Link href="/account">Account</Link>
                </li>
              </ul>
            ) : (
              <ul>
                <li>
                  <Link href="/signin">Sign in</Link>
                </li>
                <li>
                  <Link href="/signup">Sign up</Link>
                </li>
              </ul>
            )}
          </nav>
          {spaces && <SpaceSwitcher options={spaces.spaces.map(option)} current={option(spaces.current)} />}
          {user && (
            <form action={signOutAction} className="account">
              <span className="who" title={user.email}>
                {user.name || user.email}
              </span>
              <button type="submit" className="link-button">
                Sign out
              </button>
            </form>
          )}
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
