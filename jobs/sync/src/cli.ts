#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ConfigError } from '@edugraph/shared/config';
import { exitCodes, UsageError } from './commands/common.ts';
import { registerExport } from './commands/exportCommand.ts';
import { registerImport } from './commands/importCommand.ts';
import { registerPull } from './commands/pullCommand.ts';
import { ENV_HELP } from './config.ts';
import { AccessError } from './hub/connect.ts';
import { HubError } from './hub/hubClient.ts';
import { TokenError } from './hub/tokenSource.ts';
import { CheckpointMismatch } from './import/importState.ts';
import { DecodeError } from './read/decode.ts';
import { MaskedDataError } from './pull/applyChanges.ts';
import { FileProblem } from './read/records.ts';

/**
 * edugraph-sync: the data-center sync job's command line. `import` pushes files into a hub,
 * `pull` replicates one hub's change feed into another, `export` writes a subtree to a file.
 */
export function buildProgram(): Command {
  const program = new Command('edugraph-sync')
    .description(
      'Moves data-center records (regions, schools, classes, teachers, students, assets) into and out of ' +
        'an EduGraph hub: import files, replicate one hub into another, export a region.',
    )
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true })
    .addHelpText(
      'after',
      `\n${ENV_HELP}\n\nRun edugraph-sync <command> --help for a command's options and examples.`,
    );
  registerImport(program);
  registerPull(program);
  registerExport(program);
  return program;
}

/** Exit status for an error that ended a run. */
export function exitCodeOf(err: unknown): number {
  if (err instanceof UsageError || err instanceof FileProblem || err instanceof CheckpointMismatch)
    return exitCodes.USAGE;
  if (err instanceof ConfigError || err instanceof DecodeError || err instanceof MaskedDataError)
    return exitCodes.USAGE;
  if (err instanceof HubError || err instanceof TokenError || err instanceof AccessError)
    return exitCodes.HUB;
  return exitCodes.HUB;
}

export async function main(argv: readonly string[] = process.argv): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : exitCodes.OK;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? exitCodes.OK : exitCodes.USAGE;
    const known = [
      UsageError,
      FileProblem,
      CheckpointMismatch,
      ConfigError,
      DecodeError,
      MaskedDataError,
      HubError,
      TokenError,
      AccessError,
    ];
    const message = known.some((k) => err instanceof k)
      ? (err as Error).message
      : ((err as Error)?.stack ?? String(err));
    console.error(`edugraph-sync: ${message}`);
    return exitCodeOf(err);
  }
}

if (import.meta.main) {
  process.exitCode = await main();
}
