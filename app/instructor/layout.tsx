import type { ReactNode } from 'react';
import { requireRole } from '../../lib/session.ts';

// Every page under /instructor is for instructors and admins. Each page checks again itself
// (layouts are not re-run on every client navigation); this guard makes a missing check fail closed.
export default async function InstructorLayout({ children }: { children: ReactNode }) {
  await requireRole('instructor', '/instructor');
  return <>{children}</>;
}
