/** The BPP binding store of the `memory` store: bindings held in this process (SGP.22 3.1.3.2). */
import type { BppBinding, BppBindingStore } from '../../smdp/bpp/bpp-binding-store.ts';

/** Bindings held in this process. */
export class MemoryBppBindingStore implements BppBindingStore {
  readonly #bindings = new Map<string, BppBinding>();

  async get(profileId: string): Promise<BppBinding | undefined> {
    return this.#bindings.get(profileId);
  }
  async put(binding: BppBinding): Promise<void> {
    // Copies: a slice of a request would keep the whole request alive as long as the order.
    this.#bindings.set(binding.profileId, {
      ...binding,
      euiccOtpk: Buffer.from(binding.euiccOtpk),
      boundProfilePackage: Buffer.from(binding.boundProfilePackage),
    });
  }
  async delete(profileId: string): Promise<void> {
    this.#bindings.delete(profileId);
  }
}
