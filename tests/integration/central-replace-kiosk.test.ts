/**
 * `npm run central -- replace-kiosk`, against a real PostgreSQL and real kiosks: a kiosk whose
 * signing key is lost gets a new identity with a clinic lead's approval, central closes the old
 * one (its login, its open sessions, anything more it sends), and the old kiosk's record stays the
 * clinic's. Every refusal leaves central as it was.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCentralCommand } from '../../main/central/central-commands.js';
import { CentralConfig } from '../../main/config/kiosk-config.js';
import { runKioskSetup } from '../../main/config/kiosk-setup.js';
import { sendBatch } from '../../main/sync/push.js';
import {
  accept, centralChains, clinicLead, openCentralKiosk, ownChain, prepareClinic, recordReceipts, setUpCentralClinic, signIn,
  type CentralClinic, type CentralKiosk,
} from './../support/central-clinic.js';
import { readOwnEventRows } from '../support/kiosk-data.js';
import { startTestPostgres, withClient, type TestPostgres } from '../support/postgres.js';
import { freshDir } from '../support/temp-dir.js';

const leftLead = { displayName: 'Jo Park', role: 'clinicLead', badgeNumber: 'L4002', pin: '7531' } as const;
const nurse = { badgeNumber: 'N1001', pin: '2468' };
const hillsideLead = { badgeNumber: 'L5001', pin: '8080' };

let server: TestPostgres;
let clinic: CentralClinic;
let roomOne: CentralKiosk;
let hillsideKioskId: string;
const open: Array<{ close(): Promise<void> }> = [];

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCentralCommand(argv, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function replaceArgs(overrides: Record<string, string> = {}): string[] {
  const args: Record<string, string> = {
    '--url': clinic.adminUrl, '--clinic': clinic.clinicId, '--kiosk': clinic.kiosks[0]!.kioskId, '--kiosk-name': 'Injection room 1 (new)',
    '--lead-badge': clinicLead.badgeNumber, '--lead-pin': clinicLead.pin, '--reason': 'Disk failed; the signing key is lost.', ...overrides,
  };
  return ['replace-kiosk', ...Object.entries(args).flat()];
}

/** What a replacement changes: the kiosks (closed or not) and the kiosk login roles. */
async function centralState() {
  return withClient(clinic.adminUrl, async (client) => ({
    kiosks: (await client.query('SELECT kiosk_id, name, closed_at, replaced_by FROM central.kiosks ORDER BY kiosk_id')).rows,
    roles: (await client.query("SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'kiosk\\_%' ORDER BY rolname")).rows,
  }));
}

