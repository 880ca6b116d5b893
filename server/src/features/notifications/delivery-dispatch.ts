// Issue 20: how a queued delivery reaches the job queue. Services are built before the queue, so
// the server binds the queue here once it has started; until then (or in a process without
// jobs) deliveries wait in the log as `queued` and the minute sweep sends them.
export type DeliveryDispatch = {
  bind(send: (accountId: string, deliveryId: string) => Promise<void>): void;
  /** Never throws: a delivery that could not be handed over stays queued for the sweep. */
  dispatch(accountId: string, deliveryIds: readonly string[], log?: { warn(obj: object, msg: string): void }): Promise<void>;
};

export const createDeliveryDispatch = (): DeliveryDispatch => {
  let send: ((accountId: string, deliveryId: string) => Promise<void>) | null = null;
  return {
    bind(fn) {
      send = fn;
    },
    async dispatch(accountId, deliveryIds, log) {
      for (const id of deliveryIds) {
        await send?.(accountId, id).catch((error: unknown) =>
          log?.warn({ err: error, deliveryId: id }, 'delivery left queued for the sweep'),
        );
      }
    },
  };
};
