import { Readable } from 'node:stream';

/**
 * The simulator's firmware image format: one header line, then padding to the image's size.
 *
 *     ACS-SIM-FIRMWARE version=2.1.0 hardware=HW-1.0 size=67108864\n
 *
 * A simulated CPE reads the version it will boot from the bytes it downloaded, as a real one reads
 * its image header, so a signed URL (`/files/<imageId>?s=...`) needs no version in its name.
 * `hardware` (optional) is the HardwareVersion the image is built for; `size` (optional) the whole
 * image's length, so a truncated image is caught even when the Download gave no FileSize.
 */
export const FIRMWARE_MAGIC = 'ACS-SIM-FIRMWARE';

/** The header must end within this many bytes: a device reads no more to decide what it holds. */
export const FIRMWARE_HEAD_BYTES = 512;

export interface FirmwareHeader {
  version: string;
  hardware?: string;
  size?: number;
}

export interface FirmwareImageSpec {
  version: string;
  /** The image's whole length in bytes (default: the header alone). */
  size?: number;
  hardware?: string;
}

/** Header values are single tokens: printable ASCII without spaces, as vendors' version strings. */
const TOKEN = /^[\x21-\x7e]{1,64}$/;

function headerLine(spec: FirmwareImageSpec, size: number): Buffer {
  for (const [name, value] of [
    ['version', spec.version],
    ['hardware', spec.hardware],
  ] as const) {
    if (value !== undefined && !TOKEN.test(value))
      throw new RangeError(`firmware ${name} must be 1-64 printable characters, got "${value}"`);
  }
  const fields = [`version=${spec.version}`];
  if (spec.hardware !== undefined) fields.push(`hardware=${spec.hardware}`);
  fields.push(`size=${size}`);
  return Buffer.from(`${FIRMWARE_MAGIC} ${fields.join(' ')}\n`, 'latin1');
}

/** The header and the image size it announces (the size field's digits count in the size). */
function headerFor(spec: FirmwareImageSpec): { header: Buffer; size: number } {
  let size = spec.size ?? 0;
  let header = headerLine(spec, size);
  if (spec.size === undefined) {
    // Header alone: its own length, which may gain a digit once written into it.
    while (header.length !== size) {
      size = header.length;
      header = headerLine(spec, size);
    }
  }
  if (size < header.length)
    throw new RangeError(`a ${size}-byte image cannot hold its ${header.length}-byte header`);
  return { header, size };
}

const PADDING_BYTE = 0xa5;

/** A whole simulated image in memory: for small images in tests. */
export function simulatedFirmwareImage(spec: FirmwareImageSpec): Buffer {
  const { header, size } = headerFor(spec);
  const image = Buffer.alloc(size, PADDING_BYTE);
  header.copy(image);
  return image;
}

const CHUNK = Buffer.alloc(64 * 1024, PADDING_BYTE);

/**
 * A simulated image as a stream, for large ones (a 64 MiB bench image): the header, then one
 * shared 64 KiB padding chunk written again and again, so serving it allocates nothing per byte.
 */
export function simulatedFirmwareStream(spec: FirmwareImageSpec): Readable {
  const { header, size } = headerFor(spec);
  function* pieces(): Generator<Buffer> {
    yield header;
    let left = size - header.length;
    while (left > 0) {
      const piece = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
      left -= piece.length;
      yield piece;
    }
  }
  return Readable.from(pieces(), { objectMode: false });
}

export type ParsedHead =
  | { kind: 'image'; header: FirmwareHeader }
  /** Not this format at all: the device falls back to the file name. */
  | { kind: 'absent' }
  /** Starts like an image header but is not a valid one: a corrupt image. */
  | { kind: 'malformed'; reason: string };

/** Reads the header from the first bytes of a file (at most FIRMWARE_HEAD_BYTES are looked at). */
export function parseFirmwareHead(head: Buffer): ParsedHead {
  const magic = Buffer.from(`${FIRMWARE_MAGIC} `, 'latin1');
  if (head.length < magic.length || !head.subarray(0, magic.length).equals(magic))
    return { kind: 'absent' };
  const end = head.subarray(0, FIRMWARE_HEAD_BYTES).indexOf(0x0a);
  if (end < 0) return { kind: 'malformed', reason: 'header line not terminated' };
  const fields = new Map<string, string>();
  for (const field of head.subarray(magic.length, end).toString('latin1').split(' ')) {
    const equals = field.indexOf('=');
    const value = field.slice(equals + 1);
    if (equals <= 0 || !TOKEN.test(value))
      return { kind: 'malformed', reason: `bad header field "${field}"` };
    fields.set(field.slice(0, equals), value);
  }
  const version = fields.get('version');
  if (!version) return { kind: 'malformed', reason: 'header has no version' };
  const header: FirmwareHeader = { version };
  const hardware = fields.get('hardware');
  if (hardware !== undefined) header.hardware = hardware;
  const size = fields.get('size');
  if (size !== undefined) {
    if (!/^\d{1,15}$/.test(size)) return { kind: 'malformed', reason: `bad size "${size}"` };
    header.size = Number(size);
  }
  return { kind: 'image', header };
}

/** Whether the first bytes hold enough to parse the header (its line ended, or the limit reached). */
export function headComplete(head: Buffer): boolean {
  return head.length >= FIRMWARE_HEAD_BYTES || head.includes(0x0a);
}

/** The old rule for files without a header: the version in the URL's file name (`firmware-2.1.0.bin`). */
export function versionFromFileName(url: string): string | undefined {
  let name: string;
  try {
    name = new URL(url).pathname.split('/').pop() ?? '';
  } catch {
    return undefined;
  }
  return /(\d+\.\d+(?:\.\d+)*)/.exec(name)?.[1];
}
