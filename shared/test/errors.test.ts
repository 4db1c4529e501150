import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appError, errorCodes, errors, renderErrorCodesDoc } from '../src/errors.ts';

describe('error registry', () => {
  it('docs/errors.md lists every registered code exactly as generated', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    for (const code of Object.keys(errorCodes)) expect(doc).toContain(`\`${code}\``);
    expect(doc, 'docs/errors.md is stale: run `npm run docs:errors -w @edugraph/shared`').toBe(
      renderErrorCodesDoc(),
    );
  });

  it('puts the code and HTTP status in extensions', () => {
    const err = appError('NOT_FOUND', 'School 1 was not found.');
    expect(err.extensions).toMatchObject({ code: 'NOT_FOUND', http: { status: 404 } });
  });

  it('names the field and record of bad input', () => {
    const err = errors.badInput('Check character is wrong.', { field: 'idNumber', record: 3 });
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idNumber', record: 3 });
  });
});
