// Instructors' own courses: modules of exercises, built-in or authored, listed on cohorts.
//
// The rule: a course is its owner's (admins reach every course); anyone else gets 404. An exercise
// goes into a course only if its owner may assign it (the built-in course, and authored exercises
// they own or that are shared with them). A course is listed on a cohort only by someone who owns
// the course and teaches the cohort; its exercises then appear on that cohort's course map (and
// authored ones open for its students), without due dates or grades: assigning stays separate.
import { z } from 'zod';
import type { Db } from '../db.ts';
import { AccessDenied, InputError, parseInput, requireCohort, requireStaff, taughtCohorts, type Actor, type Staff } from './authorization.ts';
import { assignableFilter } from './assignments.ts';

export interface CourseSummary {
  id: string;
  title: string;
  modules: number;
  exercises: number;
  cohorts: number;
}

export interface CourseDetail {
  id: string;
  title: string;
  modules: { id: string; title: string; position: number; items: { exerciseId: string; title: string; points: number; position: number }[] }[];
  cohorts: { id: string; name: string }[];
}

const title = (what: string) => z.string({ error: `Give the ${what} a title.` }).trim().min(1, `Give the ${what} a title.`).max(200, 'At most 200 characters.');

async function ownCourse(db: Db, staff: Staff, courseId: unknown): Promise<{ id: string; title: string }> {
  if (typeof courseId !== 'string' || courseId.length === 0 || courseId.length > 64) throw new AccessDenied('missing', 'course');
  const course = await db.course.findFirst({ where: { id: courseId, ...(staff.role === 'admin' ? {} : { ownerId: staff.id }) }, select: { id: true, title: true } });
  if (!course) throw new AccessDenied('missing', 'course');
  return course;
}

async function ownModule(db: Db, staff: Staff, moduleId: unknown): Promise<{ id: string; courseId: string }> {
  if (typeof moduleId !== 'string' || moduleId.length === 0 || moduleId.length > 64) throw new AccessDenied('missing', 'module');
  const m = await db.courseModule.findFirst({ where: { id: moduleId, course: staff.role === 'admin' ? {} : { ownerId: staff.id } }, select: { id: true, courseId: true } });
  if (!m) throw new AccessDenied('missing', 'module');
  return m;
}

export async function listCourses(db: Db, actor: Actor): Promise<CourseSummary[]> {
  const staff = await requireStaff(db, actor);
  const rows = await db.course.findMany({
    where: staff.role === 'admin' ? {} : { ownerId: staff.id },
    orderBy: { createdAt: 'asc' },
    select: { id: true, title: true, modules: { select: { _count: { select: { items: true } } } }, _count: { select: { cohorts: true } } },
  });
  return rows.map((c) => ({ id: c.id, title: c.title, modules: c.modules.length, exercises: c.modules.reduce((n, m) => n + m._count.items, 0), cohorts: c._count.cohorts }));
}

export async function createCourse(db: Db, actor: Actor, input: { title: unknown }): Promise<string> {
  const staff = await requireStaff(db, actor);
  const t = parseInput(title('course'), input.title, 'title');
  return (await db.course.create({ data: { title: t, ownerId: staff.id }, select: { id: true } })).id;
}

export async function getCourse(db: Db, actor: Actor, courseId: unknown): Promise<CourseDetail> {
  const staff = await requireStaff(db, actor);
  const course = await ownCourse(db, staff, courseId);
  const [modules, cohorts] = await Promise.all([
    db.courseModule.findMany({
      where: { courseId: course.id },
      orderBy: { position: 'asc' },
      select: { id: true, title: true, position: true, items: { orderBy: { position: 'asc' }, select: { exerciseId: true, position: true, exercise: { select: { title: true, points: true } } } } },
    }),
    db.cohortCourse.findMany({ where: { courseId: course.id, cohort: taughtCohorts(staff) }, orderBy: { createdAt: 'asc' }, select: { cohort: { select: { id: true, name: true } } } }),
  ]);
  return {
    ...course,
    modules: modules.map((m) => ({ id: m.id, title: m.title, position: m.position, items: m.items.map((i) => ({ exerciseId: i.exerciseId, title: i.exercise.title, points: i.exercise.points, position: i.position })) })),
    cohorts: cohorts.map((c) => c.cohort),
  };
}

