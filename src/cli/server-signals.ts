/** A server started from the command line (`smdp start`, `smds start`) closes cleanly on Ctrl-C or SIGTERM. */
export function closeOnSignals(running: { close(): Promise<void> }): void {
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
