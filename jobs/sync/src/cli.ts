#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '@edugraph/shared/config';
import { exitCodes, UsageError } from './commands/common.ts';
import { registerExport } from './commands/exportCommand.ts';
import { registerImport } from './commands/importCommand.ts';
import { registerPull } from './commands/pullCommand.ts';
import { ENV_HELP, localeOf } from './config.ts';
import { AccessError } from './hub/connect.ts';
import { HubError } from './hub/hubClient.ts';
import { TokenError } from './hub/tokenSource.ts';
import { CheckpointMismatch } from './import/importState.ts';
import { chooseLanguage, setLanguage, t } from './messages.ts';
import { DecodeError } from './read/decode.ts';
import { UnsupportedFileType } from './read/fileFormat.ts';
import { SheetNotFound } from './read/xlsxRows.ts';
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
    .addOption(
      new Option('--lang <language>', 'language of messages: zh (default) or en (also LANG=en*)').choices([
        'zh',
        'en',
      ]),
    )
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
  if (err instanceof UnsupportedFileType || err instanceof SheetNotFound) return exitCodes.USAGE;
  if (err instanceof ConfigError || err instanceof DecodeError || err instanceof MaskedDataError)
    return exitCodes.USAGE;
  if (err instanceof HubError || err instanceof TokenError || err instanceof AccessError)
    return exitCodes.HUB;
  return exitCodes.HUB;
}

/** `--lang zh|en` anywhere on the command line, before commander has parsed it. */
function langFlag(argv: readonly string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return undefined;
  return argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
}

export async function main(argv: readonly string[] = process.argv): Promise<number> {
  // Chosen before the program is built: its errors and messages are in that language.
  setLanguage(chooseLanguage(langFlag(argv), localeOf()));
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
      UnsupportedFileType,
      SheetNotFound,
    ];
    const message = known.some((k) => err instanceof k)
      ? (err as Error).message
      : ((err as Error)?.stack ?? String(err));
    console.error(`${t().errorPrefix}${message}`);
    return exitCodeOf(err);
  }
}

if (import.meta.main) {
  process.exitCode = await main();
}
