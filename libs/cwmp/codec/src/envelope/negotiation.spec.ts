import { negotiateVersion } from './negotiation';
import { methodExistsIn } from './versions';

describe('CWMP version negotiation', () => {
  it('picks the highest common version and announces it when the CPE listed its versions', () => {
    expect(
      negotiateVersion(
        { supportedCwmpVersions: ['1.0', '1.2', '1.4'] },
        'urn:dslforum-org:cwmp-1-2',
      ),
    ).toEqual({
      ok: true,
      version: '1.4',
      announce: true,
    });
    expect(
      negotiateVersion({ supportedCwmpVersions: ['1.0', '1.4'] }, 'urn:dslforum-org:cwmp-1-2', [
        '1.0',
        '1.1',
        '1.2',
      ]),
    ).toEqual({
      ok: true,
      version: '1.0',
      announce: true,
    });
  });

  it('fails (fault 8006) when there is no common version', () => {
    expect(
      negotiateVersion({ supportedCwmpVersions: ['2.0'] }, 'urn:dslforum-org:cwmp-1-2'),
    ).toEqual({ ok: false, offered: ['2.0'] });
  });

  it('uses the namespace version without announcing when the CPE sent no list', () => {
    expect(negotiateVersion({}, 'urn:dslforum-org:cwmp-1-1')).toEqual({
      ok: true,
      version: '1.1',
      announce: false,
    });
    expect(negotiateVersion({}, 'urn:dslforum-org:cwmp-1-3')).toEqual({
      ok: true,
      version: '1.3',
      announce: false,
    });
  });

  it('knows which methods each version added', () => {
    expect(methodExistsIn('1.0', 'ChangeDUState')).toBe(false);
    expect(methodExistsIn('1.2', 'ChangeDUStateResponse')).toBe(true);
    expect(methodExistsIn('1.0', 'AutonomousTransferComplete')).toBe(false);
    expect(methodExistsIn('1.1', 'GetAllQueuedTransfers')).toBe(true);
    expect(methodExistsIn('1.0', 'Inform')).toBe(true);
  });
});
