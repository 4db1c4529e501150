import { createRequire } from 'node:module';
import { SpanKind } from '@opentelemetry/api';
import { failSpan, hubTracer, tracingEnabled } from './tracing.ts';

/**
 * Every command the MongoDB driver sends (find, insert, aggregate, getMore…), whether it came
 * through a mongoose model or a raw collection: timed for the owning service's metrics and, with
 * tracing on, a CLIENT span (`find students`, `db.*` attributes) under the active span.
 *
 * Done by wrapping the driver's `Connection.prototype.command`, as OpenTelemetry's own mongodb
 * instrumentation does, rather than with the driver's command monitoring: monitoring decodes
 * every cursor reply a second time (the event carries the reply as a plain object), which would
 * cost each request its pages' BSON again.
 */
export type DatabaseCallObserver = (call: {
  command: string;
  collection: string;
  seconds: number;
  ok: boolean;
}) => void;

interface Namespace {
  db: string;
}
type Command = (
  this: unknown,
  ns: Namespace,
  cmd: Record<string, unknown>,
  ...rest: unknown[]
) => Promise<unknown>;

/** Observers by database name: each service watches its own database. */
const observers = new Map<string, DatabaseCallObserver>();
let installed = false;

function connectionClass(): { prototype: { command: Command } } | undefined {
  const fromMongoose = createRequire(createRequire(import.meta.url).resolve('mongoose'));
  try {
    const mod = fromMongoose('mongodb/lib/cmap/connection.js') as {
      Connection?: { prototype: { command: Command } };
    };
    return typeof mod.Connection?.prototype.command === 'function' ? mod.Connection : undefined;
  } catch {
    return undefined;
  }
}

/** Commands the driver sends for itself (handshakes, heartbeats): not the service's work. */
const INTERNAL = new Set([
  'hello',
  'ismaster',
  'isMaster',
  'ping',
  'saslStart',
  'saslContinue',
  'endSessions',
]);

function install(): boolean {
  const Connection = connectionClass();
  if (!Connection) return false;
  const original = Connection.prototype.command;
  Connection.prototype.command = function command(ns, cmd, ...rest) {
    const name = cmd ? Object.keys(cmd)[0] : undefined;
    const observe = ns && observers.get(ns.db);
    if (!name || INTERNAL.has(name) || (!observe && !tracingEnabled()))
      return original.call(this, ns, cmd, ...rest);
    const target = cmd[name];
    const collection = typeof target === 'string' ? target : '';
    const span = tracingEnabled()
      ? hubTracer().startSpan(collection ? `${name} ${collection}` : name, {
          kind: SpanKind.CLIENT,
          attributes: {
            'db.system.name': 'mongodb',
            'db.namespace': ns.db,
            'db.operation.name': name,
            ...(collection ? { 'db.collection.name': collection } : {}),
          },
        })
      : undefined;
    const started = performance.now();
    const done = (ok: boolean, err?: unknown) => {
      observe?.({ command: name, collection, seconds: (performance.now() - started) / 1000, ok });
      if (span) {
        if (!ok) {
          failSpan(span, err);
        }
        span.end();
      }
    };
    return original.call(this, ns, cmd, ...rest).then(
      (reply) => {
        done(true);
        return reply;
      },
      (err: unknown) => {
        done(false, err);
        throw err;
      },
    );
  };
  return true;
}

/**
 * Times the commands sent to database `dbName`; returns a function that stops. False when the
 * driver's internals moved (a new major version): the service then runs without database timings.
 */
export function observeDatabaseCalls(dbName: string, observer: DatabaseCallObserver): (() => void) | false {
  if (!installed) installed = install();
  if (!installed) return false;
  observers.set(dbName, observer);
  return () => {
    if (observers.get(dbName) === observer) observers.delete(dbName);
  };
}

/** Lets spans of database calls be made (tracing on) without any service observing timings. */
export function traceDatabaseCalls(): boolean {
  if (!installed) installed = install();
  return installed;
}
