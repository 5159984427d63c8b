/**
 * The document as CREATE statements, in an order SQLite can run them in: tables, then virtual tables,
 * indexes, views and triggers — each kind can only depend on the kinds before it.
 */
import { quoteIdent } from '../model/quote.js';
import { renderTable, type NumberSource } from './yaml-render-table.js';
import type { Fragment, RenderedStatement } from './yaml-rendered-statement.js';
import type { YamlIndex, YamlIndexPart, YamlSchema, YamlView } from './yaml-schema.js';
import { tablePath } from './yaml-table.js';
import { embedSql } from '../model/embed-sql.js';
import { statementSql, viewSql, type WrittenSql } from './yaml-written-sql.js';

function indexPartSql(p: YamlIndexPart): string {
  if (typeof p === 'string') return quoteIdent(p);
  const head = 'expr' in p ? embedSql(p.expr) : quoteIdent(p.column);
  return `${head}${p.collate === undefined ? '' : ` COLLATE ${quoteIdent(p.collate)}`}${p.desc === true ? ' DESC' : ''}`;
}

function renderIndex(tableName: string, indexName: string, idx: YamlIndex, tableSql: string): RenderedStatement {
  const base = [...tablePath(tableName), 'indexes', indexName];
  const parts: Fragment[] = idx.columns.map((p, i) => ({ sql: indexPartSql(p), at: { path: [...base, 'columns', i] } }));
  const where: Fragment | null = idx.where === undefined ? null : { sql: `WHERE ${embedSql(idx.where)}`, at: { path: [...base, 'where'] } };
  const head = `CREATE ${idx.unique === true ? 'UNIQUE ' : ''}INDEX ${quoteIdent(indexName)} ON ${quoteIdent(tableName)}`;
  const build = (keep: number): string =>
    `${head} (${parts.slice(0, keep).map((f) => f.sql).join(', ')})${where !== null && keep > parts.length ? ` ${where.sql}` : ''}`;
  const fragments = where === null ? parts : [...parts, where];
  return { label: `index ${indexName}`, at: { path: base, onKey: true }, sql: build(fragments.length), fragments, build, requires: [tableSql] };
}

/** A statement written whole in the file: an error in it can only be blamed on the whole. */
function renderVerbatim(label: string, { sql, path }: WrittenSql): RenderedStatement {
  return { label, at: { path }, sql, fragments: [], build: () => sql, requires: [] };
}

function renderView(name: string, v: YamlView): RenderedStatement {
  const view = viewSql(name, v);
  return renderVerbatim(`view ${name}`, view.whole ? view : { sql: `CREATE VIEW ${quoteIdent(name)} AS ${view.sql}`, path: view.path });
}

export function renderStatements(doc: YamlSchema, numberSource: NumberSource): RenderedStatement[] {
  const tables = Object.entries(doc.tables ?? {}).map(([name, t]) => ({ name, t, statement: renderTable(name, t, numberSource) }));
  return [
    ...tables.map((x) => x.statement),
    ...Object.entries(doc.virtualTables ?? {}).map(([name, v]) => renderVerbatim(`virtual table ${name}`, statementSql(['virtualTables', name], v))),
    ...tables.flatMap((x) => Object.entries(x.t.indexes ?? {}).map(([idx, def]) => renderIndex(x.name, idx, def, x.statement.sql))),
    ...Object.entries(doc.views ?? {}).map(([name, v]) => renderView(name, v)),
    ...Object.entries(doc.triggers ?? {}).map(([name, t]) => renderVerbatim(`trigger ${name}`, statementSql(['triggers', name], t))),
  ];
}
