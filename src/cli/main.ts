#!/usr/bin/env node
/**
 * The liteform CLI: wires commands and owns the one error handler. Command modules are imported
 * lazily so `--help` does not load better-sqlite3.
 */
import { Command, Option } from 'commander';
import { createOutput } from './output.js';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

interface GlobalFlags { color?: boolean; verbose?: boolean }

async function run(action: (io: ReturnType<typeof createOutput>) => Promise<number> | number, program: Command): Promise<void> {
  const g = program.opts<GlobalFlags>();
  const io = createOutput(g.color);
  try {
    process.exitCode = await action(io);
  } catch (e) {
    const { isLiteformError } = await import('../errors.js');
    if (isLiteformError(e)) {
      io.err(`${io.style.remove('error:')} ${e.message}\n`);
      if (e.hint) io.err(`${io.style.dim('hint:')} ${e.hint}\n`);
      if (g.verbose) io.err(`${e.stack ?? ''}\n`);
    } else {
      io.err(`${io.style.remove('error:')} ${(e as Error).message}\n`);
      io.err(`${io.style.dim('hint:')} this looks like a liteform bug; re-run with --verbose and report it\n`);
      if (g.verbose) io.err(`${(e as Error).stack ?? ''}\n`);
    }
    process.exitCode = 1;
  }
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('liteform')
    .description('Declarative schema-diff migrations for SQLite: plan, review, apply.')
    .version(pkg.version)
    .option('--no-color', 'disable colour (also NO_COLOR=1)')
    .option('--verbose', 'print stack traces with errors')
    .showHelpAfterError();

  program
    .command('plan')
    .description('show the changes that would take the database to the desired state (never writes)')
    .requiredOption('--db <file>', 'SQLite database file')
    .requiredOption('--schema <file>', 'desired-state file (.yaml/.yml or .sql)')
    .option('--sql', 'print only the SQL script, runnable as-is by sqlite3')
    .option('--json', 'print the plan as JSON (formatVersion 1)')
    .option('--create', 'plan against an empty schema when the database does not exist yet')
    .option('--exit-code', 'exit 2 when there are changes')
    .addHelpText('after', '\nExample:\n  $ liteform plan --db app.db --schema schema/app.yaml')
    .action(async (flags) => run(async (io) => (await import('./commands/plan.js')).runPlan(flags, io), program));

  program
    .command('apply')
    .description('migrate the database to the desired state in one transaction')
    .requiredOption('--db <file>', 'SQLite database file')
    .requiredOption('--schema <file>', 'desired-state file (.yaml/.yml or .sql)')
    .option('--allow-destructive', 'allow steps that drop tables, columns or data')
    .option('--create', 'create the database file when it does not exist')
    .option('--json', 'print the result as JSON')
    .addOption(new Option('--busy-timeout <ms>', 'wait this long for another process holding the database').default('5000'))
    .addHelpText('after', '\nExample:\n  $ liteform apply --db app.db --schema schema/app.yaml')
    .action(async (flags) => run(async (io) => (await import('./commands/apply.js')).runApply(flags, io), program));

  return program;
}

await buildProgram().parseAsync(process.argv);
