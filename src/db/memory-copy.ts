/** An in-memory copy of a database: somewhere to run the real procedure for a dry run without touching the file. */
import Database from 'better-sqlite3';
import { registerAppFunctions } from './app-functions.js';

/**
 * Copies the database (schema and rows, one consistent snapshot) into memory. A dry run that executes the
 * real steps on the copy reports exactly what the real run would do — including the data errors and the
 * state each later step starts from — at the price of holding the database in memory for the run.
 */
export function copyIntoMemory(db: Database.Database): Database.Database {
  const image = db.serialize();
  // Header bytes 18-19 say "WAL" for a WAL database; an in-memory database cannot use a -wal file,
  // and refuses to open an image that asks for one. The copy uses a rollback journal instead.
  if (image.length >= 20) {
    image[18] = 1;
    image[19] = 1;
  }
  const copy = new Database(image);
  registerAppFunctions(copy);
  return copy;
}
