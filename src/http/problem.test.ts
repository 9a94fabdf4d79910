import { describe, expect, it } from 'vitest';
import {
  DatabaseUnavailable,
  InvalidInput,
  InvalidRows,
  LedgerConflict,
  LogIntegrityFault,
  NotFound,
  PmcError,
  RateLimited,
  RuleViolation,
  StaleCredential,
  Unauthenticated,
} from '../errors.ts';
import { problemAt, problemBody, statusOf, typeOf } from './problem.ts';

describe('problem+json', () => {
  it.each([
    [new InvalidInput('to', 'bad'), 422],
    [new RuleViolation('IN_TRANSIT', 'in transit'), 422],
    [new NotFound('member', 'm1'), 404],
    [new LedgerConflict('moved'), 409],
    [new StaleCredential({ seq: 2, credential: 'c' }), 409],
    [new Unauthenticated('SESSION_EXPIRED', 'expired'), 401],
    [new RateLimited(7), 429],
    [new DatabaseUnavailable(5), 503],
    [new LogIntegrityFault('leaf 3 is missing'), 503],
    [new PmcError('KEY_UNAVAILABLE', 'no key'), 503],
    [new PmcError('INVALID_INPUT', 'x', { reason: 'BAD_REQUEST' }), 400],
    [new PmcError('INVALID_INPUT', 'x', { reason: 'MALFORMED_JSON' }), 400],
    [new PmcError('INVALID_INPUT', 'x', { reason: 'UNSUPPORTED_MEDIA_TYPE' }), 415],
    [new PmcError('INVALID_INPUT', 'x', { reason: 'PAYLOAD_TOO_LARGE' }), 413],
    [new PmcError('NOT_FOUND', 'x', { reason: 'NO_ROUTE' }), 404],
    // A verification reason on a scanned credential keeps its code's status.
    [new PmcError('INVALID_INPUT', 'x', { reason: 'BAD_SIGNATURE' }), 422],
    [new PmcError('INVALID_INPUT', 'x', { reason: 'RULE_VIOLATION' }), 422],
  ] as const)('%s → %i', (err, status) => {
    expect(statusOf(err)).toBe(status);
    expect(problemBody(err, 'r1', '/x').status).toBe(status);
  });

  it('a stale credential is a ledger conflict of its own type, carrying the current state', () => {
    const err = new StaleCredential({ seq: 3, credential: 'cred' });
    expect(typeOf(err)).toBe('urn:pmcert:problem:stale-credential');
    expect(typeOf(new LedgerConflict('moved'))).toBe('urn:pmcert:problem:ledger-conflict');
    const body = problemBody(err, 'r1', '/api/endorsements');
    expect(body).toMatchObject({
      code: 'LEDGER_CONFLICT',
      current: { seq: 3, credential: 'cred' },
    });
    expect(body).not.toHaveProperty('changed');
    expect(body.titles.zh).toBe('已有更新的状态，请重新扫码');
  });

  it('titles a log integrity fault as its own, not as a missing key', () => {
    const body = problemBody(new LogIntegrityFault('leaf 3 is missing'), 'r1', '/api/x');
    expect(body).toMatchObject({ code: 'LOG_INTEGRITY', type: 'urn:pmcert:problem:log-integrity' });
    expect(body.titles.zh).toMatch(/透明日志/);
    expect(body.titles.en).not.toBe(
      problemBody(new PmcError('KEY_UNAVAILABLE', 'k'), 'r', '/').titles.en,
    );
  });

  it('titles a reason before its code, and every error has Chinese and English', () => {
    const rule = problemBody(new RuleViolation('TEMP_OPEN', 'out'), 'r', '/');
    expect(rule.titles).toEqual({
      zh: '已有未签回的证明信',
      en: 'A temporary certificate is already out',
    });
    const plain = problemBody(new NotFound('member', 'm1'), 'r', '/');
    expect(plain.titles).toEqual({ zh: '未找到', en: 'Not found' });
  });

  it('says when to come back, in the body and the header, only for errors that have a wait', async () => {
    const limited = problemAt(new RateLimited(7), 'r', '/');
    expect(limited.headers.get('Retry-After')).toBe('7');
    expect((await limited.json()).retryAfter).toBe(7);
    const gone = problemAt(new DatabaseUnavailable(5), 'r', '/');
    expect(gone.headers.get('Retry-After')).toBe('5');
    const refused = problemAt(new RuleViolation('IN_TRANSIT', 'x'), 'r', '/');
    expect(refused.headers.get('Retry-After')).toBeNull();
    expect(await refused.json()).not.toHaveProperty('retryAfter');
  });

  it('lists every refused row of a table', () => {
    const rows = [{ row: 3, field: 'month', reason: 'BAD_MONTH', message: 'YYYY-MM' }];
    expect(problemBody(new InvalidRows(rows), 'r', '/')).toMatchObject({
      status: 422,
      reason: 'INVALID_ROWS',
      errors: rows,
    });
  });
});
