/**
 * The visit machine's states and the stages the room board shows, each listed once: the machine,
 * the stored-snapshot schema and the view contract all take them from here.
 */
export const visitStateNames = [
  'checkIn', 'preDoseCheck', 'breathTest', 'breathReview', 'preparation', 'administration', 'waste',
  'doseWasted', 'observation', 'withheldInResponse', 'doseWithheld', 'discharged', 'ended',
] as const;
export type VisitStateName = (typeof visitStateNames)[number];

/** The five stages of docs/design.md section 2, plus a withheld dose under overdose care, plus closed. */
export const visitStages = ['checkIn', 'preDoseCheck', 'breathTest', 'injection', 'observation', 'overdoseResponse', 'closed'] as const;
export type VisitStage = (typeof visitStages)[number];

export const stageOfState: Record<VisitStateName, VisitStage> = {
  checkIn: 'checkIn',
  preDoseCheck: 'preDoseCheck',
  breathTest: 'breathTest',
  breathReview: 'breathTest',
  preparation: 'injection',
  administration: 'injection',
  waste: 'injection',
  doseWasted: 'injection',
  observation: 'observation',
  withheldInResponse: 'overdoseResponse',
  doseWithheld: 'closed',
  discharged: 'closed',
  ended: 'closed',
};
