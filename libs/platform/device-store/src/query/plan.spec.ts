import { planFilter } from './plan';

describe('planFilter', () => {
  it('pushes equality, $in, ranges, tags and parameter values of the top-level conjunction', () => {
    const plan = planFilter({
      productClass: 'HG',
      online: true,
      lastInform: { $gte: 'a', $lt: 'b' },
      tags: { $all: ['x', 'y'] },
      'parameters.Device.DeviceInfo.UpTime': { $in: [1, '1', true] },
      $and: [{ oui: { $eq: '00D09E' } }],
    });
    expect(plan.exact).toBe(true);
    expect(plan.pushdowns).toEqual([
      { target: 'field', field: 'productClass', op: 'in', values: ['HG'] },
      { target: 'field', field: 'online', op: 'in', values: [true] },
      { target: 'field', field: 'lastInform', op: 'gte', values: ['a'] },
      { target: 'field', field: 'lastInform', op: 'lt', values: ['b'] },
      { target: 'tags', op: 'in', values: ['x'] },
      { target: 'tags', op: 'in', values: ['y'] },
      { target: 'parameter', path: 'Device.DeviceInfo.UpTime', op: 'in', values: [1, '1', true] },
      { target: 'field', field: 'oui', op: 'in', values: ['00D09E'] },
    ]);
    expect(plan.parameterPaths).toEqual(['Device.DeviceInfo.UpTime']);
  });

  it('leaves to mingo what an index cannot answer exactly, and says so', () => {
    const inexact = [
      { oui: null },
      { oui: 5 },
      { online: 'true' },
      { oui: { $ne: 'a' } },
      { oui: { $in: ['a', null] } },
      { oui: { $in: [/a/] } },
      { oui: /a/ },
      { tags: ['a', 'b'] },
      { tags: { $size: 1 } },
      { online: { $gt: false } },
      { 'parameters.Device.X': null },
      { 'parameters.Device.X': { $exists: true } },
      { $or: [{ oui: 'a' }, { oui: 'b' }] },
      { $nor: [{ oui: 'a' }] },
    ];
    for (const filter of inexact)
      expect([filter, planFilter(filter).exact]).toEqual([filter, false]);
  });

  it('still pushes the exact parts of a filter that mingo must finish', () => {
    const plan = planFilter({
      productClass: 'HG',
      serialNumber: { $regex: '^SN', $gte: 'SN1' },
      $or: [{ 'parameters.Device.A': 1 }, { 'parameters.Device.B': { $exists: true } }],
    });
    expect(plan.exact).toBe(false);
    expect(plan.pushdowns).toEqual([
      { target: 'field', field: 'productClass', op: 'in', values: ['HG'] },
      { target: 'field', field: 'serialNumber', op: 'gte', values: ['SN1'] },
    ]);
    expect(plan.parameterPaths).toEqual(['Device.A', 'Device.B']);
  });
});
