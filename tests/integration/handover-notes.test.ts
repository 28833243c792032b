/**
 * Handover notes through the host, as the next worker would meet them: written and dated by
 * whoever is on duty, refused with nothing written when there is nothing to say, too much, the
 * wrong person or nobody enrolled, shown inside the visit at check-in (and not once the person is
 * checked in), on the service user's record, and still there after a restart.
 */
import { describe, expect, it } from 'vitest';
import type { Intention, RoomView } from '../../shared/contract/index.js';
import { accepted, as, ask, demo, refusedWith, signIn } from '../support/host-session.js';
import { people, report, type TestKiosk } from '../support/test-kiosk.js';
import { kioskPerTest } from '../support/kiosk-per-test.js';

const kiosk = kioskPerTest();

const note = (text: string, serviceUserId: string = people.mags): Intention => ({ type: 'writeHandoverNote', serviceUserId, note: text });
const notesWritten = (room: TestKiosk) => room.ledger().filter((row) => row.type === 'handoverNoteWritten');
const identityIn = (room: RoomView, visitId: string) => room.visits.find((visit) => visit.visitId === visitId)?.identity ?? null;

describe('handover notes', () => {
  it('are written by a nurse, an HCA, a prescriber or a clinic lead, each dated and signed, newest first', async () => {
    const room = await kiosk();
    const hca = await signIn(room.host, demo.hca);
    const lead = await signIn(room.host, demo.lead);
    accepted(await as(room.host, hca)(note('Housing appointment on Friday: may come early.')));
    room.clock.advanceMinutes(30);
    accepted(await as(room.host, lead)(note('  Asked about a detox referral.  ')));

    expect(notesWritten(room).map((row) => row.actor_staff_id)).toEqual([hca, lead]);
    const mags = (await report(room.host, lead, 'serviceUsers')).people.find((person) => person.serviceUserId === people.mags);
    expect(mags?.handoverNotes).toEqual([
      { note: 'Asked about a detox referral.', writtenAt: '2026-11-23T10:30:00.000Z', writtenBy: demo.lead.displayName },
      { note: 'Housing appointment on Friday: may come early.', writtenAt: '2026-11-23T10:00:00.000Z', writtenBy: demo.hca.displayName },
      // The note kept on her record before notes were dated, shown undated after them.
      { note: 'Veins difficult on the left: may switch to IM.', writtenAt: null, writtenBy: null },
    ]);
  });

  it('are refused, with nothing written, when empty, over 500 characters, for nobody enrolled or from nobody signed in', async () => {
    const room = await kiosk();
    const nurse = await signIn(room.host, demo.nurse);
    const nurseActs = as(room.host, nurse);
    expect(refusedWith(await nurseActs(note('   ')))).toBe('notUnderstood');
    expect(refusedWith(await nurseActs(note('x'.repeat(501))))).toBe('notUnderstood');
    expect(refusedWith(await nurseActs(note('Seen at the door', 'su-nobody')))).toBe('notEnrolled');
    expect(refusedWith(await ask(room.host, note('Left a bag at reception'), null))).toBe('signInFirst');
    expect(notesWritten(room)).toEqual([]);
    accepted(await nurseActs(note('x'.repeat(500))));
    expect(notesWritten(room)).toHaveLength(1);
  });

  it('are shown inside the visit at check-in with who wrote them and when, and not once she is checked in', async () => {
    const room = await kiosk();
    const nurse = await signIn(room.host, demo.nurse);
    const nurseActs = as(room.host, nurse);
    accepted(await nurseActs(note('Her mother is in hospital: ask how she is.')));
    room.clock.advanceMinutes(5);
    const visitId = accepted(await nurseActs({ type: 'startVisit', serviceUserId: people.mags })) ?? '';
    expect(identityIn(room.host.room(), visitId)?.handoverNotes[0]).toEqual({
      note: 'Her mother is in hospital: ask how she is.', writtenAt: '2026-11-23T10:00:00.000Z', writtenBy: demo.nurse.displayName,
    });
    accepted(await nurseActs({ type: 'confirmIdentity', visitId }));
    expect(identityIn(room.host.room(), visitId)).toBeNull();
  });

  it('show at most three, and are still there after a restart (read from the projection)', async () => {
    const room = await kiosk();
    const lead = await signIn(room.host, demo.lead);
    for (const n of [1, 2, 3, 4]) {
      accepted(await as(room.host, lead)(note(`Note ${n}`)));
      room.clock.advanceMinutes(1);
    }
    await room.restart();
    const nurse = await signIn(room.host, demo.nurse);
    const visitId = accepted(await as(room.host, nurse)({ type: 'startVisit', serviceUserId: people.mags })) ?? '';
    expect(identityIn(room.host.room(), visitId)?.handoverNotes.map((shown) => shown.note)).toEqual(['Note 4', 'Note 3', 'Note 2']);
  });
});