export async function addModule(db: Db, actor: Actor, courseId: unknown, input: { title: unknown }): Promise<void> {
  const staff = await requireStaff(db, actor);
  const course = await ownCourse(db, staff, courseId);
  const t = parseInput(title('module'), input.title, 'title');
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${`course:${course.id}`}))`;
    const last = await tx.courseModule.aggregate({ where: { courseId: course.id }, _max: { position: true } });
    await tx.courseModule.create({ data: { courseId: course.id, title: t, position: (last._max?.position ?? 0) + 1 } });
  });
}

export async function removeModule(db: Db, actor: Actor, moduleId: unknown): Promise<void> {
  const staff = await requireStaff(db, actor);
  const m = await ownModule(db, staff, moduleId);
  await db.courseModule.delete({ where: { id: m.id } });
}

export async function addItem(db: Db, actor: Actor, moduleId: unknown, exerciseId: unknown): Promise<void> {
  const staff = await requireStaff(db, actor);
  const m = await ownModule(db, staff, moduleId);
  const id = parseInput(z.string({ error: 'Choose an exercise.' }).trim().min(1, 'Choose an exercise.').max(200), exerciseId, 'exerciseId');
  const exercise = await db.exercise.findFirst({ where: { AND: [{ id }, await assignableFilter(db, staff)] }, select: { id: true } });
  if (!exercise) throw new InputError(`There is no exercise "${id}".`, 'exerciseId');
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${`course:${m.courseId}`}))`;
    const inCourse = await tx.courseItem.count({ where: { exerciseId: id, module: { courseId: m.courseId } } });
    if (inCourse > 0) throw new InputError(`${id} is already in this course.`, 'exerciseId');
    const last = await tx.courseItem.aggregate({ where: { moduleId: m.id }, _max: { position: true } });
    await tx.courseItem.create({ data: { moduleId: m.id, exerciseId: id, position: (last._max?.position ?? 0) + 1 } });
  });
}

export async function removeItem(db: Db, actor: Actor, moduleId: unknown, exerciseId: unknown): Promise<void> {
  const staff = await requireStaff(db, actor);
  const m = await ownModule(db, staff, moduleId);
  if (typeof exerciseId !== 'string') throw new InputError('Choose an exercise.');
  await db.courseItem.deleteMany({ where: { moduleId: m.id, exerciseId } });
}

/** Moves an exercise one place up or down within its module. */
export async function moveItem(db: Db, actor: Actor, moduleId: unknown, exerciseId: unknown, direction: unknown): Promise<void> {
  const staff = await requireStaff(db, actor);
  const m = await ownModule(db, staff, moduleId);
  const dir = parseInput(z.enum(['up', 'down'], { error: 'Move up or down.' }), direction);
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${`course:${m.courseId}`}))`;
    const items = await tx.courseItem.findMany({ where: { moduleId: m.id }, orderBy: { position: 'asc' }, select: { exerciseId: true, position: true } });
    const i = items.findIndex((x) => x.exerciseId === exerciseId);
    const j = dir === 'up' ? i - 1 : i + 1;
    if (i < 0 || j < 0 || j >= items.length) return;
    const [a, b] = [items[i], items[j]];
    // through a free position: (moduleId, position) is unique
    const free = items.length + 1;
    await tx.courseItem.update({ where: { moduleId_exerciseId: { moduleId: m.id, exerciseId: a.exerciseId } }, data: { position: free } });
    await tx.courseItem.update({ where: { moduleId_exerciseId: { moduleId: m.id, exerciseId: b.exerciseId } }, data: { position: a.position } });
    await tx.courseItem.update({ where: { moduleId_exerciseId: { moduleId: m.id, exerciseId: a.exerciseId } }, data: { position: b.position } });
  });
}

export async function listOnCohort(db: Db, actor: Actor, courseId: unknown, cohortId: unknown): Promise<void> {
  const staff = await requireStaff(db, actor);
  const course = await ownCourse(db, staff, courseId);
  if (typeof cohortId !== 'string') throw new InputError('Choose a cohort.', 'cohortId');
  const { cohort } = await requireCohort(db, staff, cohortId);
  await db.cohortCourse.upsert({ where: { cohortId_courseId: { cohortId: cohort.id, courseId: course.id } }, create: { cohortId: cohort.id, courseId: course.id }, update: {} });
}

export async function unlistFromCohort(db: Db, actor: Actor, courseId: unknown, cohortId: unknown): Promise<void> {
  const staff = await requireStaff(db, actor);
  const course = await ownCourse(db, staff, courseId);
  if (typeof cohortId !== 'string') throw new InputError('Choose a cohort.', 'cohortId');
  const { cohort } = await requireCohort(db, staff, cohortId);
  await db.cohortCourse.deleteMany({ where: { cohortId: cohort.id, courseId: course.id } });
}

/** The courses listed on a cohort, as the course map shows them: modules of exercises in order. */
export async function listedCourses(db: Db, cohortId: string) {
  return db.course.findMany({
    where: { cohorts: { some: { cohortId } } },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      title: true,
      modules: {
        orderBy: { position: 'asc' },
        select: { title: true, items: { orderBy: { position: 'asc' }, select: { exercise: { select: { id: true, title: true, module: true, order: true, points: true, kind: true } } } } },
      },
    },
  });
}
