import { schemaStatus, type SchemaStatus } from '../store/schema-status.ts';
import type { ServiceDeps } from './deps.ts';

export type { SchemaStatus };

/** Is the database's schema the one this release needs (`current`), and which migrations are `missing`? */
export const schemaStatusOf = (deps: Pick<ServiceDeps, 'db'>): Promise<SchemaStatus> =>
  schemaStatus(deps.db);
