import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { POSTURE_PARAMETERS } from './posture-facts';

const BBF_DIR = join(import.meta.dirname, '../../../../../shared/data/bbf');
const MODELS = {
  'Device.': 'tr-181-2-17-0-cwmp-full.xml',
  'InternetGatewayDevice.': 'tr-098-1-8-0-full.xml',
};
const present = Object.values(MODELS).every((file) => existsSync(join(BBF_DIR, file)));
const withBbf = present ? describe : describe.skip;

withBbf('posture parameter names in the BBF data models (skipped without shared/data/bbf)', () => {
  it.each(Object.entries(MODELS))('%s model defines every parameter read', (root, file) => {
    const xml = readFileSync(join(BBF_DIR, file), 'utf8');
    for (const name of Object.values(POSTURE_PARAMETERS)) {
      const dot = name.lastIndexOf('.');
      const object = `${root}${name.slice(0, dot + 1)}`;
      const at = xml.indexOf(`<object name="${object}"`);
      expect({ object, defined: at >= 0 }).toEqual({ object, defined: true });
      const next = xml.indexOf('<object name=', at + 1);
      const body = xml.slice(at, next === -1 ? undefined : next);
      expect({ name, defined: body.includes(`<parameter name="${name.slice(dot + 1)}"`) }).toEqual({
        name,
        defined: true,
      });
    }
  });
});
