/**
 * A clinic's own device profiles: one JSON file per device in `<dataDir>/breathalyser-profiles/`,
 * each validated by the same schema as the built-ins, so a clinic can add its breathalyser without
 * a release (docs/breathalyser-capture.md says how to write one). Files, not a list in kiosk.json,
 * so a profile can be copied between kiosks and checked with the replay tool on its own.
 *
 * A file that fails validation is reported by name with each problem, and the lookup fails: a
 * device is never read with a half-understood profile.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { StrictJsonError, parseStrictJson } from '../../../config/strict-json.js';
import { DeviceProfile } from '../device-profile.js';
import { builtInProfile, builtInProfiles } from './built-in-profiles.js';

export const clinicProfilesFolderName = 'breathalyser-profiles';

export class DeviceProfileError extends Error {}

/** Reads and validates one profile file; the error names the file and every problem in it. */
export function readProfileFile(file: string): DeviceProfile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DeviceProfileError(`The breathalyser profile ${file} could not be read (${(error as Error).message}).`);
  }
  let raw: unknown;
  try {
    // Strict: a duplicate key would otherwise let the second copy win without a word.
    raw = parseStrictJson(text, file);
  } catch (error) {
    throw new DeviceProfileError(`The breathalyser profile ${file} could not be read as JSON (${error instanceof StrictJsonError ? error.problem : (error as Error).message}).`);
  }
  const parsed = DeviceProfile.safeParse(raw);
  if (!parsed.success) {
    throw new DeviceProfileError(`The breathalyser profile ${file} has problems:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

function profileFilesIn(folder: string): string[] {
  try {
    return readdirSync(folder).filter((name) => name.endsWith('.json')).sort().map((name) => join(folder, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Every profile in the clinic's folder; a clash with a built-in or another file is an error, never a silent override. */
export function loadClinicProfiles(dataDir: string): DeviceProfile[] {
  const profiles: DeviceProfile[] = [];
  const fileOf = new Map<string, string>();
  for (const file of profileFilesIn(join(dataDir, clinicProfilesFolderName))) {
    const profile = readProfileFile(file);
    if (builtInProfile(profile.id)) {
      throw new DeviceProfileError(`The breathalyser profile ${file} uses the id "${profile.id}" of a built-in profile. Give it an id of its own.`);
    }
    const earlier = fileOf.get(profile.id);
    if (earlier) throw new DeviceProfileError(`The breathalyser profiles ${earlier} and ${file} both use the id "${profile.id}".`);
    fileOf.set(profile.id, file);
    profiles.push(profile);
  }
  return profiles;
}

/** The profile a kiosk's configuration names, built in or the clinic's own. */
export function findProfile(dataDir: string, id: string): DeviceProfile {
  const clinic = loadClinicProfiles(dataDir);
  const found = [...builtInProfiles, ...clinic].find((profile) => profile.id === id);
  if (found) return found;
  const known = [...builtInProfiles, ...clinic].map((profile) => profile.id).join(', ');
  throw new DeviceProfileError(
    `No breathalyser profile has the id "${id}". Known: ${known}. Add ${join(dataDir, clinicProfilesFolderName, `${id}.json`)} or fix the configuration.`,
  );
}
