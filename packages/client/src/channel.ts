/** A one-consumer async queue: producers push, the consumer iterates until `end`. */
export class Channel<T> implements AsyncIterable<T> {
  #items: T[] = [];
  #head = 0;
  #ended = false;
  #error: unknown = undefined;
  #wake: (() => void) | null = null;

  constructor(
    /** Called when the queue grows past `highWater` / drains to 0 (flow control). */
    private readonly flow?: { highWater: number; pause(): void; resume(): void },
  ) {}

  #paused = false;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    if (this.#ended) return;
    this.#items.push(item);
    if (this.flow && !this.#paused && this.length >= this.flow.highWater) {
      this.#paused = true;
      this.flow.pause();
    }
    this.#signal();
  }

  /** Ends the iteration (after the queued items), with an error when given. */
  end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    this.#signal();
  }

  #signal(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      if (this.length > 0) {
        const item = this.#items[this.#head]!;
        this.#items[this.#head++] = undefined as T;
        if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
          this.#items = this.#items.slice(this.#head);
          this.#head = 0;
        }
        if (this.#paused && this.length === 0) {
          this.#paused = false;
          this.flow?.resume();
        }
        yield item;
        continue;
      }
      if (this.#ended) {
        if (this.#error !== undefined) throw this.#error;
        return;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }
}
