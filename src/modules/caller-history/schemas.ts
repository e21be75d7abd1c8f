import { Type, type Static } from '@sinclair/typebox';
import { pagingQuery } from '../../shared/schemas.js';

export const CallerHistoryQuery = Type.Object(pagingQuery);
export type CallerHistoryQuery = Static<typeof CallerHistoryQuery>;
