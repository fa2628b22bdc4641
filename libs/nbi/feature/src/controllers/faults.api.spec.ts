import { TOPICS, validateProvisioningEvent, type ProvisioningEvent } from '@acs/contracts';
import { startTestNbi, TestNbi } from '../test-support/nbi-test-app';

interface FaultList {
  faults: { faultId: string; deviceId: string; code: string; count: number }[];
}

describe('faults API', () => {
  let nbi: TestNbi;
  const published: ProvisioningEvent[] = [];
  beforeAll(async () => {
    nbi = await startTestNbi();
    nbi.auditBus.subscribe(TOPICS.events, (message) => {
      const event = validateProvisioningEvent(JSON.parse(message.value));
      if (event.ok) published.push(event.value);
    });
    await nbi.seed(
      {
        deviceId: '00D09E-HG8245-F1',
        informAt: 10,
        faults: [
          { faultId: 'f-1', code: '9002', message: 'Internal error', source: 'SetParameterValues' },
        ],
      },
      {
        deviceId: '00D09E-HG8245-F2',
        informAt: 20,
        faults: [
          {
            faultId: 'f-2',
            code: '9005',
            message: 'Invalid parameter name',
            source: 'GetParameterValues',
          },
          {
            faultId: 'f-3',
            code: 'session-timeout',
            message: 'CPE went silent',
            source: 'session',
          },
        ],
      },
    );
  }, 30_000);
  afterAll(() => nbi.close());

  const list = async (query: string) => {
    const response = await nbi.request('GET', `/api/v1/faults${query}`, {
      key: nbi.keys['read-only'],
    });
    expect(response.status).toBe(200);
    return (response.body as FaultList).faults;
  };

  it('lists open faults, by device and a page at a time', async () => {
    expect((await list('')).map((fault) => fault.faultId).sort()).toEqual(['f-1', 'f-2', 'f-3']);
    const ofDevice = await list('?deviceId=00D09E-HG8245-F2');
    expect(ofDevice.map((fault) => fault.code).sort()).toEqual(['9005', 'session-timeout']);
    expect(ofDevice[0]).toMatchObject({ deviceId: '00D09E-HG8245-F2', count: 1 });
    const pages = [...(await list('?limit=2')), ...(await list('?limit=2&skip=2'))];
    expect(pages.map((fault) => fault.faultId).sort()).toEqual(['f-1', 'f-2', 'f-3']);
  });

  it('clears a fault (audited); clearing it again is a 404', async () => {
    const cleared = await nbi.request('DELETE', '/api/v1/faults/f-1', { key: nbi.keys.operator });
    expect(cleared.status).toBe(204);
    expect((await list('')).map((fault) => fault.faultId).sort()).toEqual(['f-2', 'f-3']);
    const again = await nbi.request('DELETE', '/api/v1/faults/f-1', { key: nbi.keys.operator });
    expect(again).toMatchObject({ status: 404, body: { error: 'fault-not-found' } });
    // Announced once, for the clear that happened, with an id an OSS deduplicates by.
    expect(published).toEqual([
      expect.objectContaining({
        type: 'FaultCleared',
        eventId: 'fault:f-1:cleared',
        deviceId: '00D09E-HG8245-F1',
        faultId: 'f-1',
        code: '9002',
        source: 'SetParameterValues',
        clearedBy: 'operator',
      }),
    ]);
    const entries = await nbi.auditOutcomes(2);
    expect(entries.map((entry) => [entry.action, entry.target, entry.status])).toEqual([
      ['fault.clear', 'fault:f-1', 404],
      ['fault.clear', 'fault:f-1', 204],
    ]);
  });

  it('answers 400 naming the field for a bad page size', async () => {
    const response = await nbi.request('GET', '/api/v1/faults?limit=1001', {
      key: nbi.keys['read-only'],
    });
    expect(response).toMatchObject({ status: 400, body: { field: 'limit' } });
  });
});
