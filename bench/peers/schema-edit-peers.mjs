// Benchmark (g)'s peers: the same change to `items` (name loses NOT NULL, qty's DEFAULT 0 → 1) on the
// same 1,000,000 rows, each tool run as its users run it, in child processes:
//  - sqlite-auto-migrator: `sam make` (diffs the schema file against its migrations directory, writes
//    0001_….mjs) then `sam migrate` (copies the table, integrity_check, foreign_key_check, VACUUM);
//  - Alembic: `python3 -m alembic upgrade head` over a revision using op.batch_alter_table (copy and move).
// Each returns contenders for bench/schema-edit.mjs's timing loop; a contender's run throws PeerFailed when
// the tool fails or leaves the table wrong (rows lost, schema not the desired one), so it is reported as a
// failure and not timed as a success.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { alembicDriver, findPeers, runPython, runSam, samProject } from './peers.mjs';

export class PeerFailed extends Error {}

/**
 * @param {{ dir: string, work: string, plainTemplate: string, rows: number, current: string, desired: string,
 *           seedRows: (rows: number) => string, check: (path: string) => string[] }} o
 *   plainTemplate: the seeded file (no migration history); check(path) lists what is wrong with `items`.
 */
export function schemaEditPeers({ dir, work, plainTemplate, rows, current, desired, seedRows, check }) {
  const { sam, alembic } = findPeers();
  const contenders = [];
  const fail = (who, what, output = '') => {
    throw new PeerFailed(`${who}: ${what}${output ? ` (${output.split('\n').filter(Boolean).slice(-3).join(' / ').slice(0, 300)})` : ''}`);
  };
  const verify = (who) => {
    const problems = check(work);
    if (problems.length > 0) fail(who, `wrong result: ${problems.join('; ')}`);
  };

  if (sam.available) {
    // Its own history: the first migration generated from the current schema and applied by `sam migrate`,
    // then the same rows as liteform's file.
    const project = join(dir, 'sam');
    const files = { current: join(project, 'current.sql'), desired: join(project, 'desired.sql'), m1: join(project, 'migrations-v1'), migrations: join(project, 'migrations'), template: join(project, 'seeded.db') };
    mkdirSync(project);
    samProject(sam, project);
    writeFileSync(files.current, `${current}\n`);
    writeFileSync(files.desired, `${desired}\n`);
    const make1 = runSam(sam, project, 'make', { schema: files.current, db: files.template, migrations: files.m1 });
    const migrate1 = make1.ok && runSam(sam, project, 'migrate', { schema: files.current, db: files.template, migrations: files.m1 });
    if (!make1.ok || !migrate1.ok) {
      contenders.push({ key: 'sam', failedSetup: `sqlite-auto-migrator could not create the starting database: ${(make1.ok ? migrate1 : make1).output.slice(-300)}` });
    } else {
      const db = new Database(files.template);
      try {
        db.exec(seedRows(rows));
      } finally {
        db.close();
      }
      contenders.push({
        key: 'sam',
        rows,
        template: files.template,
        warm: false,
        fn: () => {
          rmSync(files.migrations, { recursive: true, force: true });
          cpSync(files.m1, files.migrations, { recursive: true });
          const paths = { schema: files.desired, db: work, migrations: files.migrations };
          const make = runSam(sam, project, 'make', paths);
          if (!make.ok) fail('sqlite-auto-migrator make', 'failed', make.output);
          const migrate = runSam(sam, project, 'migrate', paths);
          if (!migrate.ok) fail('sqlite-auto-migrator migrate', 'failed', migrate.output);
          verify('sqlite-auto-migrator');
          return { make: make.ms, migrate: migrate.ms };
        },
      });
    }
  }

  if (alembic.available) {
    const env = join(dir, 'alembic');
    const setup = runPython(alembic, [alembicDriver, 'setup', env]);
    if (!setup.ok) {
      contenders.push({ key: 'alembic', failedSetup: `the Alembic environment could not be written: ${setup.output.slice(-300)}` });
    } else {
      contenders.push({
        key: 'alembic',
        rows,
        template: plainTemplate,
        warm: false,
        fn: () => {
          const up = runPython(alembic, ['-m', 'alembic', '-c', join(env, 'alembic.ini'), 'upgrade', 'head'], { cwd: dir, env: { LITEFORM_ALEMBIC_DB: work } });
          if (!up.ok) fail('Alembic upgrade', 'failed', up.output);
          verify('Alembic');
          return { upgrade: up.ms };
        },
      });
    }
  }
  return { sam, alembic, contenders };
}
