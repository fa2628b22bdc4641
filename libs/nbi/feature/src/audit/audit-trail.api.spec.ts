import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Consumer } from 'kafkajs';
import { assertPublicMessage, TOPICS, type AuditEntryMessage } from '@acs/contracts';
import {
  InProcessEventBus,
  kafkaPublisherFromSettings,
  type KafkaEventPublisher,
} from '@acs/event-bus';
import { EmbeddedAuditLog, openNbiDatabase, type NbiDatabase } from '@acs/nbi-data-access';
import { FAST_CONSUMER_TIMINGS, useKafkaCluster, waitFor } from '@acs/testing';
import { startTestNbi, type TestNbi } from '../test-support/nbi-test-app';
import { AuditForwarder } from './audit-forwarder';

const DEVICE = '00D09E-HG8245-AUD1';
const tagUrl = (tag: string) => `/api/v1/devices/${DEVICE}/tags/${tag}`;

describe('the audit trail fails closed', () => {
  let nbi: TestNbi;
  let auditDir: string;
  let auditDb: NbiDatabase;

  beforeEach(async () => {
    // The audit log on a SQLite file of its own, so that closing it takes only the audit log
    // away (the API keys stay readable), as an audit store that went down would.
    auditDir = mkdtempSync(join(tmpdir(), 'nbi-audit-down-'));
    auditDb = openNbiDatabase(auditDir);
    nbi = await startTestNbi({ auditLog: new EmbeddedAuditLog(auditDb) });
    await nbi.seed({ deviceId: DEVICE });
  });
  afterEach(async () => {
    await nbi.close();
    if (auditDb.open) auditDb.close();
    rmSync(auditDir, { recursive: true, force: true });
  });

  it('refuses a write whose audit entry cannot be stored, and does not carry it out', async () => {
    const stored = await nbi.request('PUT', tagUrl('before'), { key: nbi.keys.operator });
    expect(stored.status).toBe(204);

    auditDb.close();
    const refused = await nbi.request('PUT', tagUrl('unaudited'), { key: nbi.keys.operator });
    expect(refused).toMatchObject({ status: 503, body: { error: 'audit-unavailable' } });
    const device = await nbi.request('GET', `/api/v1/devices/${DEVICE}`, {
      key: nbi.keys['read-only'],
    });
    expect(device).toMatchObject({ status: 200, body: { tags: ['before'] } });
  });

  it('still refuses a request the guard refuses, with the guard’s answer', async () => {
    auditDb.close();
    expect((await nbi.request('PUT', tagUrl('x'))).status).toBe(401);
    expect((await nbi.request('PUT', tagUrl('x'), { key: nbi.keys['read-only'] })).status).toBe(
      403,
    );
  });
});

describe('the audit trail on acs.audit (real Kafka)', () => {
  const kafka = useKafkaCluster({ topics: { [TOPICS.audit]: 1 } });
  let publisher: KafkaEventPublisher;
  let consumer: Consumer;
  const received: AuditEntryMessage[] = [];

  beforeAll(async () => {
    publisher = kafkaPublisherFromSettings(kafka.client('nbi-audit'), {
      idempotentProducer: true,
      kafkaNamePrefix: kafka.prefix,
    });
    await publisher.connect();
    consumer = kafka.client('siem').consumer({
      groupId: kafka.group(`siem-${randomUUID()}`),
      ...FAST_CONSUMER_TIMINGS,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: kafka.topic(TOPICS.audit), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.push(assertPublicMessage(TOPICS.audit, message.value?.toString() ?? ''));
      },
    });
  }, 60_000);
  afterAll(async () => {
    await consumer?.disconnect();
    await publisher?.shutdown();
  });

  it('publishes a write’s entries after storing them, and catches up on what a failed publish left', async () => {
    // A pod whose publisher is down: the write goes through (the store is the record) ...
    const down = new InProcessEventBus();
    await down.shutdown();
    const nbi = await startTestNbi({ auditEvents: down });
    try {
      await nbi.seed({ deviceId: DEVICE });
      const write = await nbi.request('PUT', tagUrl('siem'), { key: nbi.keys.operator });
      expect(write.status).toBe(204);
      const log = nbi.nbiStores.auditLog;
      const [outcome] = await nbi.auditOutcomes(1);
      expect(outcome?.seq).toBe(2);
      expect(await log.publishedThrough()).toBe(0);

      // ... and the pod after a restart, its publisher back, publishes what was left behind.
      await new AuditForwarder(log, publisher).kick();
      await waitFor(() => received.length >= 2, 'both entries on acs.audit');
      expect(received.map(({ seq, phase }) => [seq, phase])).toEqual([
        [1, 'intent'],
        [2, 'outcome'],
      ]);
      expect(received[1]).toEqual({ schemaVersion: 1, ...outcome });
      expect(received[1]?.prevHash).toBe(received[0]?.hash);
      expect(await log.publishedThrough()).toBe(2);
    } finally {
      await nbi.close();
    }
  }, 60_000);

  it('publishes each new entry once it is stored', async () => {
    const nbi = await startTestNbi({ auditEvents: publisher });
    try {
      received.length = 0;
      await nbi.request('DELETE', `/api/v1/devices/${DEVICE}-GONE`, { key: nbi.keys.operator });
      await waitFor(() => received.length >= 2, 'the intent and outcome on acs.audit');
      expect(received.map(({ action, phase, status }) => [action, phase, status])).toEqual([
        ['device.delete', 'intent', undefined],
        ['device.delete', 'outcome', 404],
      ]);
    } finally {
      await nbi.close();
    }
  }, 60_000);
});
