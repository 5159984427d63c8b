#!/usr/bin/env node
/**
 * The liteform CLI: wires commands and owns the one error handler. Command modules are imported
 * lazily so `--help` does not load better-sqlite3; at start-up only commander, output.js and
 * render/style.js load.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { createOutput, type Output } from './output.js';

// commander is CommonJS: `require` loads it directly, where `import` first runs its ESM wrapper
// through the CommonJS export scanner: 15 ms against 11 ms, measured in-process on our 2-core machine.
const { Command, Option, CommanderError, InvalidArgumentError } = createRequire(import.meta.url)('commander') as typeof import('commander');
type Command = import('commander').Command;

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

// Decided from the raw arguments, before commander parses them: an argument error (unknown option,
// missing value) must already be reported in the format asked for.
const args = process.argv.slice(2);
const flagArgs = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
const jsonMode = flagArgs.includes('--json');
// --format github: an error is also a workflow command, so it shows on the file and line it names.
const githubMode = flagArgs.some((a, i) => a === '--format=github' || (a === '--format' && flagArgs[i + 1] === 'github'));
const verbose = flagArgs.includes('--verbose');
const io = createOutput(flagArgs.includes('--no-color') ? { color: false } : {});
const commandNames = new Set<string>();

async function run(action: (io: Output) => Promise<number> | number): Promise<void> {
  if (verbose) {
    // What each connection was opened with, read back from SQLite: shows that --busy-timeout arrived.
    const { onDatabaseOpened } = await import('../api/connections.js');
    onDatabaseOpened((o) => io.err(`${io.errStyle.dim('opened')} ${o.path} (${o.readonly ? 'read-only' : 'read-write'}, busy_timeout ${o.busyTimeoutMs} ms)\n`));
  }
  process.exitCode = await action(io);
}

/** Long or binary input echoed in a message is cut, so an error never floods a terminal or a log. */
function capMessage(message: string): string {
  const maxLine = 300;
  const maxLines = 40;
  const lines = message.split('\n').map((l) => (l.length > maxLine ? `${l.slice(0, maxLine)}… (${l.length - maxLine} more characters)` : l));
  return lines.length > maxLines ? [...lines.slice(0, maxLines), `… and ${lines.length - maxLines} more lines`].join('\n') : lines.join('\n');
}

