import { pino, type Logger, type LoggerOptions } from 'pino';
import { currentRequestId } from './requestContext.ts';

export type { Logger } from 'pino';

export interface LoggerSettings {
  service: string;
  level?: string;
  /** Where log lines go; defaults to stdout. Tests pass a stream to read them back. */
  destination?: NodeJS.WritableStream;
}

/** Structured JSON logs; every line written inside a request carries its `reqId`. */
export function createLogger({ service, level = 'info', destination }: LoggerSettings): Logger {
  const options: LoggerOptions = {
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const reqId = currentRequestId();
      return reqId ? { reqId } : {};
    },
    // Operation variables and answers may hold personal data (ID numbers…): never logged, even at
    // debug level where the gateway runtime logs each subgraph request and result.
    redact: {
      paths: [
        'req.headers.authorization',
        '*.password',
        '*.clientSecret',
        'variables',
        '*.variables',
        'hive.data',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}

/** What the one access line per GraphQL request says, in every service: never the variables. */
export interface AccessLine {
  method: string | undefined;
  status: number;
  ms: number;
  /** The operation's name (a subgraph: its own, else the client's as the gateway forwarded it). */
  operation: string | undefined;
  /** The verified token's client id (`client_id`); absent for anonymous requests. */
  client: string | undefined;
}

/** Writes the access line (`msg: "graphql request"`) at info level. */
export function logAccess(logger: Logger, line: AccessLine): void {
  if (logger.isLevelEnabled('info')) logger.info(line, 'graphql request');
}