async function heldOf(kioskId: string): Promise<number> {
  return withClient(clinic.adminUrl, async (client) =>
    Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM central.events WHERE kiosk_id = $1', [kioskId])).rows[0]?.n));
}

/** A clinic lead enrols a second lead, who then leaves: enrolled again as not active. */
async function enrolLeadWhoLeft(kiosk: CentralKiosk): Promise<void> {
  const lead = await signIn(kiosk, clinicLead);
  accept(await kiosk.ask({ type: 'enrolStaff', staffId: null, active: true, ...leftLead }, lead));
  const jo = await signIn(kiosk, leftLead);
  accept(await kiosk.ask({ type: 'signOut', staffId: jo }, jo));
  accept(await kiosk.ask({ type: 'enrolStaff', ...leftLead, staffId: jo, pin: null, active: false }, lead));
  accept(await kiosk.ask({ type: 'signOut', staffId: lead }, lead));
}

beforeAll(async () => {
  server = await startTestPostgres();
  clinic = await setUpCentralClinic(server);
  const hillside = await run('setup', '--url', clinic.adminUrl, '--clinic-name', 'Hillside HAT Clinic', '--time-zone', 'Europe/London',
    '--lead-name', 'Ravi Shah', '--lead-badge', hillsideLead.badgeNumber, '--lead-pin', hillsideLead.pin, '--kiosk-name', 'Hillside room 1');
  hillsideKioskId = (JSON.parse(hillside.out) as { central: { kioskId: string } }).central.kioskId;
  roomOne = await openCentralKiosk(clinic.kiosks[0]!);
  open.push(roomOne);
  await prepareClinic(roomOne);
  await enrolLeadWhoLeft(roomOne);
  await roomOne.synced();
}, 120_000);

afterAll(async () => {
  while (open.length > 0) await open.pop()?.close();
  await server.stop();
});

describe('npm run central -- replace-kiosk refuses, and changes nothing,', () => {
  const refusals: Array<[string, Record<string, string> | (() => Record<string, string>), string | RegExp]> = [
    ['a wrong PIN', { '--lead-pin': '0000' }, "The clinic lead's badge or PIN is not right for this clinic, so replacing a kiosk was not approved: nothing was changed."],
    ['a badge nobody holds', { '--lead-badge': 'X9999' }, "The clinic lead's badge or PIN is not right for this clinic"],
    ['a lead of another clinic', { '--lead-badge': hillsideLead.badgeNumber, '--lead-pin': hillsideLead.pin }, "badge or PIN is not right for this clinic"],
    ['a nurse', { '--lead-badge': nurse.badgeNumber, '--lead-pin': nurse.pin },
      'Aisha Khan (badge N1001) is not a clinic lead: only a clinic lead may approve replacing a kiosk. Nothing was changed.'],
    ['a clinic lead who has left', { '--lead-badge': leftLead.badgeNumber, '--lead-pin': leftLead.pin },
      'Jo Park (badge L4002) has left this clinic, so cannot approve replacing a kiosk: ask a current clinic lead. Nothing was changed.'],
    ["another clinic's kiosk", () => ({ '--kiosk': hillsideKioskId }), /^There is no kiosk with id \S+ at clinic \S+: check --kiosk/m],
    ['a kiosk that does not exist', { '--kiosk': 'no-such-kiosk' }, 'There is no kiosk with id no-such-kiosk'],
    ['a new name already taken', { '--kiosk-name': 'Injection room 2' }, 'A kiosk named "Injection room 2" is already registered at this clinic'],
  ];

  for (const [what, overrides, words] of refusals) {
    it(what, async () => {
      const before = await centralState();
      const refused = await run(...replaceArgs(typeof overrides === 'function' ? overrides() : overrides));
      expect(refused).toMatchObject({ code: 1, out: '' });
      if (typeof words === 'string') expect(refused.err).toContain(words);
      else expect(refused.err).toMatch(words);
      expect(await centralState()).toEqual(before);
    });
  }

  it("the clinic's central pseudo-kiosk", async () => {
    const central = await withClient(clinic.adminUrl, (client) => client.query<{ kiosk_id: string }>(
      "SELECT kiosk_id FROM central.kiosks WHERE clinic_id = $1 AND origin = 'central'", [clinic.clinicId]));
    const before = await centralState();
    const refused = await run(...replaceArgs({ '--kiosk': central.rows[0]!.kiosk_id }));
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("is the clinic's central record of its setup, not a machine: it cannot be replaced");
    expect(await centralState()).toEqual(before);
  });

  it('wrong arguments, before reaching the database', async () => {
    const before = await centralState();
    const noReason = replaceArgs();
    noReason.splice(noReason.indexOf('--reason'), 2);
    expect((await run(...noReason))).toMatchObject({ code: 2, err: expect.stringContaining('Give --reason') as unknown });
    expect((await run(...replaceArgs({ '--reason': 'x'.repeat(301) }))).err).toContain('A reason is at most 300 characters.');
    expect((await run(...replaceArgs({ '--reason': '   ' }))).err).toContain('The reason must not be empty.');
    expect((await run(...replaceArgs({ '--lead-pin': '12' }))).err).toContain('A PIN is 4 to 8 digits.');
    expect((await run(...replaceArgs({ '--kiosk': 'not a kiosk id' }))).code).toBe(2);
    expect(await centralState()).toEqual(before);
  });
});

describe('npm run central -- replace-kiosk, approved by a clinic lead', () => {
  it('closes the old kiosk, cuts it off, and gives its replacement a kiosk that syncs with the whole record', async () => {
    const old = clinic.kiosks[0]!;
    const held = await heldOf(old.kioskId);
    expect(held).toBeGreaterThan(0);
    const oldRole = new URL(old.url).username;
    const lingering = new pg.Client({ connectionString: old.url });
    lingering.on('error', () => undefined);
    await lingering.connect();

    const replaced = await run(...replaceArgs());
    expect(replaced.code, replaced.err).toBe(0);
    const settings = CentralConfig.parse((JSON.parse(replaced.out) as { central: unknown }).central);
    expect(settings).toMatchObject({ clinicId: clinic.clinicId, kioskName: 'Injection room 1 (new)' });
    expect(settings.kioskId).not.toBe(old.kioskId);
    expect(replaced.err).toContain(`Closed kiosk "Injection room 1" (${old.kioskId}) and registered "Injection room 1 (new)" (${settings.kioskId}) ` +
      'in its place, approved by Sam Lee (badge L4001): Disk failed; the signing key is lost. The old kiosk can no longer log in');
    expect(replaced.err).toMatch(new RegExp(`Central holds its events up to number ${held}, the last recorded at .+ \\(Europe/London\\) and received at .+\\. ` +
      'Any step it recorded but had not sent is not in central: check the paper records for anything at that kiosk after '));

    // Closed, with the mark it had and who approved it; its login and its open session are gone.
    const closed = await withClient(clinic.adminUrl, async (client) => (await client.query(`
      SELECT k.closed_at IS NOT NULL AS closed, k.closed_reason, k.replaced_by, k.closed_at_seq, r.rolcanlogin,
        k.closed_by_staff_id = (SELECT payload->>'staffId' FROM central.events WHERE clinic_id = k.clinic_id AND type = 'staffEnrolled'
          AND payload->>'badgeNumber' = 'L4001' ORDER BY central_seq DESC LIMIT 1) AS approved_by_lead
      FROM central.kiosks k JOIN pg_roles r ON r.rolname = k.role_name WHERE k.kiosk_id = $1`, [old.kioskId])).rows);
    expect(closed).toEqual([{
      closed: true, closed_reason: 'Disk failed; the signing key is lost.', replaced_by: settings.kioskId, closed_at_seq: String(held),
      rolcanlogin: false, approved_by_lead: true,
    }]);
    await expect(lingering.query('SELECT 1')).rejects.toThrow();
    await lingering.end().catch(() => undefined);
    await expect(withClient(old.url, (client) => client.query('SELECT 1'))).rejects.toMatchObject({ code: '28000' });

    // The old machine, half alive, records a step: it is not let in, and central keeps what it had.
    await recordReceipts(roomOne, 1);
    await roomOne.until((room) => room.sync.mode === 'central' && /does not accept this kiosk's login/.test(room.sync.lastError ?? ''));
    expect(await heldOf(old.kioskId)).toBe(held);
    // Nor would anything it sent under its old role be kept, its mark included.
    const unsent = readOwnEventRows(roomOne.dataDir).filter((row) => row.seq > held);
    expect(unsent.length).toBeGreaterThan(0);
    const refusals = await withClient(clinic.adminUrl, async (client) => {
      await client.query(`SET ROLE ${client.escapeIdentifier(oldRole)}`);
      const failure = (work: Promise<unknown>) => work.then(() => null, (error: { code?: string; message: string }) => ({ code: error.code, message: error.message }));
      return [
        await failure(sendBatch(client, old.kioskId, unsent)),
        await failure(client.query('UPDATE central.kiosk_marks SET high_water_seq = high_water_seq WHERE kiosk_id = $1', [old.kioskId])),
      ];
    });
    for (const refusal of refusals) {
      expect(refusal?.code).toBe('CK006');
      expect(refusal?.message).toMatch(new RegExp(`^Kiosk "Injection room 1" \\(${old.kioskId}\\) was closed on \\d{1,2} \\w+ \\d{4}, \\d\\d:\\d\\d ` +
        `\\(replaced by "Injection room 1 \\(new\\)" \\(${settings.kioskId}\\)\\): its events are no longer accepted; set this machine up as the new kiosk\\.$`));
    }
    expect(await heldOf(old.kioskId)).toBe(held);
    await roomOne.close();
    open.splice(open.indexOf(roomOne), 1);

    // The replacement is set up as the README says, pulls the whole record (the old kiosk's too) and pushes its own.
    const folder = freshDir('replaced-kiosk-');
    const settingsFile = join(folder.path, 'central.json');
    writeFileSync(settingsFile, replaced.out);
    const setupWords: string[] = [];
    const dataDir = join(folder.path, 'data');
    expect(runKioskSetup(['--data-dir', dataDir, '--central-settings', settingsFile, '--breathalyser', 'none'],
      { out: (text) => setupWords.push(text), err: (text) => setupWords.push(text) }), setupWords.join('\n')).toBe(0);
    const replacement = await openCentralKiosk({ ...settings, pollSeconds: 1, claimWaitSeconds: 2 }, { dataDir });
    open.push(replacement);
    await replacement.synced();
    await recordReceipts(replacement, 1);
    await replacement.synced();
    expect((await centralChains(clinic.adminUrl)).get(settings.kioskId)).toEqual(ownChain(replacement));
    expect(ownChain(replacement).length).toBeGreaterThan(0);
    const seenByReplacement = await withClient(settings.url, async (client) => ({
      events: (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM central.events WHERE kiosk_id = $1', [old.kioskId])).rows[0]?.n,
      kiosk: (await client.query('SELECT closed_at IS NOT NULL AS closed, replaced_by FROM central.kiosks WHERE kiosk_id = $1', [old.kioskId])).rows,
    }));
    expect(seenByReplacement).toEqual({ events: held, kiosk: [{ closed: true, replaced_by: settings.kioskId }] });

    // Once closed, never replaced again.
    const before = await centralState();
    const again = await run(...replaceArgs({ '--kiosk-name': 'Injection room 1 (third)' }));
    expect(again).toMatchObject({ code: 1, out: '' });
    expect(again.err).toMatch(new RegExp(`^Kiosk "Injection room 1" \\(${old.kioskId}\\) was already closed on \\S+ and replaced by kiosk ${settings.kioskId}: nothing was changed\\.$`, 'm'));
    expect(await centralState()).toEqual(before);
  }, 120_000);
});
