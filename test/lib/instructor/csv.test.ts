// The gradebook CSV, byte for byte: BOM, header, one row per student in a stable order, RFC 4180
// quoting, formulas defused, streamed in batches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { createAssignments, grantExtension } from '../../../lib/instructor/assignments.ts';
import { contentDisposition, csvField, csvFilename, gradebookCsv } from '../../../lib/instructor/csv.ts';
import { at, DAY, DUE, HOUR, makeCohort, makeUser, seedExercises, submit, T0 } from './support.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
  await seedExercises(t.db);
});
afterAll(async () => {
  await t?.drop();
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ bytes: Uint8Array; chunks: number }> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    bytes.set(p, o);
    o += p.length;
  }
  return { bytes, chunks: parts.length };
}

describe('csvField', () => {
  it('leaves plain text and numbers alone', () => {
    expect([csvField('Ada'), csvField(7.5), csvField(0), csvField(null), csvField(undefined), csvField(NaN)]).toEqual(['Ada', '7.5', '0', '', '', '']);
  });
  it('quotes fields with commas, quotes or line breaks, doubling quotes', () => {
    expect(csvField('Lovelace, Ada')).toBe('"Lovelace, Ada"');
    expect(csvField('Ada "Countess" L')).toBe('"Ada ""Countess"" L"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });
  it('defuses text a spreadsheet would run as a formula', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(csvField)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", `"'\rx"`]);
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });
});

describe('file name', () => {
  it('is a slug of the cohort and the date, with a UTF-8 name beside the ASCII one', () => {
    expect(csvFilename('Spring 2026: Attention!', new Date('2026-03-10T12:00:00Z'))).toBe('gradebook-spring-2026-attention-2026-03-10.csv');
    expect(csvFilename('***', new Date('2026-03-10T12:00:00Z'))).toBe('gradebook-cohort-2026-03-10.csv');
    expect(contentDisposition('gradebook-é.csv')).toBe(`attachment; filename="gradebook-_.csv"; filename*=UTF-8''gradebook-%C3%A9.csv`);
  });
});

describe('gradebookCsv', () => {
  it('streams exactly the gradebook: BOM, header, a row per student by email, total', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    const mk = (email: string, name: string | null) => t.db.user.create({ data: { email, name, role: 'student' } });
    const ada = await mk('ada@csv.test', 'Lovelace, Ada');
    const bob = await mk('bob@csv.test', '=HYPERLINK("http://evil.test","click")');
    const cy = await mk('cy@csv.test', 'Çelik "Cy" Ünal');
    const dee = await mk('dee@csv.test', null);
    const cohort = await makeCohort(t.db, teacher, [dee, cy, bob, ada], 'CSV cohort');
    const settings = { opensAt: T0, dueAt: DUE, latePolicy: 'penalty', latePenaltyPerDay: 10, latePenaltyCap: 50 };
    await createAssignments(t.db, teacher, cohort.id, { target: 'attention/masks', ...settings });
    const [dot] = (await createAssignments(t.db, teacher, cohort.id, { target: 'foundations/dot-product', ...settings })).created;

    await submit(t.db, ada, 'attention/masks', at(T0, HOUR), { passed: 3 }); // 7.5
    await submit(t.db, ada, 'foundations/dot-product', at(DUE, 2 * DAY), { passed: 4, points: 5 }); // 5 less 20 %: 4
    await submit(t.db, bob, 'foundations/dot-product', at(T0, HOUR), { passed: 1, total: 3, points: 5 }); // 1.67
    await submit(t.db, cy, 'attention/masks', at(DUE, HOUR), { passed: 4 }); // 10 less 10 %: 9
    await grantExtension(t.db, teacher, dot.id, dee.id, at(DUE, 5 * DAY));
    await submit(t.db, dee, 'foundations/dot-product', at(DUE, 4 * DAY), { passed: 4, points: 5 }); // on time for dee: 5

    const { filename, stream } = await gradebookCsv(t.db, teacher, cohort.id, { batchSize: 3, now: new Date('2026-03-20T08:00:00Z') });
    expect(filename).toBe('gradebook-csv-cohort-2026-03-20.csv');
    const { bytes, chunks } = await readAll(stream);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the UTF-8 BOM
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(
      '\uFEFF' +
        'Student,Email,foundations/dot-product,attention/masks,Total\r\n' +
        '"Lovelace, Ada",ada@csv.test,4.00,7.50,11.50\r\n' +
        `"'=HYPERLINK(""http://evil.test"",""click"")",bob@csv.test,1.67,,1.67\r\n` +
        '"Çelik ""Cy"" Ünal",cy@csv.test,,9.00,9.00\r\n' +
        ',dee@csv.test,5.00,,5.00\r\n',
    );
    expect(chunks).toBe(3); // header, then students in batches of 3: [ada, bob, cy], [dee]
  });

  it('keeps the column order stable and writes only the header for a cohort without students', async () => {
    const teacher = await makeUser(t.db, 'instructor');
    const cohort = await makeCohort(t.db, teacher, [], 'Empty');
    for (const target of ['attention/masks', 'foundations/softmax', 'attention/scores', 'foundations/dot-product']) {
      await createAssignments(t.db, teacher, cohort.id, { target, opensAt: T0, dueAt: DUE, latePolicy: 'accept' });
    }
    const { bytes } = await readAll((await gradebookCsv(t.db, teacher, cohort.id)).stream);
    expect(new TextDecoder().decode(bytes)).toBe('Student,Email,foundations/dot-product,foundations/softmax,attention/scores,attention/masks,Total\r\n');
    const only = await readAll((await gradebookCsv(t.db, teacher, cohort.id, { module: 'attention' })).stream);
    expect(new TextDecoder().decode(only.bytes)).toBe('Student,Email,attention/scores,attention/masks,Total\r\n');
  });
});
