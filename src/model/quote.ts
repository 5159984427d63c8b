/** Every identifier liteform writes is quoted, so names with quotes, spaces, unicode or keywords all work. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
