import { Profile } from '../model/profile';
import { TR098_INTERNET_GATEWAY } from './tr098';
import { TR181_HOME_GATEWAY } from './tr181';

export const PROFILES: Readonly<Record<string, Profile>> = {
  tr181: TR181_HOME_GATEWAY,
  tr098: TR098_INTERNET_GATEWAY,
};

export type ProfileName = 'tr181' | 'tr098';

export function profileNamed(name: string): Profile {
  const profile = PROFILES[name];
  if (!profile) {
    throw new RangeError(`unknown profile "${name}" (known: ${Object.keys(PROFILES).join(', ')})`);
  }
  return profile;
}

export { TR098_INTERNET_GATEWAY, TR181_HOME_GATEWAY };
