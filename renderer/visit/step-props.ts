import type { RoomView, VisitView } from '../../shared/contract/index.js';

export interface StepProps {
  visit: VisitView;
  room: RoomView;
}
