import { CommitPositions } from './commit-positions';

describe('commit positions', () => {
  it('moves past an offset only once every offset taken before it is handled', () => {
    const positions = new CommitPositions();
    for (const offset of ['10', '11', '12', '13']) positions.taken(0, offset);
    positions.handled(0, '11');
    positions.handled(0, '13');
    expect(positions.uncommitted()).toEqual([]);

    positions.handled(0, '10');
    expect(positions.uncommitted()).toEqual([{ partition: 0, offset: '12' }]);
    positions.handled(0, '12');
    expect(positions.uncommitted()).toEqual([{ partition: 0, offset: '14' }]);
  });

  it('keeps each partition apart, and reports a position until it is committed', () => {
    const positions = new CommitPositions();
    positions.taken(0, '5');
    positions.taken(1, '7');
    positions.handled(1, '7');
    expect(positions.uncommitted()).toEqual([{ partition: 1, offset: '8' }]);

    positions.committed([{ partition: 1, offset: '8' }]);
    expect(positions.uncommitted()).toEqual([]);
    positions.handled(0, '5');
    expect(positions.uncommitted()).toEqual([{ partition: 0, offset: '6' }]);
  });

  it('still reports a position that moved on while an older one was being committed', () => {
    const positions = new CommitPositions();
    positions.taken(0, '1');
    positions.taken(0, '2');
    positions.handled(0, '1');
    const inCommit = positions.uncommitted();
    positions.handled(0, '2');
    positions.committed(inCommit);
    expect(positions.uncommitted()).toEqual([{ partition: 0, offset: '3' }]);
  });

  it('forgets everything once cleared (a rebalance starts again from the last commit)', () => {
    const positions = new CommitPositions();
    positions.taken(0, '1');
    positions.clear();
    positions.handled(0, '1');
    expect(positions.uncommitted()).toEqual([]);
  });
});
