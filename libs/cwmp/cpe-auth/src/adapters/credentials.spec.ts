import { mkdtemp, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import type { CredentialsProvider, CredentialsQuery } from '../ports/credentials-provider';
import {
  ConfigFileCredentialsProvider,
  CredentialsFileError,
} from './config-file/credentials-file';
import { CachingCredentialsProvider } from './memory/caching-credentials-provider';
import {
  DuplicateCredentialsError,
  InMemoryCredentialsProvider,
  type CredentialsEntries,
} from './memory/in-memory-credentials-provider';

const HUAWEI = { oui: '00259E', productClass: 'HG8245H' };
const DEVICE_A = { ...HUAWEI, serialNumber: 'A0001' };
const DEVICE_B = { ...HUAWEI, serialNumber: 'B0002' };
const ZYXEL_NO_CLASS = { oui: '001A2B', productClass: '', serialNumber: 'Z9' };

const ENTRIES: CredentialsEntries = {
  devices: [{ ...DEVICE_A, username: 'cpe-A0001', password: 'a-secret' }],
  deviceClasses: [
    { ...HUAWEI, username: 'acs', password: 'huawei-class' },
    { oui: '001A2B', username: 'acs', password: 'zyxel-oui' },
  ],
};

const passwords = async (provider: CredentialsProvider, query: CredentialsQuery) =>
  (await provider.find(query)).map((entry) => entry.password).sort();

describe('InMemoryCredentialsProvider', () => {
  const provider = new InMemoryCredentialsProvider(ENTRIES);

  it('finds a device its own credentials, and not its class credentials', async () => {
    expect(await provider.find({ username: 'cpe-A0001', device: DEVICE_A })).toEqual([
      { username: 'cpe-A0001', password: 'a-secret', source: 'device:00259E-HG8245H-A0001' },
    ]);
    expect(await provider.find({ username: 'acs', device: DEVICE_A })).toEqual([]);
  });

  it('falls back to OUI + ProductClass, then to the OUI alone', async () => {
    expect(await provider.find({ username: 'acs', device: DEVICE_B })).toEqual([
      { username: 'acs', password: 'huawei-class', source: 'class:00259E-HG8245H' },
    ]);
    expect(await passwords(provider, { username: 'acs', device: ZYXEL_NO_CLASS })).toEqual([
      'zyxel-oui',
    ]);
  });

  it('does not accept one device credentials for another device', async () => {
    expect(await provider.find({ username: 'cpe-A0001', device: DEVICE_B })).toEqual([]);
  });

  it('without a device, answers every entry with that username', async () => {
    expect(await passwords(provider, { username: 'acs' })).toEqual(['huawei-class', 'zyxel-oui']);
    expect(await passwords(provider, { username: 'cpe-A0001' })).toEqual(['a-secret']);
    expect(await provider.find({ username: 'nobody' })).toEqual([]);
  });

  it('refuses the same device or class twice', () => {
    const device = { ...DEVICE_A, username: 'u', password: 'p' };
    expect(() => new InMemoryCredentialsProvider({ devices: [device, device] })).toThrow(
      'device 00259E-HG8245H-A0001 is listed twice',
    );
    const deviceClass = { ...HUAWEI, username: 'u', password: 'p' };
    expect(
      () => new InMemoryCredentialsProvider({ deviceClasses: [deviceClass, deviceClass] }),
    ).toThrow(DuplicateCredentialsError);
  });
});

describe('CachingCredentialsProvider', () => {
  class CountingProvider implements CredentialsProvider {
    calls = 0;
    constructor(private readonly inner: CredentialsProvider) {}
    find(query: CredentialsQuery) {
      this.calls++;
      return this.inner.find(query);
    }
  }

  it('answers repeated lookups from the cache until the TTL is over, found or not', async () => {
    let now = 0;
    const store = new CountingProvider(new InMemoryCredentialsProvider(ENTRIES));
    const cache = new CachingCredentialsProvider(store, { ttlMs: 1_000, now: () => now });
    expect(await passwords(cache, { username: 'acs', device: DEVICE_B })).toEqual(['huawei-class']);
    expect(await passwords(cache, { username: 'acs', device: DEVICE_B })).toEqual(['huawei-class']);
    expect(await cache.find({ username: 'nobody' })).toEqual([]);
    expect(await cache.find({ username: 'nobody' })).toEqual([]);
    expect(store.calls).toBe(2);
    // Another device is another question, even with the same username.
    await cache.find({ username: 'acs', device: DEVICE_A });
    expect(store.calls).toBe(3);
    now = 1_000;
    await cache.find({ username: 'acs', device: DEVICE_B });
    expect(store.calls).toBe(4);
  });

  it('keeps at most maxEntries answers, dropping the oldest', async () => {
    const store = new CountingProvider(new InMemoryCredentialsProvider(ENTRIES));
    const cache = new CachingCredentialsProvider(store, { ttlMs: 60_000, maxEntries: 2 });
    await cache.find({ username: 'u1' });
    await cache.find({ username: 'u2' });
    await cache.find({ username: 'u3' });
    await cache.find({ username: 'u3' });
    await cache.find({ username: 'u2' });
    expect(store.calls).toBe(3);
    await cache.find({ username: 'u1' });
    expect(store.calls).toBe(4);
  });
});

describe('ConfigFileCredentialsProvider', () => {
  let directory = '';
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'cpe-auth-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });
  const file = async (name: string, content: string) => {
    const path = join(directory, name);
    await writeFile(path, content);
    return path;
  };
  const loadError = async (path: string): Promise<CredentialsFileError> => {
    const error: unknown = await ConfigFileCredentialsProvider.load(path).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    if (!(error instanceof CredentialsFileError))
      throw new Error(`expected a CredentialsFileError, got ${String(error)}`);
    return error;
  };

  it('loads per-device and per-class credentials', async () => {
    const provider = await ConfigFileCredentialsProvider.load(
      await file('ok.json', JSON.stringify(ENTRIES)),
    );
    expect(await passwords(provider, { username: 'acs', device: DEVICE_B })).toEqual([
      'huawei-class',
    ]);
    expect(await passwords(provider, { username: 'cpe-A0001', device: DEVICE_A })).toEqual([
      'a-secret',
    ]);
  });

  it('names the file and the entry at fault, without the password', async () => {
    const path = await file(
      'bad-entry.json',
      JSON.stringify({
        devices: [
          { ...DEVICE_A, username: 'u', password: 'p' },
          { ...DEVICE_B, username: 'u', pasword: 'hunter2' },
        ],
      }),
    );
    const error = await loadError(path);
    expect(error.message).toContain(`credentials file ${path}`);
    expect(error.message).toContain('/devices/1/pasword: unexpected property');
    expect(error.message).toContain('/devices/1/password: expected required property');
    expect(error.message).not.toContain('hunter2');
  });

  it('says where the JSON breaks, without quoting the text', async () => {
    const path = await file(
      'broken.json',
      '{\n  "devices": [\n    { "password": "hunter2" x }\n  ]\n}',
    );
    const error = await loadError(path);
    expect(error.message).toBe(`credentials file ${path}: is not valid JSON (line 3, column 29)`);
  });

  it('reports a missing file, an empty password and a device listed twice', async () => {
    expect((await loadError(join(directory, 'absent.json'))).message).toContain(
      'cannot be read (ENOENT)',
    );
    const empty = await file(
      'empty.json',
      JSON.stringify({ deviceClasses: [{ oui: 'X', username: 'u', password: '' }] }),
    );
    expect((await loadError(empty)).message).toContain('/deviceClasses/0/password');
    const twice = await file(
      'twice.json',
      JSON.stringify({
        devices: [
          { ...DEVICE_A, username: 'u', password: 'p' },
          { ...DEVICE_A, username: 'v', password: 'q' },
        ],
      }),
    );
    expect((await loadError(twice)).message).toContain(
      'device 00259E-HG8245H-A0001 is listed twice',
    );
  });

  it('keeps the previous credentials when a reload finds a broken file', async () => {
    const path = await file('reload.json', JSON.stringify(ENTRIES));
    const provider = await ConfigFileCredentialsProvider.load(path);
    await writeFile(path, '{"devices": 3}');
    await expect(provider.reload()).rejects.toThrow(CredentialsFileError);
    expect(await passwords(provider, { username: 'acs', device: DEVICE_B })).toEqual([
      'huawei-class',
    ]);
    await writeFile(
      path,
      JSON.stringify({ deviceClasses: [{ ...HUAWEI, username: 'acs', password: 'rotated' }] }),
    );
    await provider.reload();
    expect(await passwords(provider, { username: 'acs', device: DEVICE_B })).toEqual(['rotated']);
  });
});
