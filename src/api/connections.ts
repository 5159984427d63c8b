/** What the CLI may learn about connections without reaching src/db: each open, for --verbose. */
export { onDatabaseOpened, type OpenedDatabase } from '../db/open-database.js';
