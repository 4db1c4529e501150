import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ferretdbBinary, repoRoot } from './paths.ts';

/**
 * The embedded MongoDB-protocol database: FerretDB v1 on SQLite (infra/ferretdb/main.go),
 * built once by scripts/build-ferretdb.sh. It prints `FERRETDB_READY <uri>` when it listens.
 */
export interface EmbeddedDatabase {
  /** `mongodb://127.0.0.1:<port>/` */
  uri: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** SIGTERM, wait for exit (SQLite files closed); removes a throw-away data folder. */
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Defaults to a throw-away folder under the system temp dir, removed on stop. */
  dataDir?: string;
  startTimeoutMs?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Filter, sort and limit in Go over whole collections (the differential test's reference). */
  disablePushdown?: boolean;
}

/** Builds the binary when missing (idempotent; needs Go once). */
export function ensureFerretdbBuilt(): void {
  if (existsSync(ferretdbBinary)) return;
  const result = spawnSync('bash', [join(repoRoot, 'scripts', 'build-ferretdb.sh')], {
    stdio: 'inherit',
    env: { ...process.env, EDUGRAPH_BUILD_FERRETDB: '1' },
  });
  if (result.status !== 0) throw new Error('could not build the embedded database (see the output above)');
}

export async function startEmbeddedDatabase(
  options: EmbeddedDatabaseOptions = {},
): Promise<EmbeddedDatabase> {
  ensureFerretdbBuilt();
  const throwAway = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'edugraph-db-'));
  const listen = `${options.host ?? '127.0.0.1'}:${options.port ?? 0}`;
  const child = spawn(
    ferretdbBinary,
    [
      '-listen',
      listen,
      '-data-dir',
      dataDir,
      '-log-level',
      options.logLevel ?? 'error',
      ...(options.disablePushdown ? ['-disable-pushdown'] : []),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `embedded database did not start within ${options.startTimeoutMs ?? 20_000} ms: ${stderr}`,
          ),
        ),
      options.startTimeoutMs ?? 20_000,
    );
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /^FERRETDB_READY (\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`embedded database exited with code ${code} before it was ready: ${stderr.trim()}`));
    });
  });

  let stopping: Promise<void> | undefined;
  return {
    uri,
    port: Number(new URL(uri).port),
    dataDir,
    process: child,
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        }
        if (throwAway) rmSync(dataDir, { recursive: true, force: true });
      })()),
  };
}
