import {
  dataModelRootOf,
  type DeviceLifecycleEvent,
  type DeviceUpdate,
  type DeviceUpsert,
  type SessionOpened,
} from '@acs/contracts';
import { lifecycleBase } from './lifecycle';
import { changedConnectionRequest, managementServerFacts } from './management-server';
import { onlineUntil, type OnlinePolicy } from './online-policy';
import { learnValues } from './parameters';
import type { KnownDevice, Learned } from './model';

export const BOOTSTRAP = '0 BOOTSTRAP';
export const BOOT = '1 BOOT';

/**
 * What an Inform teaches: identity, data-model root, the values it carries (and from them the
 * ManagementServer facts), boot and bootstrap times, and that the device is online. A bootstrap
 * means the device was reset or is new to this ACS: everything known before is marked stale.
 * Times are the gateway's (`occurredAt`), not the CPE's clock.
 */
export function learnFromSessionOpened(
  event: SessionOpened,
  known: KnownDevice | null,
  policy: OnlinePolicy,
): Learned {
  const { inform, occurredAt: at } = event;
  const eventCodes = inform.events.map((e) => e.eventCode);
  const bootstrap = eventCodes.includes(BOOTSTRAP);
  const boot = eventCodes.includes(BOOT);
  const root =
    dataModelRootOf(inform.parameters.map((p) => p.name)) ?? known?.dataModelRoot ?? null;
  const { set, changes } = learnValues(inform.parameters, at, known, bootstrap);
  const facts = managementServerFacts(
    inform.parameters.map((p) => ({ path: p.name, value: p.value })),
    root,
    'fromCpe',
  );
  const until = onlineUntil(
    at,
    facts.periodicInformInterval ?? known?.periodicInformInterval,
    policy,
  );

  const upsert: DeviceUpsert = {
    oui: inform.deviceId.oui,
    productClass: inform.deviceId.productClass,
    serialNumber: inform.deviceId.serialNumber,
    manufacturer: inform.deviceId.manufacturer,
    dataModelRoot: root,
    lastInform: at,
    online: true,
    onlineUntil: until,
  };
  if (facts.periodicInformInterval !== undefined)
    upsert.periodicInformInterval = facts.periodicInformInterval;
  const connectionRequest = changedConnectionRequest(
    known?.connectionRequest,
    facts.connectionRequest,
  );
  if (connectionRequest) upsert.connectionRequest = connectionRequest;
  if (boot) upsert.lastBoot = at;
  if (bootstrap) upsert.lastBootstrap = at;

  const update: DeviceUpdate = {
    eventId: event.eventId,
    deviceId: event.deviceId,
    occurredAt: at,
    upsert,
    setParameters: set,
    addEvents: [
      {
        eventId: event.eventId,
        deviceId: event.deviceId,
        occurredAt: at,
        kind: 'inform',
        detail: {
          sessionId: event.sessionId,
          events: inform.events.map((e) => ({ ...e })),
          retryCount: inform.retryCount,
          remoteAddress: event.remoteAddress,
          cwmpVersion: event.cwmpVersion,
        },
      },
    ],
  };
  if (bootstrap) update.markAllStale = true;

  const lifecycle: DeviceLifecycleEvent[] = [];
  if (!known)
    lifecycle.push({
      ...lifecycleBase(event, 'DeviceRegistered'),
      type: 'DeviceRegistered',
      oui: inform.deviceId.oui,
      productClass: inform.deviceId.productClass,
      serialNumber: inform.deviceId.serialNumber,
      manufacturer: inform.deviceId.manufacturer,
      dataModelRoot: root,
    });
  if (bootstrap)
    lifecycle.push({
      ...lifecycleBase(event, 'DeviceBootstrapped'),
      type: 'DeviceBootstrapped',
      eventCodes,
    });
  if (boot) {
    const softwareVersion = inform.parameters.find(
      (p) => p.name === `${root ?? 'Device.'}DeviceInfo.SoftwareVersion`,
    )?.value;
    lifecycle.push({
      ...lifecycleBase(event, 'DeviceBooted'),
      type: 'DeviceBooted',
      eventCodes,
      ...(softwareVersion === undefined ? {} : { softwareVersion: String(softwareVersion) }),
    });
  }
  if (!known?.online)
    lifecycle.push({
      ...lifecycleBase(event, 'DeviceCameOnline'),
      type: 'DeviceCameOnline',
      onlineUntil: until,
    });
  if (changes.length > 0)
    lifecycle.push({
      ...lifecycleBase(event, 'DeviceParametersChanged'),
      type: 'DeviceParametersChanged',
      changes,
    });
  return { update, lifecycle };
}
