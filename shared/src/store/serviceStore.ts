import type { Connection } from 'mongoose';
import { pingDatabase } from '../database.ts';
import { createAccessLog, type AccessLog } from '../personalData/accessLog.ts';

/** What every subgraph's store holds besides its own collections. */
export interface ServiceStoreBase {
  /** The service's personal-data access log (in its own database). */
  accessLog: AccessLog;
  /** Throws when the database does not answer (readiness). */
  ping: () => Promise<void>;
}

/** The access log's retention when none is given (PERSONAL_DATA_LOG_RETENTION_DAYS' default). */
const RETENTION_DAYS = 180;

/** The part of a subgraph's store every subgraph has, on the service's connection. */
export function serviceStoreBase(
  conn: Connection,
  service: string,
  accessLogRetentionDays: number = RETENTION_DAYS,
): ServiceStoreBase {
  return {
    accessLog: createAccessLog(conn, service, accessLogRetentionDays),
    ping: () => pingDatabase(conn),
  };
}
