import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackOffice, type TestBackOffice } from '../support/back-office';
import { databaseKinds } from '../support/databases';

const SPELLINGS = ['ACME', 'acme', 'Acme', 'aCME', 'acMe'];

/**
 * Found by a review: two businesses created at once as ACME and acme could both find none
 * whatever its case and both be stored (PostgreSQL: nothing held the check to the insert).
 */
describe.each(databaseKinds)('businesses created at once under codes differing only in case, on %s', (kind) => {
  let office: TestBackOffice;

  beforeAll(async () => {
    office = await startBackOffice(kind);
  });
  afterAll(async () => office?.close());

  it('one is created; every other is refused, 409 naming the code already there; none is stored twice', async () => {
    for (let round = 0; round < 8; round += 1) {
      const answers = await Promise.all(
        SPELLINGS.map((spelling) =>
          office.app.inject({
            method: 'POST',
            url: '/v1/admin/businesses',
            headers: office.adminHeaders(`business-${round}-${spelling}`),
            payload: { code: `${spelling}${round}`, name: `${spelling} ${round}` },
          }),
        ),
      );
      const created = answers.filter((a) => a.statusCode === 201);
      expect(created.map((a) => a.statusCode)).toEqual([201]);
      const winner = created[0]!.json().code as string;
      for (const answer of answers.filter((a) => a.statusCode !== 201)) {
        expect(answer.statusCode).toBe(409);
        expect(answer.json()).toMatchObject({ code: 'conflict', title: 'Business exists' });
        expect(answer.json().detail).toContain(`(as ${winner}:`);
      }
      const stored = await office.store.db
        .selectFrom('businesses')
        .select('code')
        .where((eb) => eb(eb.fn('lower', ['code']), '=', `acme${round}`))
        .execute();
      expect(stored).toEqual([{ code: winner }]);
    }
  });
});
