package dev.millrace.runtime.state;

import dev.millrace.config.StateStoreProvider;

/** The state store contract for the memory provider. */
class MemoryStateStoreTest extends StateStoreContract {

  @Override
  StateStoreProvider provider() {
    return StateStoreProvider.MEMORY;
  }
}
