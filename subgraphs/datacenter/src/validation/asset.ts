import { ASSET_CATEGORIES, ASSET_STATUSES } from '@edugraph/shared';
import { reference, type EntitySpec } from './spec.ts';

/** 资产 / 装备: the asset tag is the school code + '-' + a sequence. */
export const assetSpec: EntitySpec = {
  kind: 'ASSET',
  collection: 'assets',
  keyField: 'assetTag',
  ownerField: 'schoolCode',
  refs: { schools: 'schoolCode' },

  check(input, e, ctx) {
    const assetTag = e.text('assetTag', input.assetTag, 20);
    if (assetTag && !/^\d{10}-\d{1,8}$/.test(assetTag))
      e.add('assetTag', 'INVALID_FORMAT', 'an asset tag is the 10-digit school code, "-" and a number');
    const schoolCode = e.text('schoolCode', input.schoolCode, 10);
    const school = reference(e, ctx.refs.schools, 'schoolCode', 'school', schoolCode);
    if (assetTag && schoolCode && !e.has('assetTag') && !assetTag.startsWith(`${schoolCode}-`))
      e.add(
        'assetTag',
        'MISMATCH',
        `asset tag ${assetTag} does not start with its school code ${schoolCode}`,
      );
    const category = e.oneOf('category', input.category, ASSET_CATEGORIES);
    const name = e.name('name', input.name, 200);
    const quantity = e.int('quantity', input.quantity, 0, 1_000_000);
    const unitValue = e.number('unitValue', input.unitValue, 0, 1_000_000_000, 2);
    const acquiredDate = e.date('acquiredDate', input.acquiredDate, ctx.today);
    const status = e.oneOf('status', input.status, ASSET_STATUSES);
    if (!e.ok || !assetTag || !school) return undefined;
    return {
      key: assetTag,
      record: { assetTag, schoolCode, category, name, quantity, unitValue, acquiredDate, status },
      orgPath: school.orgPath,
      derived: {},
    };
  },
};
