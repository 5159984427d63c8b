/**
 * Whether a migration file needs foreign-key enforcement off around its transaction, seen from its
 * statements rather than from its header: with enforcement on, `DROP TABLE parent` deletes the
 * parent's rows first and fires ON DELETE CASCADE / SET NULL / SET DEFAULT on every child, which is
 * how a rebuild file whose `-- liteform:foreign-keys off` line was deleted wipes child tables.
 */
import type { SchemaModel } from '../model/schema-model.js';
import { foldName } from '../model/normalize.js';
import type { SqlStatement } from '../model/split-statements.js';
import { identifierOf, isKeyword, type Token } from '../model/sql-tokens.js';

export interface DroppedParent {
  readonly table: string;
  readonly line: number;
  readonly col: number;
}

const isName = (t: Token | undefined): t is Token => t !== undefined && (t.kind === 'word' || t.kind === 'quoted' || t.kind === 'string');
const isDot = (t: Token | undefined): boolean => t !== undefined && t.kind === 'op' && t.text === '.';

/** The name at i, skipping a `schema.` prefix; [name, index after it]. */
function nameAt(code: readonly Token[], i: number): [string, number] | null {
  if (isName(code[i]) && isDot(code[i + 1]) && isName(code[i + 2])) return [identifierOf(code[i + 2]!), i + 3];
  return isName(code[i]) ? [identifierOf(code[i]!), i + 1] : null;
}

const codeOf = (st: SqlStatement): Token[] => st.tokens.filter((t) => t.kind !== 'comment');
const isDropTable = (code: readonly Token[]): boolean => isKeyword(code[0], 'DROP') && isKeyword(code[1], 'TABLE');

/**
 * Tables the file drops while a foreign key references them: in the schema before the file, or in a
 * table the file itself creates; a table renamed away keeps its children (SQLite rewrites their
 * REFERENCES), so the new name counts too. `before` is asked for only when the file drops a table
 * (apply replays the directory to know it).
 */
export function droppedParents(statements: readonly SqlStatement[], before: SchemaModel | (() => SchemaModel)): DroppedParent[] {
  const codes = statements.map(codeOf);
  if (!codes.some(isDropTable)) return [];
  const referenced = new Set<string>();
  for (const t of (typeof before === 'function' ? before() : before).tables) for (const fk of t.foreignKeys) referenced.add(foldName(fk.refTable));
  const out: DroppedParent[] = [];
  statements.forEach((st, index) => {
    const code = codes[index]!;
    code.forEach((t, i) => {
      if (isKeyword(t, 'REFERENCES')) {
        const n = nameAt(code, i + 1);
        if (n) referenced.add(foldName(n[0]));
      }
    });
    if (isKeyword(code[0], 'ALTER') && isKeyword(code[1], 'TABLE')) {
      const from = nameAt(code, 2);
      if (from && isKeyword(code[from[1]], 'RENAME') && isKeyword(code[from[1] + 1], 'TO')) {
        const to = nameAt(code, from[1] + 2);
        if (to && referenced.has(foldName(from[0]))) referenced.add(foldName(to[0]));
      }
    }
    if (isDropTable(code)) {
      const n = nameAt(code, isKeyword(code[2], 'IF') && isKeyword(code[3], 'EXISTS') ? 4 : 2);
      if (n && referenced.has(foldName(n[0]))) out.push({ table: n[0], line: st.line, col: st.col });
    }
  });
  return out;
}
