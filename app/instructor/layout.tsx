import type { ReactNode } from 'react';
import Link from 'next/link';
import { headers } from 'next/headers';
import { requireRole } from '../../lib/session.ts';
import { RETURN_TO_HEADER, safeReturnPath } from '../../lib/return-to.ts';
import './instructor.css';

// Every page under /instructor is for instructors and admins. Each page checks again itself
// (layouts are not re-run on every client navigation); this guard makes a missing check fail closed.
// Its sign-in redirect comes back to the page asked for (the proxy names it), not to /instructor.
export default async function InstructorLayout({ children }: { children: ReactNode }) {
  const user = await requireRole('instructor', safeReturnPath((await headers()).get(RETURN_TO_HEADER), '/instructor'));
  return (
    <div className="instr">
      <nav aria-label="Instructor" className="instr-nav">
        <ul>
          <li>
            <Link href="/instructor">Cohorts</Link>
          </li>
          <li>
            <Link href="/instructor/exercises">Exercises</Link>
          </li>
          <li>
            <Link href="/instructor/studio">Studio</Link>
          </li>
          <li>
            <Link href="/instructor/courses">Courses</Link>
          </li>
          <li>
            <Link href="/instructor/regrade">Regrade</Link>
          </li>
          {user.role === 'admin' && (
            <>
              <li>
                <Link href="/instructor/admin/users">Accounts</Link>
              </li>
              <li>
                <Link href="/instructor/admin/audit">Audit log</Link>
              </li>
              <li>
                <Link href="/instructor/admin/lti">LMS (LTI)</Link>
              </li>
            </>
          )}
        </ul>
      </nav>
      {children}
    </div>
  );
}
