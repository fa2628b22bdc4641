import { ParameterValue } from '../values/xsd-types';
import { dateTimeElement, element, soapArray, unsignedElement } from '../xml/writer';
import { MessageCodec } from './message-codec';
import { readParameterValueList, writeParameterValueList } from './structs/parameter-value-list';

export interface DeviceIdStruct {
  manufacturer: string;
  oui: string;
  productClass: string;
  serialNumber: string;
}

export interface EventStruct {
  /** `0 BOOTSTRAP`, `2 PERIODIC`, `M Download`, `X 00D09E ...`: kept as sent, trimmed. */
  eventCode: string;
  commandKey: string;
}

export interface Inform {
  type: 'Inform';
  deviceId: DeviceIdStruct;
  events: EventStruct[];
  maxEnvelopes: number;
  /** null when the device does not know the time yet (`0001-01-01T00:00:00Z`). */
  currentTime: string | null;
  retryCount: number;
  parameters: ParameterValue[];
}

export interface InformResponse {
  type: 'InformResponse';
  maxEnvelopes: number;
}

export const informCodec: MessageCodec<Inform> = {
  type: 'Inform',
  decode(method) {
    const deviceId = method.child('DeviceId');
    return {
      type: 'Inform',
      deviceId: {
        // Empty or missing Manufacturer is common on white-label devices.
        manufacturer: deviceId.optionalString('Manufacturer'),
        oui: deviceId.string('OUI').trim(),
        productClass: deviceId.optionalString('ProductClass'),
        serialNumber: deviceId.string('SerialNumber').trim(),
      },
      events: method.optionalItems('Event').map((event) => ({
        eventCode: event.string('EventCode').trim(),
        commandKey: event.optionalString('CommandKey'),
      })),
      maxEnvelopes: method.optionalInt('MaxEnvelopes') ?? 1,
      currentTime: method.optionalDateTime('CurrentTime'),
      retryCount: method.optionalInt('RetryCount') ?? 0,
      parameters: method.has('ParameterList')
        ? readParameterValueList(method.child('ParameterList'))
        : [],
    };
  },
  encode(message, options) {
    const id = message.deviceId;
    return (
      `<DeviceId>${element('Manufacturer', id.manufacturer)}${element('OUI', id.oui)}` +
      `${element('ProductClass', id.productClass)}${element('SerialNumber', id.serialNumber)}</DeviceId>` +
      soapArray(
        'Event',
        'cwmp:EventStruct',
        message.events.map(
          (event) =>
            `<EventStruct>${element('EventCode', event.eventCode)}${element('CommandKey', event.commandKey)}</EventStruct>`,
        ),
      ) +
      unsignedElement('MaxEnvelopes', message.maxEnvelopes) +
      dateTimeElement('CurrentTime', message.currentTime, options) +
      unsignedElement('RetryCount', message.retryCount) +
      writeParameterValueList('ParameterList', message.parameters, options)
    );
  },
};

export const informResponseCodec: MessageCodec<InformResponse> = {
  type: 'InformResponse',
  decode: (method) => ({
    type: 'InformResponse',
    maxEnvelopes: method.optionalInt('MaxEnvelopes') ?? 1,
  }),
  encode: (message) => unsignedElement('MaxEnvelopes', message.maxEnvelopes),
};
