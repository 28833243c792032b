/** `npm run kiosk:setup -- ...`: writes a kiosk's kiosk.json (kiosk-setup.ts has the options). */
import { runKioskSetup } from './kiosk-setup.js';

process.exitCode = runKioskSetup(process.argv.slice(2), {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
});
