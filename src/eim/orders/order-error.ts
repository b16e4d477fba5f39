/** An operator's order the eIM cannot carry out as written: the operator API answers 400 with its message. */
export class OrderError extends Error {
  override readonly name = 'OrderError';
}
