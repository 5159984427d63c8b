// Extracts real projects' SQLite migration histories from fetched git mirrors into one directory per
// project: NNNN__<source-name>.sql files, in the order the application applies them, each starting
// with a header naming the project, its license and the source path. Local tooling (needs the
// mirrors); the offline test reads the vendored copies under test/histories/<project>/.
//   node test/histories/extract.mjs <outDir> [project...]
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const mirror = (r) => `/work/.mirror/${r}/repo`;
const git = (repo, ...args) => execFileSync('git', ['-C', mirror(repo), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
const ls = (repo, rev, dir) => git(repo, 'ls-tree', '-r', '--name-only', rev, dir).split('\n').filter(Boolean);
const show = (repo, rev, path) => git(repo, 'show', `${rev}:${path}`);
const head = (repo) => git(repo, 'rev-parse', 'HEAD').trim();

const semver = (v) => v.split('.').map(Number);
const bySemver = (a, b) => { const x = semver(a), y = semver(b); for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0); return 0; };

/** Synapse: the full schema `full` (main, state, common as present) then the .sql/.sql.sqlite deltas of versions from..to, by version then file name. */
function synapse(at, full, from, to) {
  return { repo: 'element-hq+synapse', license: 'Apache-2.0', list() {
    const rev = git(this.repo, 'rev-parse', at).trim();
    const base = 'synapse/storage/schema';
    const out = ['main', 'state', 'common'].flatMap((d) => ls(this.repo, rev, `${base}/${d}/full_schemas/${full}`).filter((p) => /full\.sql(\.sqlite)?$|\.sql$/.test(p) && !/postgres/.test(p)))
      .map((p) => ({ path: p, rev, name: `${full}__${p.split('/')[3]}_${p.split('/').at(-1).replace(/\.sql(\.sqlite)?$/, '')}` }));
    const deltas = ['main', 'state', 'common'].flatMap((d) => ls(this.repo, rev, `${base}/${d}/delta`))
      .filter((p) => /\.sql(\.sqlite)?$/.test(p))
      .map((p) => ({ p, v: Number(p.split('/').at(-2)), f: p.split('/').at(-1) }))
      .filter((x) => x.v >= from && x.v <= to);
    deltas.sort((a, b) => a.v - b.v || (a.f < b.f ? -1 : a.f > b.f ? 1 : 0));
    return [...out, ...deltas.map((x) => ({ path: x.p, rev, name: `${x.v}__${x.f.replace(/\.sql(\.sqlite)?$/, '')}` }))];
  } };
}

const projects = {
  memos: { repo: 'usememos+memos', license: 'MIT', list() {
    const rev = head(this.repo);
    // The 0.1 schema: LATEST__SCHEMA.sql just before the first migration (0.2) was added.
    const first = { path: 'store/db/migration/LATEST__SCHEMA.sql', rev: 'bdc9632b5^', name: '0.1__initial' };
    const files = ls(this.repo, rev, 'store/migration/sqlite').filter((p) => /\/\d+\.\d+\/[^/]+\.sql$/.test(p));
    files.sort((a, b) => { const va = a.split('/').at(-2), vb = b.split('/').at(-2); return bySemver(va, vb) || (a < b ? -1 : 1); });
    return [first, ...files.map((p) => ({ path: p, rev, name: `${p.split('/').at(-2)}__${p.split('/').at(-1).replace(/\.sql$/, '')}` }))];
  } },
  atuin: { repo: 'atuinsh+atuin', license: 'MIT', list() {
    const rev = head(this.repo);
    return ls(this.repo, rev, 'crates/atuin-client/migrations').filter((p) => p.endsWith('.sql')).sort().map((p) => ({ path: p, rev, name: p.split('/').at(-1).replace(/\.sql$/, '') }));
  } },
  'atuin-server': { repo: 'atuinsh+atuin', license: 'MIT', list() {
    const rev = head(this.repo);
    return ls(this.repo, rev, 'crates/atuin-server-sqlite/migrations').filter((p) => p.endsWith('.sql')).sort().map((p) => ({ path: p, rev, name: p.split('/').at(-1).replace(/\.sql$/, '') }));
  } },
  shiori: { repo: 'go-shiori+shiori', license: 'MIT', list() {
    const rev = head(this.repo);
    return ls(this.repo, rev, 'internal/database/migrations/sqlite').filter((p) => p.endsWith('.up.sql')).sort().map((p) => ({ path: p, rev, name: p.split('/').at(-1).replace(/\.up\.sql$/, '') }));
  } },
  synapse: synapse('HEAD', 72, 73, Infinity),
  // Before the old full schemas were removed (d199b84006): schema 54 and the deltas up to 72.
  'synapse-54': synapse('d199b84006^', 54, 55, 72),
  'synapse-16': synapse('d199b84006^', 16, 17, 54),
  vaultwarden: { repo: 'dani-garcia+vaultwarden', license: 'AGPL-3.0 (local analysis only: never vendored)', list() {
    const rev = head(this.repo);
    return ls(this.repo, rev, 'migrations/sqlite').filter((p) => p.endsWith('/up.sql')).sort().map((p) => ({ path: p, rev, name: p.split('/').at(-2) }));
  } },
};

export function extract(project, outDir) {
  const p = projects[project];
  const dir = join(outDir, project);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const github = p.repo.replace('+', '/');
  p.list().forEach((f, i) => {
    const text = show(p.repo, f.rev, f.path);
    const rev = git(p.repo, 'rev-parse', '--short=12', f.rev).trim();
    const header = `-- ${github} (${p.license}) ${f.path} @ ${rev}\n`;
    writeFileSync(join(dir, `${String(i + 1).padStart(4, '0')}__${f.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.sql`), header + text);
  });
}

if (process.argv[1] && process.argv[1].endsWith('extract.mjs')) {
  const [outDir, ...names] = process.argv.slice(2);
  for (const n of names.length ? names : Object.keys(projects)) extract(n, outDir);
}
