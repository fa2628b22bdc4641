import {
  FILTER_LIMITS,
  InvalidFilterError,
  validateDeviceQuery,
  validateFilter,
  validateProjection,
  validateSort,
} from './query-filter';

/** [code, path] of the InvalidFilterError `run` throws, or 'accepted'. */
function verdict(run: () => unknown): [string, string] | 'accepted' {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (error instanceof InvalidFilterError) return [error.code, error.path];
    throw error;
  }
}

describe('validateFilter', () => {
  it('accepts every allowed field with every allowed operator', () => {
    const filter = {
      deviceId: 'x',
      oui: { $in: ['00D09E', /^A0/] },
      productClass: { $nin: ['a'], $ne: 'b' },
      serialNumber: { $regex: '^SN', $options: 'i' },
      manufacturer: /acme/i,
      dataModelRoot: null,
      tags: { $all: ['a'], $size: 1, $elemMatch: { $regex: 'a' } },
      firstSeen: { $gte: '2026-01-01', $lt: '2027-01-01' },
      lastInform: { $gt: '2026-01-01', $lte: '2027-01-01' },
      lastBoot: { $exists: true },
      lastBootstrap: { $not: { $exists: true } },
      periodicInformInterval: { $eq: 300 },
      online: true,
      onlineUntil: { $not: /x/ },
      'parameters.Device.DeviceInfo.SoftwareVersion': '1.0',
      'parameters.Device.WiFi.SSID.1.SSID': { $exists: false },
      'parameters.InternetGatewayDevice.X_00D09E-Vendor_Field': 1,
      $and: [{ oui: 'a' }, { $or: [{ oui: 'b' }, { $nor: [{ oui: 'c' }] }] }],
    };
    expect(validateFilter(filter)).toBe(filter);
    expect(verdict(() => validateFilter({}))).toBe('accepted');
  });

  it('refuses operators that run code or reach outside the whitelist, wherever they are', () => {
    expect(verdict(() => validateFilter({ $where: 'sleep(100)' }))).toEqual([
      'operator-not-allowed',
      'filter.$where',
    ]);
    expect(verdict(() => validateFilter({ $expr: { $eq: ['$a', 1] } }))).toEqual([
      'operator-not-allowed',
      'filter.$expr',
    ]);
    expect(verdict(() => validateFilter({ $or: [{ oui: { $function: {} } }] }))).toEqual([
      'operator-not-allowed',
      'filter.$or[0].oui.$function',
    ]);
    expect(verdict(() => validateFilter({ tags: { $elemMatch: { $accumulator: {} } } }))).toEqual([
      'operator-not-allowed',
      'filter.tags.$elemMatch.$accumulator',
    ]);
    expect(verdict(() => validateFilter({ oui: { $type: 'string' } }))).toEqual([
      'operator-not-allowed',
      'filter.oui.$type',
    ]);
    expect(verdict(() => validateFilter({ $text: { $search: 'a' } }))).toEqual([
      'operator-not-allowed',
      'filter.$text',
    ]);
  });

  it('refuses unknown fields, secrets and malformed parameter paths', () => {
    for (const field of [
      'connectionRequest',
      'connectionRequest.password',
      'parameters',
      'parameters.',
      'parameters.Device..X',
      'parameters.Device.WiFi.',
      'parameters.Dev ice',
      '__proto__',
      'tags.0',
    ]) {
      expect(verdict(() => validateFilter({ [field]: 'x' }))).toEqual([
        'unknown-field',
        `filter.${field}`,
      ]);
    }
    const tooLong = `parameters.Device.${'A'.repeat(250)}`;
    expect(verdict(() => validateFilter({ [tooLong]: 1 }))).toEqual([
      'unknown-field',
      `filter.${tooLong}`,
    ]);
  });

  it('refuses values that are not plain query values', () => {
    expect(verdict(() => validateFilter('oui=1'))).toEqual(['not-an-object', 'filter']);
    expect(verdict(() => validateFilter(null))).toEqual(['not-an-object', 'filter']);
    expect(verdict(() => validateFilter([{ oui: 'a' }]))).toEqual(['not-an-object', 'filter']);
    expect(verdict(() => validateFilter({ oui: { nested: 1 } }))).toEqual([
      'invalid-value',
      'filter.oui.nested',
    ]);
    expect(verdict(() => validateFilter({ oui: {} }))).toEqual(['invalid-value', 'filter.oui']);
    expect(verdict(() => validateFilter({ oui: new Date() }))).toEqual([
      'invalid-value',
      'filter.oui',
    ]);
    expect(verdict(() => validateFilter({ oui: Number.NaN }))).toEqual([
      'invalid-value',
      'filter.oui',
    ]);
    expect(verdict(() => validateFilter({ oui: { $in: 'a' } }))).toEqual([
      'invalid-value',
      'filter.oui.$in',
    ]);
    expect(verdict(() => validateFilter({ oui: { $gt: null } }))).toEqual([
      'invalid-value',
      'filter.oui.$gt',
    ]);
    expect(verdict(() => validateFilter({ oui: { $exists: 1 } }))).toEqual([
      'invalid-value',
      'filter.oui.$exists',
    ]);
    expect(verdict(() => validateFilter({ tags: { $size: -1 } }))).toEqual([
      'invalid-value',
      'filter.tags.$size',
    ]);
    expect(verdict(() => validateFilter({ oui: { $not: 'a' } }))).toEqual([
      'invalid-value',
      'filter.oui.$not',
    ]);
    expect(verdict(() => validateFilter({ oui: { $options: 'i' } }))).toEqual([
      'invalid-value',
      'filter.oui.$options',
    ]);
    expect(verdict(() => validateFilter({ $and: [] }))).toEqual(['invalid-value', 'filter.$and']);
    expect(verdict(() => validateFilter({ $or: ['x'] }))).toEqual([
      'not-an-object',
      'filter.$or[0]',
    ]);
  });

  it('refuses regexes that are too long, malformed or with other flags', () => {
    const long = 'a'.repeat(FILTER_LIMITS.maxRegexLength + 1);
    expect(verdict(() => validateFilter({ oui: { $regex: long } }))).toEqual([
      'regex-too-long',
      'filter.oui.$regex',
    ]);
    expect(verdict(() => validateFilter({ oui: new RegExp(long) }))).toEqual([
      'regex-too-long',
      'filter.oui',
    ]);
    expect(verdict(() => validateFilter({ oui: { $regex: '(' } }))).toEqual([
      'invalid-regex',
      'filter.oui.$regex',
    ]);
    expect(verdict(() => validateFilter({ oui: { $regex: 'a', $options: 'g' } }))).toEqual([
      'invalid-regex',
      'filter.oui.$regex',
    ]);
    expect(verdict(() => validateFilter({ oui: /a/y }))).toEqual(['invalid-regex', 'filter.oui']);
    expect(verdict(() => validateFilter({ oui: { $in: ['('] } }))).toBe('accepted');
  });

  it('refuses filters nested too deep or too large', () => {
    let deep: Record<string, unknown> = { oui: 'a' };
    for (let i = 0; i < FILTER_LIMITS.maxDepth; i++) deep = { $and: [deep] };
    expect(verdict(() => validateFilter(deep))[0]).toBe('too-deep');
    const wide = {
      oui: { $in: Array.from({ length: FILTER_LIMITS.maxArrayLength + 1 }, (_, i) => `${i}`) },
    };
    expect(verdict(() => validateFilter(wide))).toEqual(['too-large', 'filter.oui.$in']);
    const many = { $or: Array.from({ length: 900 }, () => ({ oui: { $in: ['a', 'b'] } })) };
    expect(verdict(() => validateFilter(many))[0]).toBe('too-large');
    expect(
      verdict(() => validateFilter({ oui: 'x'.repeat(FILTER_LIMITS.maxStringLength + 1) })),
    ).toEqual(['too-large', 'filter.oui']);
  });
});

