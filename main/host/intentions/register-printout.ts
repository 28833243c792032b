/**
 * "Save the register as a PDF" from the Records screen: the host writes the register, as the
 * person asking may read it (rolesFor.saveRegisterPrintout, the register report's roles), into the
 * kiosk's printouts folder, printed by that person, and answers with the file's path. Nothing is
 * written to the ledger.
 */
import { RegisterChoiceError, type RegisterChoice } from '../../register-print/register-selection.js';
import type { Handler } from '../handler.js';
import type { HostParts } from '../host-parts.js';
import { refused } from '../replies.js';

export const saveRegisterPrintout: Handler<'saveRegisterPrintout', Pick<HostParts, 'printouts' | 'logger'>> = async (parts, intention, { at, actor }) => {
  const { sectionId, from, to } = intention;
  if ((from === null) !== (to === null)) return refused('noSuchRegisterSection', 'Choose both the first and the last day to print, or neither for the whole register.');
  const choice: RegisterChoice = { ...(sectionId === null ? {} : { sectionId }), ...(from === null || to === null ? {} : { from, to }) };
  try {
    const savedTo = await parts.printouts.savePdf(choice, actor.displayName, new Date(at));
    return { ok: true, visitId: null, staffId: null, report: null, savedTo };
  } catch (error) {
    if (error instanceof RegisterChoiceError) return refused('noSuchRegisterSection', error.message);
    parts.logger.error({ err: error }, 'register printout not saved');
    return refused('printoutNotSaved', `The register could not be saved as a PDF: ${error instanceof Error ? error.message : String(error)} Nothing else was changed; try again, and call support if it happens again.`);
  }
};
