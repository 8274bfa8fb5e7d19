import { describe, expect, it } from 'vitest';
import { WORK_ORDER_STATUSES } from '../../electron/tenancy/models';
import { SQL } from '../../electron/tenancy/repositories/work-orders';

describe('work-orders.countByStatus counts each status by its own index range', () => {
  it('lists every status of the model, in the order GROUP BY status gave them', () => {
    const listed = [...SQL.countByStatus.matchAll(/\('(\w+)'\)/g)].map((m) => m[1]);
    expect(listed).toEqual([...WORK_ORDER_STATUSES].sort());
  });
});
