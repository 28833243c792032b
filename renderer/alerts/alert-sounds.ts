/**
 * The short sounds a screen plays, synthesised with the Web Audio API: no audio file, so the
 * kiosk's strict CSP needs no media source. Browsers keep an AudioContext suspended until a user
 * gesture, so it is resumed on the first touch; before that an alert is still announced and
 * marked, only silent.
 */
import type { AlertSounds } from '../../shared/contract/index.js';

type AlertSound = AlertSounds[keyof AlertSounds];

type Tone = { hz: number; wave: OscillatorType; startS: number; lengthS: number };

// Easy to tell apart across a room: one soft note, a rising pair, three sharp beeps.
const tones: Record<Exclude<AlertSound, 'off'>, Tone[]> = {
  chime: [{ hz: 880, wave: 'sine', startS: 0, lengthS: 0.6 }],
  twoTone: [{ hz: 660, wave: 'triangle', startS: 0, lengthS: 0.25 }, { hz: 990, wave: 'triangle', startS: 0.3, lengthS: 0.35 }],
  urgent: [0, 0.18, 0.36].map((startS) => ({ hz: 1046, wave: 'square' as const, startS, lengthS: 0.12 })),
};

let context: AudioContext | null = null;

function audio(): AudioContext | null {
  if (context === null && typeof AudioContext === 'function') context = new AudioContext();
  return context;
}

/** Called once at start: the first touch anywhere lets the screen make sound. */
export function unlockSoundOnFirstTouch(): void {
  window.addEventListener('pointerdown', () => { void audio()?.resume(); }, { once: true, capture: true });
}

function playTone(ctx: AudioContext, tone: Tone): void {
  const start = ctx.currentTime + tone.startS;
  const oscillator = ctx.createOscillator();
  const gain = ctx.createGain();
  oscillator.type = tone.wave;
  oscillator.frequency.setValueAtTime(tone.hz, start);
  // An exponential ramp cannot reach 0 (the Web Audio API throws), so it fades to nearly nothing.
  gain.gain.setValueAtTime(0.4, start);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + tone.lengthS);
  oscillator.connect(gain).connect(ctx.destination);
  oscillator.start(start);
  oscillator.stop(start + tone.lengthS);
}

export function playAlertSound(sound: AlertSound): void {
  if (sound === 'off') return;
  const ctx = audio();
  if (!ctx) return;
  for (const tone of tones[sound]) playTone(ctx, tone);
}
