import type { z } from 'zod';
import type { ResolvedSession } from '../auth';
import type { Repositories } from '../repositories';

/** One POS operation: its input as a strict zod schema and the service function run inside the session's tenant. */
export interface PosOperation<S extends z.ZodType, O> {
  /** Strict: a field the schema does not name (a tenant_id, say) is refused. */
  readonly input: S;
  run(repos: Repositories, input: z.output<S>, session: ResolvedSession): O;
}

export const declare = <S extends z.ZodType, O>(input: S, run: PosOperation<S, O>['run']): PosOperation<S, O> => ({ input, run });
