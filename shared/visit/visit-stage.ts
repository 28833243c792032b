import type { VisitStateName } from './visit-machine.js';

/** The five stages of DESIGN.md section 2, plus closed; the room board shows these words. */
export type VisitStage = 'checkIn' | 'preDoseCheck' | 'breathTest' | 'injection' | 'observation' | 'closed';

export const stageOfState: Record<VisitStateName, VisitStage> = {
  checkIn: 'checkIn',
  preDoseCheck: 'preDoseCheck',
  breathTest: 'breathTest',
  breathReview: 'breathTest',
  preparation: 'injection',
  administration: 'injection',
  waste: 'injection',
  observation: 'observation',
  doseWithheld: 'closed',
  discharged: 'closed',
  ended: 'closed',
};
