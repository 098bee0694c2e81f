// Mirrors the exercise catalog and the question bank (the files under exercises/) into the Exercise
// table, recording each new content version so instructors can see which submissions were graded
// on an old one.
import type { Db } from './db.ts';
import { listExercises } from '../exercises/catalog.ts';
import { exerciseVersion } from '../exercises/files.ts';
import { MODULES, type ModuleId } from '../exercises/types.ts';
import { listQuestions } from '../exercises/questions.ts';
import { questionVersion } from '../exercises/question-files.ts';
import { questionPoints } from '../exercises/question-variant.ts';
import type { ItemKind } from './generated/prisma/client.ts';

export interface SyncReport {
  total: number;
  added: string[];
  changed: string[];
}

export async function syncCatalog(db: Db): Promise<SyncReport> {
  const report: SyncReport = { total: 0, added: [], changed: [] };
  const existing = new Map((await db.exercise.findMany({ select: { id: true, contentVersion: true } })).map((e) => [e.id, e.contentVersion]));
  const items: { id: string; kind: ItemKind; title: string; module: ModuleId; order: number; points: number; contentVersion: string }[] = [
    ...listExercises().map((ex) => ({ id: ex.id, kind: 'code' as const, title: ex.title, module: ex.module, order: ex.order, points: ex.points, contentVersion: exerciseVersion(ex.id) })),
    ...listQuestions().map((q) => ({ id: q.id, kind: 'question' as const, title: q.title, module: q.module, order: q.order, points: questionPoints(q), contentVersion: questionVersion(q.id) })),
  ];
  for (const ex of items) {
    report.total += 1;
    const { contentVersion } = ex;
    const before = existing.get(ex.id);
    if (before === undefined) report.added.push(ex.id);
    else if (before !== contentVersion) report.changed.push(ex.id);
    const data = {
      kind: ex.kind,
      contentVersion,
      title: ex.title,
      module: ex.module,
      moduleOrder: MODULES.indexOf(ex.module) + 1,
      order: ex.order,
      points: ex.points,
      syncedAt: new Date(),
    };
    await db.$transaction([
      db.exercise.upsert({ where: { id: ex.id }, create: { id: ex.id, ...data }, update: data }),
      db.exerciseVersion.upsert({
        where: { exerciseId_contentVersion: { exerciseId: ex.id, contentVersion } },
        create: { exerciseId: ex.id, contentVersion },
        update: {},
      }),
    ]);
  }
  return report;
}
