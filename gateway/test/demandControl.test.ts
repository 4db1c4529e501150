import { describe, expect, it } from 'vitest';
import { costValue } from '../src/demandControl.ts';

/**
 * Hive's demand control reads a variable only as a slicing argument, through `Number(value)`: the
 * values it is shown (costValue) must count exactly as the client's do, while values that differ
 * per request (ids, text, a nonce) become one value, so one count is kept per operation.
 */
describe('the variables demand control is shown', () => {
  it('keeps every value a slicing argument can count by, and null as null (not the default)', () => {
    for (const value of [0, 20, 1000, '50', ' 7 ', true, false, null, undefined])
      expect(costValue(value)).toBe(value);
  });

  it('folds values that count as no size into one: text, ids, lists and input objects', () => {
    for (const value of ['nonce-1', 'nonce-2', '', 'abc', '0'])
      expect(Number(costValue(value)) || 0).toBe(Number(value) || 0);
    expect(costValue('nonce-1')).toBe(costValue('nonce-2'));
    expect(costValue(['a', 'b'])).toEqual([]);
    expect(costValue({ schoolCode: '2133000001' })).toEqual({});
  });
});
