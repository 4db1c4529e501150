import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, baseConfigSchema, env, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  const schema = baseConfigSchema.extend({ PORT: env.port(4002), DEBUG_SQL: env.bool(false) });

  it('applies defaults and freezes the result', () => {
    const config = loadConfig('datacenter', schema, {});
    expect(config).toMatchObject({
      PORT: 4002,
      HOST: '127.0.0.1',
      NODE_ENV: 'development',
      DEBUG_SQL: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { PORT: number }).PORT = 1;
    }).toThrow(TypeError);
  });

  it('names every bad variable and what it got', () => {
    let caught: unknown;
    try {
      loadConfig('datacenter', schema, { PORT: 'eighty', MONGODB_URI: 'postgres://x', LOG_LEVEL: 'loud' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as Error).message;
    expect(message).toContain('PORT');
    expect(message).toContain('"eighty"');
    expect(message).toContain('MONGODB_URI: must be a mongodb:// or mongodb+srv:// URI');
    expect(message).toContain('LOG_LEVEL');
  });

  it('never echoes the value of a key, secret or token in a configuration error', () => {
    const schema = z.object({ SOME_ENCRYPTION_KEYS: z.string().min(100), OPS_TOKEN: z.string().min(100) });
    const load = () => loadConfig('x', schema, { SOME_ENCRYPTION_KEYS: 'right-key,wrong', OPS_TOKEN: 'tok' });
    expect(load).toThrow(/SOME_ENCRYPTION_KEYS: .* \(got 15 characters, not shown\)/);
    expect(load).toThrow(/OPS_TOKEN: .* \(got 3 characters, not shown\)/);
    expect(load).not.toThrow(/right-key|tok"/);
  });

  it('parses lists and booleans', () => {
    const c = loadConfig('x', z.object({ L: env.list(), B: env.bool(false) }), { L: 'a, b,,c', B: 'yes' });
    expect(c).toEqual({ L: ['a', 'b', 'c'], B: true });
  });
});
