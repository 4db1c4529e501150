import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';

describe('logger', () => {
  it('never writes operation variables or subgraph answers, even at debug level', async () => {
    let out = '';
    const destination = new Writable({
      write(chunk, _encoding, done) {
        out += String(chunk);
        done();
      },
    });
    const logger = createLogger({ service: 'test', level: 'debug', destination });
    const personNumber = 'G330102201001011234';
    logger.debug({ hive: { variables: { p: personNumber }, data: { student: { personNumber } } } }, 'Start');
    logger.info({ variables: { personNumber } }, 'request');
    await new Promise((resolve) => setImmediate(resolve));
    expect(out).toContain('[redacted]');
    expect(out).not.toContain(personNumber);
  });
});