/** The one error handler: every failure, from commander's argument checks to SQLite's I/O errors, ends here. */
async function report(e: unknown, withStack = true): Promise<void> {
  const { toLiteformError } = await import('../errors.js');
  const err = toLiteformError(e);
  const message = capMessage(err.message);
  const hint = capMessage(err.hint ?? 'see `liteform --help`');
  // With --json the document is for the program reading stdout; stderr still tells the person watching.
  if (jsonMode) io.raw(`${JSON.stringify({ formatVersion: 1, error: { code: err.code, message, hint } }, null, 2)}\n`);
  else if (githubMode) {
    const [{ errorAnnotation, renderAnnotation }, { repoPath }] = await Promise.all([import('../render/github.js'), import('./commands/github-output.js')]);
    io.raw(renderAnnotation(errorAnnotation(err.code, message, hint, repoPath)));
  }
  io.err(`${io.errStyle.remove('error:')} ${message}\n`);
  io.err(`${io.errStyle.dim('hint:')} ${hint}\n`);
  if (verbose && withStack && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
  process.exitCode = 1;
}

/** Commander's own argument errors (unknown option, missing or bad value, extra argument) as usage errors. */
async function reportUsage(e: import('commander').CommanderError): Promise<void> {
  // In human mode commander has printed the error, its hint and the help already (configureOutput below).
  if (!jsonMode) { process.exitCode = 1; return; }
  const { LiteformError } = await import('../errors.js');
  const command = flagArgs.find((a) => commandNames.has(a));
  const hint = argumentHint ?? `see \`liteform ${command ?? ''}${command ? ' ' : ''}--help\``;
  await report(new LiteformError('LITEFORM_USAGE', e.message.replace(/^error: /, ''), hint), false);
}

let argumentHint: string | null = null;

/** A value commander rejects, with the hint the one error handler prints for it. */
function invalid(message: string, hint: string): never {
  argumentHint = hint;
  throw new InvalidArgumentError(message);
}

function databasePath(value: string): string {
  if (value.trim() === '') invalid('the path is empty', 'give the path of the SQLite database file, e.g. --db app.db');
  if (value === ':memory:' || /^file::memory:/i.test(value)) invalid(`${value} is an in-memory database, which would vanish when liteform exits`, 'give the path of a database file; to start a new one, add --create');
  return value;
}

function milliseconds(value: string): string {
  if (!/^\d+$/.test(value.trim())) invalid(`'${value}' is not a whole number of milliseconds`, 'e.g. --busy-timeout 5000 (0 fails at once when another process holds the database)');
  return value.trim();
}

function nonEmptyPath(value: string): string {
  if (value.trim() === '') invalid('the path is empty', 'give a file or directory path, or leave the option out');
  return value;
}

type Scope = 'db' | 'schema' | 'dir';

/** The shared flags, named the same on every command. */
function common(cmd: Command, scopes: readonly Scope[], example: string): Command {
  if (scopes.includes('db')) cmd.addOption(new Option('--db <file>', 'SQLite database file, or libsql://… http(s)://… d1://<database_id> (LITEFORM_DB)').argParser(databasePath));
  if (scopes.includes('schema')) cmd.addOption(new Option('--schema <file>', 'desired-state file, .yaml/.yml or .sql (LITEFORM_SCHEMA)').argParser(nonEmptyPath));
  if (scopes.includes('dir')) cmd.addOption(new Option('--dir <dir>', 'migrations directory (LITEFORM_MIGRATIONS)').argParser(nonEmptyPath));
  cmd
    .option('--env <name>', 'environment from liteform.yaml (LITEFORM_ENV)')
    .addOption(new Option('--config <file>', 'config file (default ./liteform.yaml; LITEFORM_CONFIG)').argParser(nonEmptyPath))
    .option('--json', 'machine-readable output (formatVersion 1)');
  if (scopes.includes('db')) {
    cmd.addOption(busyTimeoutOption());
    // Remote engines (--db libsql://… | http(s)://… | d1://<database_id>). The token is never printed or stored.
    cmd.addOption(new Option('--auth-token <token>', 'libSQL / Turso auth token (LITEFORM_AUTH_TOKEN)'));
    cmd.addOption(new Option('--d1-persist <dir>', 'd1://: the Miniflare / wrangler persist directory (default .wrangler/state/v3/d1)').argParser(nonEmptyPath));
  }
  return cmd.addHelpText('after', `\nExample:\n  $ ${example}`);
}

/** A --format whose wrong value is an argument error, reported like any other. */
function formatOption(description: string, formats: readonly string[]): import('commander').Option {
  return new Option('--format <format>', description).argParser((value: string) => {
    if (!formats.includes(value)) invalid(`'${value}' is not a format this command prints`, `use one of: ${formats.join(', ')}`);
    return value;
  });
}

function busyTimeoutOption(): import('commander').Option {
  return new Option('--busy-timeout <ms>', 'wait this long for another process holding the database (LITEFORM_BUSY_TIMEOUT)').argParser(milliseconds);
}

/** Fleets (many databases, one schema): --db takes a glob too; these add a target list and how to run over it. */
function fleetOptions(cmd: Command): void {
  cmd.addOption(new Option('--targets <file>', 'fleet: a file listing one database path, glob or URL a line (# comments)').argParser(nonEmptyPath));
  cmd.option('--parallel <n>', 'fleet: targets at a time (default: the core count)');
  if (cmd.name() !== 'apply') return;
  cmd.option('--canary <k>', 'fleet: apply to K targets first and stop if any fails')
    .option('--wave <n>', 'fleet: after the canary, go in waves of N targets (default: one wave)')
    .option('--on-error <mode>', 'fleet: stop (default: finish the targets in flight, then stop) or continue')
    .option('--resume <id>', 'fleet: resume run ID from .liteform/runs/ID.jsonl: skip done targets, retry failed ones');
  cmd.addHelpText('after', "  $ liteform apply --db 'tenants/*.db' --canary 5 --parallel 4");
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('liteform')
    .description('Declarative schema-diff migrations for SQLite: plan, review, apply.')
    .version(pkg.version)
    .option('--no-color', 'disable colour (also NO_COLOR=1)')
    .option('--verbose', 'print stack traces with errors')
    .showHelpAfterError()
    // Errors are thrown to the one handler below instead of exiting; subcommands inherit both settings.
    .exitOverride()
    .configureOutput({
      writeOut: (t) => io.out(t),
      writeErr: (t) => { if (!jsonMode) io.err(t); },
      // The hint goes right under commander's message, before the help it prints after an error.
      outputError: (t, write) => { if (!jsonMode) write(`${t}${argumentHint === null ? '' : `${io.errStyle.dim('hint:')} ${argumentHint}\n`}`); },
    });

  program.command('init')
    .description('scaffold liteform.yaml, an example schema and an empty migrations directory')
    .option('--json', 'machine-readable output (formatVersion 1)')
    .addHelpText('after', '\nExample:\n  $ liteform init')
    .action(async (flags) => run(async (io) => (await import('./commands/workflow.js')).runInit(flags, io)));

  common(program.command('plan').argument('[name]', 'name of the migration file to write')
    .description('show the changes to reach the desired state; with a migrations dir, write the next migration file')
    .option('--sql', 'print only the SQL script, runnable as-is by sqlite3')
    .option('--dry-run', 'print the plan but write no file')
    .option('--create', 'direct mode: plan against an empty schema when the database does not exist yet')
    .option('--no-schema-edits', 'direct mode: rebuild tables even where editing the stored CREATE TABLE text suffices (local files)')
    .addOption(formatOption('text (default), markdown (a PR comment) or github (annotations + job summary)', ['text', 'markdown', 'github']))
    .option('--exit-code', 'exit 2 when there are changes')
    .option('--rebase', 'renumber this branch\'s new migration files after the base\'s (--since REF or --base-dir DIR) and rewrite the sum')
    .addOption(new Option('--since <ref>', 'with --rebase: git ref of the base branch (e.g. origin/main)').argParser(nonEmptyPath))
    .addOption(new Option('--base-dir <dir>', 'with --rebase: the base branch\'s migrations directory (instead of --since)').argParser(nonEmptyPath))
    .addOption(new Option('--for <runner>', 'write the file for another runner: wrangler-d1 (`wrangler d1 migrations apply`: one D1 batch, FK-safe rebuilds)').argParser((value: string) => {
      if (value !== 'liteform' && value !== 'wrangler-d1') invalid(`'${value}' is not a runner plan writes for`, 'use one of: liteform, wrangler-d1');
      return value;
    })), ['db', 'schema', 'dir'], 'liteform plan add_email')
    .action(async (name, flags) => run(async (io) => (await import('./commands/plan.js')).runPlan(name, flags, io)));

  common(program.command('apply')
    .description('apply pending migration files in order, each in its own transaction (direct mode: --db and --schema)')
    .option('--to <version>', 'apply up to and including this version')
    .option('--dry-run', 'print what would run; touch nothing')
    .option('--no-backup', 'skip the backup taken before the first pending file')
    .option('--allow-destructive', 'direct mode: allow steps that drop tables, columns or data')
    .option('--create', 'create the database file when it does not exist (a missing file is otherwise an error)')
    .option('--no-schema-edits', 'direct mode: rebuild tables even where editing the stored CREATE TABLE text suffices (local files)')
    .option('--integrity-check', 'direct mode: after an in-place schema edit, also run PRAGMA integrity_check of the edited table (reads every row)'), ['db', 'schema', 'dir'], 'liteform apply --env prod')
    .action(async (flags) => run(async (io) => (await import('./commands/apply.js')).runApply(flags, io)));

  common(program.command('status').description('current version, pending files, and whether the live schema matches its history'), ['db', 'dir'], 'liteform status --db app.db')
    .action(async (flags) => run(async (io) => (await import('./commands/workflow.js')).runStatus(flags, io)));

  common(program.command('history').description('applied migrations with timestamps, checksums, durations and who applied them'), ['db'], 'liteform history --db app.db')
    .action(async (flags) => run(async (io) => (await import('./commands/workflow.js')).runHistory(flags, io)));

  common(program.command('check').description('CI gate: exit 2 when migrations, database or desired state disagree')
    .addOption(formatOption('text (default), markdown (a PR comment) or github (annotations + job summary)', ['text', 'markdown', 'github']))
    .addOption(new Option('--since <ref>', 'git ref of the base branch: fail when this branch\'s new files are not numbered after its migrations').argParser(nonEmptyPath))
    .addOption(new Option('--base-dir <dir>', 'the base branch\'s migrations directory (instead of --since)').argParser(nonEmptyPath)), ['db', 'schema', 'dir'], 'liteform check --schema schema/app.yaml --dir migrations')
    .action(async (flags) => run(async (io) => (await import('./commands/workflow.js')).runCheck(flags, io)));

  common(program.command('down')
    .description('revert applied versions, computed back from the recorded state before each one')
    .option('--to <version>', 'revert every version after this one (default: only the last)')
    .option('--dry-run', 'print the reverse plan; touch nothing')
    .option('--allow-destructive', 'allow a revert that drops data'), ['db', 'dir'], 'liteform down --to 0002')
    .action(async (flags) => run(async (io) => (await import('./commands/workflow.js')).runDown(flags, io)));

  common(program.command('baseline').argument('<version>', 'the version the database is already at')
    .description('record an existing database as being at VERSION after checking its schema matches'), ['db', 'dir'], 'liteform baseline 0003 --db legacy.db')
    .action(async (version, flags) => run(async (io) => (await import('./commands/workflow.js')).runBaseline(version, flags, io)));

  common(program.command('hash').description('rewrite migrations/liteform.sum after a reviewed edit to a pending file'), ['dir'], 'liteform hash')
    .action(async (flags) => run(async (io) => (await import('./commands/workflow.js')).runHash(flags, io)));

  common(program.command('restore').argument('[backup]', 'backup file (default: the newest backup of the database)')
    .description('put a backup back, refusing while another process holds the database'), ['db'], 'liteform restore --db app.db')
    .action(async (backup, flags) => run(async (io) => (await import('./commands/workflow.js')).runRestore(backup, flags, io)));

  common(program.command('inspect')
    .description('print the live schema as a desired-state file (YAML, or --format sql)')
    .addOption(formatOption('yaml (default) or sql', ['yaml', 'sql'])), ['db'], 'liteform inspect --db app.db > schema/app.yaml')
    .action(async (flags) => run(async (io) => (await import('./commands/inspect-diff.js')).runInspect(flags, io)));

  program.command('diff').argument('<from>', 'YAML or .sql file, database file or URL, or migrations dir (dir@VERSION)').argument('<to>', 'same kinds as <from>')
    .description('the plan from one schema source to another, and a unified diff of their schema text')
    .addOption(formatOption('text (default) or markdown (a PR comment)', ['text', 'markdown']))
    .option('--exit-code', 'exit 2 when they differ')
    .option('--json', 'machine-readable output (formatVersion 1)')
    .addOption(busyTimeoutOption())
    .addOption(new Option('--auth-token <token>', 'libSQL / Turso auth token for a libsql:// or http(s):// source (LITEFORM_AUTH_TOKEN)'))
    .addOption(new Option('--d1-persist <dir>', 'd1:// source: the Miniflare / wrangler persist directory (default .wrangler/state/v3/d1)').argParser(nonEmptyPath))
    .addHelpText('after', '\nExample:\n  $ liteform diff migrations@0003 schema/app.yaml')
    .action(async (from, to, flags) => run(async (io) => (await import('./commands/inspect-diff.js')).runDiff(from, to, flags, io)));

  common(program.command('lint').description('findings over pending migration files: destructive and data-dependent changes, with breaking rows counted')
    .addOption(formatOption('text (default) or github (annotations + job summary)', ['text', 'github'])), ['db', 'dir'], 'liteform lint --db app.db')
    .action(async (flags) => run(async (io) => (await import('./commands/workflow.js')).runLint(flags, io)));

  common(program.command('report')
    .description('pull-request report: plan, rebuilds, findings and SQL of each migration file a branch adds compared with its base')
    .addOption(new Option('--since <ref>', 'git ref of the base branch (e.g. origin/main)').argParser(nonEmptyPath))
    .addOption(new Option('--base-dir <dir>', 'the base branch\'s migrations directory (instead of --since)').argParser(nonEmptyPath))
    .addOption(formatOption('markdown (default) or github (annotations + job summary)', ['markdown', 'github'])), ['db', 'schema', 'dir'], 'liteform report --since origin/main > report.md')
    .action(async (flags) => run(async (io) => (await import('./commands/report.js')).runReport(flags, io)));

  for (const c of program.commands) if (['plan', 'apply', 'check', 'status'].includes(c.name())) fleetOptions(c);
  for (const c of program.commands) commandNames.add(c.name());
  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // --help and --version end here too, with exit code 0.
    if (e.exitCode === 0) process.exitCode = 0;
    else await reportUsage(e);
  } else {
    await report(e);
  }
}
