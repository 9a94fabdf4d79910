import { reviewCommand } from '../report-review.ts';

/** --org is the child whose filing its parent accepts, signed by the parent. */
export const command = reviewCommand('accepted');
