package dev.millrace.runtime.state;

import dev.millrace.config.StateStoreProvider;

/** The state store contract for the RocksDB provider. */
class RocksDbStateStoreTest extends StateStoreContract {

  @Override
  StateStoreProvider provider() {
    return StateStoreProvider.ROCKSDB;
  }
}
