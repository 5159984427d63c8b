// The reference for benchmark (a): the same rebuild of `logs` written by hand, following the
// 12-step procedure of sqlite.org/lang_altertable.html ("Making Other Kinds Of Table Schema Changes"),
// run directly through better-sqlite3. It does exactly the data work liteform's plan does
// (one INSERT … SELECT inside SQLite, IFNULL for the column that becomes NOT NULL DEFAULT 'info'),
// and none of liteform's bookkeeping (loading the desired file, introspection, planning,
// verification, the history row).

export const handwrittenSteps = [
  // 1. FK enforcement off (a no-op inside a transaction, so before BEGIN).
  'PRAGMA foreign_keys = OFF',
  // 2. One transaction for the whole change.
  'BEGIN IMMEDIATE',
  // 4. The new table, under a temporary name, in its desired shape.
  "CREATE TABLE logs_new (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, level TEXT NOT NULL DEFAULT 'info', msg TEXT)",
  // 5. Copy every row (the `extra` column is dropped).
  "INSERT INTO logs_new (id, ts, level, msg) SELECT id, ts, IFNULL(level, 'info'), msg FROM logs",
  // 6. Drop the old table.
  'DROP TABLE logs',
  // 7. Give the new table its name.
  'ALTER TABLE logs_new RENAME TO logs',
  // 8. Recreate the index.
  'CREATE INDEX logs_ts ON logs(ts)',
];

/** Runs the hand-written rebuild on the database file at `path`. */
export function handwrittenRebuild(Database, path) {
  const db = new Database(path);
  try {
    for (const sql of handwrittenSteps) db.exec(sql);
    // 10. foreign_key_check before COMMIT.
    const violations = db.prepare('PRAGMA foreign_key_check').all();
    if (violations.length > 0) throw new Error(`foreign_key_check: ${violations.length} violations`);
    // 11. Commit; 12. FK enforcement back on.
    db.exec('COMMIT');
    db.exec('PRAGMA foreign_keys = ON');
  } finally {
    db.close();
  }
}
