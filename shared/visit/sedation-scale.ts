import type { SedationLevel } from '../site-rules/site-rules.js';

/**
 * Our own words for the five levels of an opioid sedation scale with the Pasero scale's structure
 * (its wording is copyrighted; clinical-protocol.md).
 */
export const sedationWords: Record<SedationLevel, string> = {
  S: 'Asleep, wakes easily',
  '1': 'Awake and alert',
  '2': 'A little drowsy, easy to rouse',
  '3': 'Often drowsy, drifts off while talking',
  '4': 'Hard to rouse, little or no response',
};
