// How a channel is declared: its zod request schema, and its response type as a phantom.
// Layer: shared.
import type { z } from 'zod';

export interface ChannelDef<S extends z.ZodType, R> {
  request: S;
  /** Never set at run time; only carries the response type. */
  readonly response?: R;
}

export function channel<S extends z.ZodType>(request: S) {
  return { returns: <R>(): ChannelDef<S, R> => ({ request }) };
}
