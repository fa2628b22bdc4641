import {
  FIRMWARE_HEAD_BYTES,
  parseFirmwareHead,
  simulatedFirmwareImage,
  simulatedFirmwareStream,
  versionFromFileName,
} from './image';

describe('simulated firmware images', () => {
  it('writes a header the device reads back, padded to the size asked for', () => {
    const image = simulatedFirmwareImage({ version: '2.1.0-rc1', hardware: 'HW-1.0', size: 4096 });
    expect(image.length).toBe(4096);
    expect(image.subarray(0, 64).toString('latin1')).toMatch(
      /^ACS-SIM-FIRMWARE version=2\.1\.0-rc1 hardware=HW-1\.0 size=4096\n/,
    );
    expect(parseFirmwareHead(image.subarray(0, FIRMWARE_HEAD_BYTES))).toEqual({
      kind: 'image',
      header: { version: '2.1.0-rc1', hardware: 'HW-1.0', size: 4096 },
    });
  });

  it('sizes a header-only image to the header, its own length included', () => {
    const image = simulatedFirmwareImage({ version: '3' });
    const parsed = parseFirmwareHead(image);
    expect(parsed.kind === 'image' && parsed.header.size).toBe(image.length);
  });

  it('streams the same bytes as the buffer, in pieces of at most 64 KiB', async () => {
    const spec = { version: '5.0.1', size: 200_000 };
    const pieces: Buffer[] = [];
    for await (const piece of simulatedFirmwareStream(spec)) pieces.push(piece as Buffer);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThanOrEqual(64 * 1024);
    expect(Buffer.concat(pieces).equals(simulatedFirmwareImage(spec))).toBe(true);
  });

  it('refuses a size that cannot hold the header, and versions with spaces', () => {
    expect(() => simulatedFirmwareImage({ version: '1.0', size: 10 })).toThrow(RangeError);
    expect(() => simulatedFirmwareImage({ version: '1 0' })).toThrow(RangeError);
  });

  it('tells a file without the header from a corrupt header', () => {
    expect(parseFirmwareHead(Buffer.alloc(4096, 7))).toEqual({ kind: 'absent' });
    expect(parseFirmwareHead(Buffer.from('ACS-SIM-FIRMWARE version=1.0'))).toMatchObject({
      kind: 'malformed',
    });
    expect(parseFirmwareHead(Buffer.from('ACS-SIM-FIRMWARE hardware=x\n'))).toMatchObject({
      kind: 'malformed',
      reason: 'header has no version',
    });
    expect(parseFirmwareHead(Buffer.from('ACS-SIM-FIRMWARE version=1 size=-3\n'))).toMatchObject({
      kind: 'malformed',
    });
  });

  it('falls back to the version in the file name, and finds none in a signed URL', () => {
    expect(versionFromFileName('http://h/files/firmware-2.1.0.bin')).toBe('2.1.0');
    expect(versionFromFileName('http://h/files/img-42?d=SIM1&e=99&s=ab12')).toBeUndefined();
  });
});
