/**
 * The ledger event behind a register entry, in words, on the screen and on paper alike, so an
 * inspector can read the register against the ledger (the audit view, `ledger:verify`).
 */
export function ledgerWords(line: { kioskId: string; seq: number }): string {
  return `ledger: kiosk ${line.kioskId.slice(0, 8)}, event ${line.seq}`;
}
