import { SessionEventSchema } from '@acs/contracts';
import { messageTypeLabel, messageTypesOf } from './message-type';

describe('message type labels', () => {
  const known = new Set(messageTypesOf(SessionEventSchema));

  it('lists the types a union of message schemas allows', () => {
    expect([...known].sort()).toEqual([
      'CpeRequest',
      'RpcResult',
      'SessionClosed',
      'SessionOpened',
    ]);
  });

  it("reads the first type field, and says 'other' for anything it does not know", () => {
    const opened = JSON.stringify({
      eventId: 'e1',
      deviceId: 'd',
      type: 'SessionOpened',
      x: { type: 'Inform' },
    });
    expect(messageTypeLabel(opened, known)).toBe('SessionOpened');
    expect(messageTypeLabel(JSON.stringify({ type: 'Made-up' }), known)).toBe('other');
    expect(messageTypeLabel(JSON.stringify({ type: 'OBS00001' }), known)).toBe('other');
    expect(messageTypeLabel(null, known)).toBe('other');
  });
});
