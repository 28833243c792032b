/**
 * The profiles that ship with the kiosk, by id. A clinic's own profiles are validated data loaded
 * from its data folder (clinic-profiles.ts); this list is only what needs no configuration.
 */
import type { DeviceProfile } from '../device-profile.js';
import { kioskLineV1 } from './kiosk-line-v1.js';
import { mq3Ascii } from './mq3-ascii.js';

export const builtInProfiles: readonly DeviceProfile[] = [kioskLineV1, mq3Ascii];

export function builtInProfile(id: string): DeviceProfile | undefined {
  return builtInProfiles.find((profile) => profile.id === id);
}
