import type { Connection } from 'mongoose';
import { closeDatabase, connectServiceDatabase } from './database.ts';
import { createLogger, type Logger } from './logger.ts';

/** What an audit command settles: the findings it made (the exit code follows from them). */
export interface AuditReport {
  findings: readonly unknown[];
}

export interface AuditCommandOptions<R extends AuditReport> {
  /** The service whose database is audited (`<prefix>_<service>`). */
  service: string;
  usage: string;
  config: {
    readonly MONGODB_URI: string;
    readonly EDUGRAPH_DB_PREFIX: string;
    readonly LOG_LEVEL: string;
  };
  run: (conn: Connection, fix: boolean, logger: Logger) => Promise<R>;
  /** Prints the report in words (with `--json`, one JSON document is printed instead). */
  print: (report: R, fix: boolean) => void;
}

/**
 * A one-off audit command (`[--fix] [--json]`) over a service's database. Exit 0: nothing found;
 * 1: findings; 2: bad arguments, or the audit could not run. Logs go to stderr so stdout holds
 * only the report.
 */
export async function runAuditCommand<R extends AuditReport>(
  options: AuditCommandOptions<R>,
  args: readonly string[] = process.argv.slice(2),
): Promise<never> {
  const unknown = args.filter((a) => a !== '--fix' && a !== '--json');
  if (unknown.length) {
    console.error(`unknown argument ${unknown.join(' ')}; ${options.usage}`);
    process.exit(2);
  }
  const fix = args.includes('--fix');
  const logger = createLogger({
    service: `${options.service}-audit`,
    level: options.config.LOG_LEVEL,
    destination: process.stderr,
  });
  let exitCode = 2;
  let conn: Connection | undefined;
  try {
    conn = await connectServiceDatabase(options.service, options.config, logger);
    const report = await options.run(conn, fix, logger);
    if (args.includes('--json')) console.log(JSON.stringify(report));
    else options.print(report, fix);
    exitCode = report.findings.length ? 1 : 0;
  } catch (err) {
    console.error(`the audit stopped: ${(err as Error).message}`);
  } finally {
    if (conn) await closeDatabase(conn);
  }
  process.exit(exitCode);
}
