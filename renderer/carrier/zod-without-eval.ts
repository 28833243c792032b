/**
 * zod 4 probes whether it may compile parsers with `new Function` when its first object schema
 * is built. The page's CSP forbids eval, so the probe fails and zod falls back, but Chromium still
 * reports each probe as a CSP violation, which would bury a real one. Imported before anything
 * that builds a schema (choose-carrier.ts is the renderer's first import; host-carrier.ts too).
 */
import { config } from 'zod';

config({ jitless: true });
