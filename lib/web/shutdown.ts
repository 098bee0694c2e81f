// The web process is shutting down: long-lived responses (event streams) listen for this and end,
// so draining is not held up by them. On globalThis: the server and Next's bundles share it.
const KEY = Symbol.for('attention-lab.shutdown');

class ShutdownSignal {
  private readonly controller = new AbortController();
  get signal(): AbortSignal {
    return this.controller.signal;
  }
  stop(): void {
    this.controller.abort();
  }
}

const holder = globalThis as unknown as { [KEY]?: ShutdownSignal };
export const shutdownSignal: ShutdownSignal = (holder[KEY] ??= new ShutdownSignal());