describe('projection, sort and paging', () => {
  it('accepts summary fields and parameter subtrees in projections, nothing else', () => {
    expect(
      validateProjection([
        'serialNumber',
        'connectionRequest',
        'parameters',
        'parameters.Device.WiFi.',
        'parameters.Device.X',
      ]),
    ).toHaveLength(5);
    expect(verdict(() => validateProjection(['serialNumber', 'password']))).toEqual([
      'invalid-projection',
      'projection[1]',
    ]);
    expect(verdict(() => validateProjection(['parameters.Device..X']))).toEqual([
      'invalid-projection',
      'projection[0]',
    ]);
    expect(verdict(() => validateProjection('serialNumber'))).toEqual([
      'invalid-projection',
      'projection',
    ]);
  });

  it('accepts sorts over scalar summary fields with 1 or -1', () => {
    expect(validateSort({ lastInform: -1, deviceId: 1 })).toEqual({ lastInform: -1, deviceId: 1 });
    expect(verdict(() => validateSort({ tags: 1 }))).toEqual(['invalid-sort', 'sort.tags']);
    expect(verdict(() => validateSort({ 'parameters.Device.X': 1 }))).toEqual([
      'invalid-sort',
      'sort.parameters.Device.X',
    ]);
    expect(verdict(() => validateSort({ lastInform: 'desc' }))).toEqual([
      'invalid-sort',
      'sort.lastInform',
    ]);
  });

  it('checks limit and skip', () => {
    expect(verdict(() => validateDeviceQuery({ filter: {}, limit: 0 }))).toBe('accepted');
    expect(verdict(() => validateDeviceQuery({ filter: {}, limit: 1.5 }))).toEqual([
      'invalid-paging',
      'limit',
    ]);
    expect(verdict(() => validateDeviceQuery({ filter: {}, limit: 10, skip: -1 }))).toEqual([
      'invalid-paging',
      'skip',
    ]);
    expect(verdict(() => validateDeviceQuery({ filter: { x: 1 }, limit: 10 }))).toEqual([
      'unknown-field',
      'filter.x',
    ]);
  });
});
