// The NativeSockets alive on this thread, by number. The hot calls (recv, send, arm,
// ready, ...) name their socket by this id instead of passing it as the receiver:
// napi_unwrap is a property lookup that costs more than the rest of such a call. An id
// is an index and a generation, so a stale or made-up number finds no socket, or finds
// a live socket of this thread, never freed memory.
#pragma once

#include <cstdint>
#include <vector>

namespace sockport {

class NativeSocket;

class SocketTable {
 public:
  // A new id for s, which must call Remove before it is freed; -1 when 2^21 sockets live.
  static double Add(NativeSocket* s) {
    Table* t = table_ ? table_ : (table_ = new Table());
    uint32_t index;
    if (t->free.empty() && t->entries.size() > kIndexMask) return -1;
    if (!t->free.empty()) {
      index = t->free.back();
      t->free.pop_back();
    } else {
      index = static_cast<uint32_t>(t->entries.size());
      t->entries.push_back(Entry{});
    }
    Entry& e = t->entries[index];
    e.socket = s;
    e.gen = e.gen == kMaxGen ? 1 : e.gen + 1;
    t->live++;
    return static_cast<double>((uint64_t{e.gen} << kIndexBits) | index);
  }

  static void Remove(double id) {
    Table* t = table_;
    Entry* e = Lookup(id);
    if (!e) return;
    e->socket = nullptr;
    t->free.push_back(static_cast<uint32_t>(static_cast<uint64_t>(id) & kIndexMask));
    // The last one gone (a worker thread ending, say): nothing of the table outlives it.
    if (--t->live == 0) {
      delete t;
      table_ = nullptr;
    }
  }

  // The live socket with this id, or nullptr. Any double is safe to pass.
  static NativeSocket* Find(double id) {
    Entry* e = Lookup(id);
    return e ? e->socket : nullptr;
  }

  static size_t Live() { return table_ ? table_->live : 0; }

  // Calls f(socket) for every live socket of this thread; f must not add or remove any.
  template <class F>
  static void ForEach(F f) {
    if (!table_) return;
    for (const Entry& e : table_->entries)
      if (e.socket) f(e.socket);
  }

 private:
  static constexpr int kIndexBits = 21;
  static constexpr uint64_t kIndexMask = (uint64_t{1} << kIndexBits) - 1;
  static constexpr uint32_t kMaxGen = (uint32_t{1} << 31) - 1;  // ids stay below 2^53
  struct Entry {
    NativeSocket* socket = nullptr;
    uint32_t gen = 0;
  };
  struct Table {
    std::vector<Entry> entries;
    std::vector<uint32_t> free;
    size_t live = 0;
  };

  static Entry* Lookup(double id) {
    Table* t = table_;
    // Also refuses NaN, fractions and anything out of range before converting.
    if (!t || !(id >= 0 && id < 9007199254740992.0) || static_cast<double>(static_cast<uint64_t>(id)) != id) return nullptr;
    uint64_t u = static_cast<uint64_t>(id);
    uint64_t index = u & kIndexMask;
    if (index >= t->entries.size()) return nullptr;
    Entry& e = t->entries[index];
    return e.socket && e.gen == (u >> kIndexBits) ? &e : nullptr;
  }

  // A pointer, so it needs no per-thread constructor (and no init check per access).
  static inline thread_local Table* table_ = nullptr;
};

}  // namespace sockport
