import { writeFileSync } from 'node:fs';
import { renderErrorCodesDoc } from '../src/errors.ts';

const target = new URL('../../docs/errors.md', import.meta.url);
writeFileSync(target, renderErrorCodesDoc());
console.log(`wrote ${target.pathname}`);
