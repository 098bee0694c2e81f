import type { ReactNode } from 'react';
import Link from 'next/link';
import { requireRole } from '../../lib/session.ts';
import './instructor.css';

// Every page under /instructor is for instructors and admins. Each page checks again itself
// (layouts are not re-run on every client navigation); this guard makes a missing check fail closed.
export default async function InstructorLayout({ children }: { children: ReactNode }) {
  await requireRole('instructor', '/instructor');
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
        </ul>
      </nav>
      {children}
    </div>
  );
}
