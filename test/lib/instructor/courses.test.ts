// Instructors' own courses on a real PostgreSQL: built by their owner only, from exercises the owner
// may assign; listed on a cohort the owner teaches; shown on that cohort's course map after the
// built-in course, and opening authored exercises for that cohort's students.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { syncCatalog } from '../../../lib/catalog-sync.ts';
import { addItem, addModule, createCourse, getCourse, listCourses, listOnCohort, moveItem, removeItem, unlistFromCohort } from '../../../lib/instructor/courses.ts';
import { courseMap } from '../../../lib/course.ts';
import { mayOpen } from '../../../lib/authoring/live.ts';
import { makeCohort, makeUser } from './support.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
  await syncCatalog(t.db);
});
afterAll(() => t?.drop());

describe('own courses', () => {
  it('are built by their owner from assignable exercises, listed on a taught cohort, and shown on its course map', async () => {
    const [owner, other, ada] = [await makeUser(t.db, 'instructor'), await makeUser(t.db, 'instructor'), await makeUser(t.db, 'student', 'Ada')];
    const cohort = await makeCohort(t.db, owner, [ada]);
    const otherCohort = await makeCohort(t.db, other, []);
    // an authored exercise of someone else's, published
    await t.db.authoredExercise.create({ data: { id: 'theirs/norm', ownerId: other.id, draftFiles: {} } });
    await t.db.exercise.create({ data: { id: 'theirs/norm', source: 'authored', contentVersion: 'v', title: 'Their norm', module: 'theirs', moduleOrder: 100, order: 1, points: 10 } });

    const id = await createCourse(t.db, owner, { title: 'Normalisation' });
    await expect(createCourse(t.db, owner, { title: '  ' })).rejects.toThrow(/title/);
    await addModule(t.db, owner, id, { title: 'Layers' });
    const [m] = (await getCourse(t.db, owner, id)).modules;
    await addItem(t.db, owner, m.id, 'transformer/layer-norm');
    await addItem(t.db, owner, m.id, 'foundations/softmax');
    await expect(addItem(t.db, owner, m.id, 'foundations/softmax')).rejects.toThrow(/already in this course/);
    await expect(addItem(t.db, owner, m.id, 'theirs/norm')).rejects.toThrow(/There is no exercise "theirs\/norm"/);
    await moveItem(t.db, owner, m.id, 'foundations/softmax', 'up');
    expect((await getCourse(t.db, owner, id)).modules[0].items.map((i) => i.exerciseId)).toEqual(['foundations/softmax', 'transformer/layer-norm']);

    // nobody else reaches it
    await expect(getCourse(t.db, other, id)).rejects.toThrow(/^Not found/);
    await expect(addModule(t.db, other, id, { title: 'x' })).rejects.toThrow(/^Not found/);
    expect(await listCourses(t.db, other)).toEqual([]);
    await expect(listOnCohort(t.db, owner, id, otherCohort.id)).rejects.toThrow(/^Not found/);

    await listOnCohort(t.db, owner, id, cohort.id);
    const map = await courseMap(t.db, { userId: ada.id, cohortId: cohort.id });
    const last = map.modules[map.modules.length - 1];
    expect(last).toMatchObject({ title: 'Normalisation: Layers', number: 9 });
    expect(last.exercises.map((e) => e.id)).toEqual(['foundations/softmax', 'transformer/layer-norm']);
    expect((await courseMap(t.db, { userId: ada.id, cohortId: null })).modules).toHaveLength(8); // practice: the built-in course only

    // an authored exercise in a listed course opens for the cohort's students
    await t.db.authoredExercise.create({ data: { id: 'mine/norm', ownerId: owner.id, draftFiles: {} } });
    await t.db.exercise.create({ data: { id: 'mine/norm', source: 'authored', contentVersion: 'v', title: 'My norm', module: 'mine', moduleOrder: 100, order: 1, points: 10 } });
    expect(await mayOpen(t.db, ada, 'mine/norm')).toBe(false);
    await addItem(t.db, owner, m.id, 'mine/norm');
    expect(await mayOpen(t.db, ada, 'mine/norm')).toBe(true);
    await removeItem(t.db, owner, m.id, 'mine/norm');
    expect(await mayOpen(t.db, ada, 'mine/norm')).toBe(false);

    await unlistFromCohort(t.db, owner, id, cohort.id);
    expect((await courseMap(t.db, { userId: ada.id, cohortId: cohort.id })).modules).toHaveLength(8);
  });
});
