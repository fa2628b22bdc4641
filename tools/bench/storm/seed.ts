/**
 * The known 90 % of a storm's fleet, put into inventory before the storm as inventory itself
 * would have stored their first contact: each device's bootstrap Inform (built by the simulator
 * from the same profile and serial it boots with in the storm) learnt by the inventory domain
 * (learnFromSessionOpened) and written through the Mongo device store's applyBatch, in batches
 * several at a time. The same documents a real first contact leaves, without sessions, Kafka or
 * the consumer: the storm's own first contacts are the other 10 %.
 */
import { deviceIdOf, type SessionOpened } from '@acs/contracts';
import {
  buildInform,
  createDeviceState,
  formatSerial,
  isFirstContact,
  profileNamed,
} from '@acs/cpe-simulator';
import { MongoDeviceStore } from '@acs/device-store';
import { DEFAULT_ONLINE_POLICY, learnFromSessionOpened } from '@acs/inventory-domain';
import { FERRETDB_WRITES_PER_COMMAND } from '@acs/testing';

export interface StormFleet {
  devices: number;
  serialPattern: string;
  firstContactShare: number;
}

/** The storm's devices: serial and the id inventory stores it under (tr181, as the simulator). */
export function fleetIdentities(fleet: StormFleet): { serial: string; deviceId: string }[] {
  const identity = profileNamed('tr181').identity;
  return Array.from({ length: fleet.devices }, (_, ordinal) => {
    const serial = formatSerial(fleet.serialPattern, ordinal);
    return { serial, deviceId: deviceIdOf({ ...identity, serialNumber: serial }) };
  });
}

const BATCH = 500;
const BATCHES_IN_FLIGHT = 4;

/** Stores every device that is not a first contact as bootstrapped at `at`; returns how many. */
export async function seedKnownDevices(
  mongodbUri: string,
  fleet: StormFleet,
  at: Date,
  progress: (done: number) => void,
): Promise<number> {
  const store = await MongoDeviceStore.connect(mongodbUri, {
    writesPerCommand: FERRETDB_WRITES_PER_COMMAND,
  });
  const profile = profileNamed('tr181');
  const ordinals = Array.from({ length: fleet.devices }, (_, ordinal) => ordinal).filter(
    (ordinal) => !isFirstContact(ordinal, fleet.firstContactShare),
  );
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < ordinals.length) {
      const batch = ordinals.slice(next, next + BATCH);
      next += batch.length;
      const updates = batch.map((ordinal) => {
        const serial = formatSerial(fleet.serialPattern, ordinal);
        const event = bootstrapOf(createDeviceState(profile, serial, ordinal), at);
        const update = learnFromSessionOpened(event, null, DEFAULT_ONLINE_POLICY).update;
        if (!update) throw new Error(`inventory learnt nothing from ${serial}'s bootstrap`);
        return update;
      });
      await store.applyBatch(updates);
      done += batch.length;
      progress(done);
    }
  };
  try {
    await Promise.all(Array.from({ length: BATCHES_IN_FLIGHT }, worker));
  } finally {
    await store.close();
  }
  return done;
}

function bootstrapOf(state: ReturnType<typeof createDeviceState>, at: Date): SessionOpened {
  const inform = buildInform(state, 0, at);
  const deviceId = deviceIdOf(inform.deviceId);
  const eventId = `${deviceId}/seed`;
  return {
    schemaVersion: 1,
    eventId,
    deviceId,
    sessionId: eventId,
    occurredAt: at.toISOString(),
    gatewayPod: 'storm-seed',
    type: 'SessionOpened',
    cwmpVersion: '1.4',
    namespace: 'urn:dslforum-org:cwmp-1-2',
    remoteAddress: '198.51.100.7',
    inform,
  };
}
