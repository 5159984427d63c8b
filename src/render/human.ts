/** The terraform-style plan a reviewer reads in seconds. Colour is the caller's choice (TTY only). */
import type { Change, TableChange } from '../diff/change.js';
import { assertNever } from '../diff/change.js';
import type { Plan } from '../plan/plan.js';
import type { ForeignKey } from '../model/schema-model.js';
import { describeColumn, describeColumnChange, describeColumnIn, describeIndex, describeKey, keyNames } from '../plan/describe.js';
import { summaryLine } from './summary.js';
import { plainStyle, type Style } from './style.js';
import { referenceText } from '../model/reference-text.js';

export { colorStyle, plainStyle, type Style } from './style.js';

/** A change of DEFERRABLE alone is a drop and an add of the same key: say which one is deferred. */
function deferred(fk: ForeignKey): string {
  return fk.deferrable === 'DEFERRABLE INITIALLY DEFERRED' ? ' DEFERRABLE INITIALLY DEFERRED' : '';
}

function tableLines(tc: TableChange, st: Style): string {
  switch (tc.kind) {
    case 'AddColumn': return st.add(`+ column ${tc.column.name}: ${describeColumn(tc.column)}${tc.backfill === undefined ? '' : ` (existing rows: ${tc.backfill})`}`);
    case 'DropColumn': return st.remove(`- column ${tc.column.name}: ${describeColumn(tc.column)}`);
    case 'RenameColumn': return st.change(`→ column ${tc.from} → ${tc.to}`);
    case 'ModifyColumn': return st.change(`~ column ${describeColumnChange(tc.from, tc.to, tc.what)}`);
    case 'ReorderColumns': return st.change(`~ column order: ${tc.from.join(', ')} → ${tc.to.join(', ')}`);
    case 'ModifyPrimaryKey': return st.change(`~ primary key: ${describeKey(tc.from)} → ${describeKey(tc.to)}`);
    case 'AddUnique': return st.add(`+ unique (${keyNames(tc.unique.columns)})`);
    case 'DropUnique': return st.remove(`- unique (${keyNames(tc.unique.columns)})`);
    case 'AddCheck': return st.add(`+ check${tc.check.name ? ` ${tc.check.name}` : ''} (${tc.check.expr})`);
    case 'DropCheck': return st.remove(`- check${tc.check.name ? ` ${tc.check.name}` : ''} (${tc.check.expr})`);
    case 'AddForeignKey': return st.add(`+ foreign key (${tc.foreignKey.columns.join(', ')}) → ${referenceText(tc.foreignKey)}${tc.foreignKey.onDelete !== 'NO ACTION' ? ` ON DELETE ${tc.foreignKey.onDelete}` : ''}${deferred(tc.foreignKey)}`);
    case 'DropForeignKey': return st.remove(`- foreign key (${tc.foreignKey.columns.join(', ')}) → ${referenceText(tc.foreignKey)}${deferred(tc.foreignKey)}`);
    case 'AddIndex': return st.add(`+ index ${describeIndex(tc.index)}`);
    case 'DropIndex': return st.remove(`- index ${describeIndex(tc.index)}`);
    case 'ModifyStrict': return st.change(`~ STRICT: ${!tc.to} → ${tc.to}`);
    case 'ModifyWithoutRowid': return st.change(`~ WITHOUT ROWID: ${!tc.to} → ${tc.to}`);
    default: return assertNever(tc);
  }
}

function changeLines(c: Change, st: Style, rebuildReasons: readonly string[] | undefined): string[] {
  switch (c.kind) {
    case 'AddTable':
      return [
        st.add(`+ table ${c.table.name}${c.table.strict ? ' STRICT' : ''}${c.table.withoutRowid ? ' WITHOUT ROWID' : ''}`),
        ...c.table.columns.map((col) => st.add(`    + column ${col.name}: ${describeColumnIn(col, c.table)}`)),
        ...(c.table.primaryKey && c.table.primaryKey.columns.length > 1 ? [st.add(`    + primary key ${describeKey(c.table.primaryKey)}`)] : []),
        ...c.table.uniques.filter((u) => u.columns.length > 1 || u.columns[0]!.collate !== null).map((u) => st.add(`    + unique (${keyNames(u.columns)})`)),
        ...c.table.checks.map((k) => st.add(`    + check${k.name ? ` ${k.name}` : ''} (${k.expr})`)),
        ...c.table.foreignKeys.filter((f) => f.columns.length > 1).map((f) => st.add(`    + foreign key (${f.columns.join(', ')}) → ${referenceText(f)}`)),
        ...c.table.indexes.map((i) => st.add(`    + index ${describeIndex(i)}`)),
      ];
    case 'DropTable': return [st.remove(`- table ${c.table.name}`)];
    case 'RenameTable': return [st.change(`→ table ${c.from} → ${c.to}`)];
    case 'ModifyTable': {
      const head = st.change(`~ table ${c.name}`) + (rebuildReasons ? st.dim(`  (rebuild)`) : st.dim('  (in place)'));
      return [head, ...c.changes.map((tc) => `    ${tableLines(tc, st)}`)];
    }
    case 'AddView': return [st.add(`+ view ${c.view.name}`)];
    case 'DropView': return [st.remove(`- view ${c.view.name}`)];
    case 'ModifyView': return [st.change(`~ view ${c.to.name}`)];
    case 'AddTrigger': return [st.add(`+ trigger ${c.trigger.name} on ${c.trigger.table}`)];
    case 'DropTrigger': return [st.remove(`- trigger ${c.trigger.name} on ${c.trigger.table}`)];
    case 'ModifyTrigger': return [st.change(`~ trigger ${c.to.name} on ${c.to.table}`)];
    case 'AddVirtualTable': return [st.add(`+ virtual table ${c.table.name}`)];
    case 'DropVirtualTable': return [st.remove(`- virtual table ${c.table.name}`)];
    case 'ModifyVirtualTable': return [st.change(`~ virtual table ${c.to.name}`)];
    default: return assertNever(c);
  }
}

export function renderHuman(plan: Plan, st: Style = plainStyle): string {
  if (plan.changes.length === 0) return 'No changes. The database matches the desired state.\n';
  const out: string[] = ['liteform will make these changes:', ''];
  plan.changes.forEach((c, i) => {
    const rb = plan.rebuilds.find((r) => r.change === i);
    out.push(...changeLines(c, st, rb?.reasons).map((l) => `  ${l}`));
  });
  if (plan.rebuilds.length > 0) {
    out.push('');
    for (const r of plan.rebuilds) out.push(`  ${st.bold('rebuild:')} ${r.table} (${r.reasons.join('; ')})`);
  }
  if ((plan.schemaEdits ?? []).length > 0) {
    out.push('');
    for (const r of plan.schemaEdits ?? []) out.push(`  ${st.bold('edit in place:')} ${r.table} (${r.reasons.join('; ')}; no row copied: writable_schema)`);
  }
  const destructive = plan.warnings.filter((w) => w.level === 'destructive');
  const data = plan.warnings.filter((w) => w.level === 'data-dependent');
  if (destructive.length + data.length > 0) out.push('');
  for (const w of destructive) out.push(`  ${st.warn(`! destructive [${w.code}]:`)} ${w.message}`);
  for (const w of data) out.push(`  ${st.warn(`! data-dependent [${w.code}]:`)} ${w.message}`);
  out.push('', st.bold(summaryLine(plan)));
  if (destructive.length > 0) out.push(st.warn('Destructive changes need --allow-destructive to apply.'));
  return `${out.join('\n')}\n`;
}
