import { and, asc, eq, gte, inArray, lte } from 'drizzle-orm';
import { annualFilings, logObjects } from '../../schema/index.ts';
import type { FilingClaims } from '../crypto/filing.ts';
import type { Db, Tx } from './db.ts';

export type FilingRow = typeof annualFilings.$inferSelect;

/** Every filing step of these orgs for one year, oldest first. */
export async function filingRows(
  db: Db,
  orgIds: readonly string[],
  year: number,
): Promise<FilingRow[]> {
  if (orgIds.length === 0) return [];
  return db
    .select()
    .from(annualFilings)
    .where(and(inArray(annualFilings.orgId, [...orgIds]), eq(annualFilings.year, year)))
    .orderBy(asc(annualFilings.issuedAt), asc(annualFilings.createdAt));
}

/** Every filing step of one org for the years `from`…`to`, oldest first. */
export async function filingRowsOver(
  db: Db,
  org: string,
  from: number,
  to: number,
): Promise<FilingRow[]> {
  return db
    .select()
    .from(annualFilings)
    .where(
      and(eq(annualFilings.orgId, org), gte(annualFilings.year, from), lte(annualFilings.year, to)),
    )
    .orderBy(asc(annualFilings.issuedAt), asc(annualFilings.createdAt));
}

/** Records one signed step (its JWS goes to log_objects in the same transaction). */
export async function insertFiling(tx: Tx | Db, hash: string, claims: FilingClaims): Promise<void> {
  await tx.insert(annualFilings).values({
    hash,
    orgId: claims.org,
    year: claims.year,
    kind: claims.knd,
    version: 'ver' in claims ? claims.ver : null,
    signedBy: claims.iss,
    actor: claims.act,
    issuedAt: new Date(claims.iat * 1000),
    claims,
  });
}

/** The signed JWS of a filing step, as the log holds it. */
export async function filingJws(db: Db, hash: string): Promise<string | undefined> {
  const [row] = await db
    .select({ jws: logObjects.jws })
    .from(logObjects)
    .where(eq(logObjects.hash, hash));
  return row?.jws;
}
