// detail::payload_block: value payloads made by the million, placed in shared blocks instead of one
// heap allocation each (docs/decisions/0062).
#pragma once

#include <tuoyu/expression/value.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>
#include <utility>

namespace tuoyu {
inline namespace v1 {
namespace detail {

// Payloads made by the million (a table's row views, its id and name cells) live in blocks of
// 1 MiB, aligned to their size so that a payload finds its block from its own address. A block
// counts its live payloads and is freed with the last one: each payload's value stays independent,
// yet a million of them cost a hundred allocations, not a million.
struct payload_block {
  static constexpr std::size_t bytes = std::size_t{1} << 20;
  std::atomic<std::size_t> live{1};  // the maker's own reference, while it fills the block

  static void release(payload_block* block) noexcept {
    if (block->live.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      block->~payload_block();
      ::operator delete(block, std::align_val_t{bytes});
    }
  }
  // For a payload class's operator delete, called after every destructor has run: the storage is
  // the block's, so only the block's count changes.
  static void release_storage_of(void* payload) noexcept {
    release(reinterpret_cast<payload_block*>(reinterpret_cast<std::uintptr_t>(payload) & ~(bytes - 1)));
  }
};

// A payload class placed in blocks: Base's payload, with the block's release as its delete.
template <class Base>
struct in_block final : Base {
  using Base::Base;
  static void operator delete(void* p) noexcept { payload_block::release_storage_of(p); }
};

// Places payloads of one class in blocks, one after another.
template <class Payload>
class payload_block_maker {
 public:
  payload_block_maker() = default;
  payload_block_maker(const payload_block_maker&) = delete;
  payload_block_maker& operator=(const payload_block_maker&) = delete;
  ~payload_block_maker() {
    if (block_) payload_block::release(block_);
  }

  template <class... Args>
  const in_block<Payload>* make(Args&&... args) {
    constexpr std::size_t size = sizeof(in_block<Payload>), align = alignof(in_block<Payload>);
    static_assert(size + align + sizeof(payload_block) <= payload_block::bytes);
    if (!block_ || next_ + size > payload_block::bytes) {
      void* storage = ::operator new(payload_block::bytes, std::align_val_t{payload_block::bytes});
      if (block_) payload_block::release(block_);
      block_ = ::new (storage) payload_block;
      next_ = (sizeof(payload_block) + align - 1) / align * align;
    }
    auto* p = ::new (reinterpret_cast<std::byte*>(block_) + next_) in_block<Payload>(std::forward<Args>(args)...);
    block_->live.fetch_add(1, std::memory_order_relaxed);  // the payload's, released by its delete
    next_ += size;
    return p;
  }

 private:
  payload_block* block_ = nullptr;
  std::size_t next_ = 0;
};

}  // namespace detail
}  // namespace v1
}  // namespace tuoyu
