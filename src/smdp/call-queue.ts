/**
 * Calls made in the background one after the other, in the order they were queued (the operator hears the
 * steps of a download in their order; ES12 deletions go one at a time), and waited for at shutdown.
 */
export class CallQueue {
  #tail: Promise<void> = Promise.resolve();

  /** Runs `call` once every call queued before it is done. */
  add(call: () => Promise<void>): void {
    this.#tail = this.#tail.then(call);
  }

  /** Waits until every queued call is done, those queued meanwhile included (shutdown, tests). */
  async drain(): Promise<void> {
    let tail: Promise<void>;
    do {
      tail = this.#tail;
      await tail;
    } while (tail !== this.#tail);
  }
}
