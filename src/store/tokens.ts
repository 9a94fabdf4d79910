import { and, desc, eq, inArray } from 'drizzle-orm';
import { apiTokens } from '../../schema/index.ts';
import type { Db } from './db.ts';
import type { ApiTokenInsert, ApiTokenRow } from './rows.ts';

export async function insertApiToken(db: Db, row: ApiTokenInsert): Promise<void> {
  await db.insert(apiTokens).values(row);
}

export async function getApiToken(db: Db, id: string): Promise<ApiTokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row;
}

export async function listApiTokens(db: Db, orgIds: string[]): Promise<ApiTokenRow[]> {
  if (orgIds.length === 0) return [];
  return db
    .select()
    .from(apiTokens)
    .where(inArray(apiTokens.orgId, orgIds))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken(db: Db, id: string, at: Date): Promise<void> {
  await db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.id, id)));
}

export async function touchApiToken(db: Db, id: string, at: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
}
