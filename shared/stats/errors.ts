// The one error type the pooling core throws on purpose: input it cannot pool, an estimator that does not
// converge, a singular model. Each names the field (and the study, where one is to blame), so `caliper
// pool` and the analysis view can say what to change. Anything else thrown from shared/stats is a bug.
// Layer: shared (pure TypeScript).

export type StatsErrorCode = 'input' | 'convergence' | 'singular' | 'not_finite';

export class StatsError extends Error {
  constructor(
    readonly code: StatsErrorCode,
    message: string,
    readonly field: string,
    readonly study?: string,
  ) {
    super(message);
    this.name = 'StatsError';
  }
}

/** An iterative estimator that did not reach an answer within its iteration cap, or took a non-finite step. */
export class ConvergenceError extends StatsError {
  constructor(message: string, field = 'method') {
    super('convergence', message, field);
    this.name = 'ConvergenceError';
  }
}

/** A model matrix that is not of full rank (Egger's test with equal standard errors, ...). */
export class SingularError extends StatsError {
  constructor(message: string, field = 'method') {
    super('singular', message, field);
    this.name = 'SingularError';
  }
}
