/** A first-come, first-served lock: `const release = await mutex.lock()`. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve()

  async lock(): Promise<() => void> {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const previous = this.#tail
    this.#tail = previous.then(() => held)
    await previous
    let released = false
    return () => {
      if (released) return
      released = true
      release()
    }
  }
}
