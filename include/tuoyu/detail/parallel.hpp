// Running one job in parts on threads, and readying memory that several threads will fill.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <thread>
#include <vector>

#include <tuoyu/detail/worker_pool.hpp>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace tuoyu {
inline namespace v1 {
namespace detail {

// How many threads a `threads` option asks for: 0 means one per core.
inline unsigned worker_count(unsigned requested) {
  return requested == 0 ? std::max(1u, std::thread::hardware_concurrency()) : requested;
}

// Runs part(0) .. part(parts - 1): part 0 on the calling thread, each other part on a thread of the
// worker pool (or, when the pool is busy, of its own), all done before returning. If parts throw,
// the exception of the lowest-numbered one is rethrown, as if the parts had run in order; an
// exception never escapes a thread (that would end the process).
template <class F>
void run_parts(unsigned parts, F&& part) {
  if (parts <= 1) {
    part(0u);
    return;
  }
  std::vector<std::exception_ptr> errors(parts);
  auto guarded = [&](unsigned p) {
    try {
      part(p);
    } catch (...) {
      errors[p] = std::current_exception();
    }
  };
  if (!worker_pool::instance().run(parts, guarded)) {
    std::vector<std::jthread> threads;
    threads.reserve(parts - 1);
    for (unsigned p = 1; p < parts; ++p) threads.emplace_back(guarded, p);
    guarded(0);
  }  // joined
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

// run_parts(parts, ...) will be called soon, after some work on this thread: the pool's threads
// wake now, during that work, and not when their parts are handed out.
inline void expect_parts(unsigned parts) {
  if (parts > 1) worker_pool::instance().wake(parts);
}

// The pieces of [0, size), which threads take in turn, each the next one not yet taken. A thread on
// a busier core (another process, another virtual machine) takes fewer, so no thread waits long for
// another. Pieces shrink as the work runs out ("guided" scheduling): each is a 2 * threads-th of
// what is left, so the first ones are large and cheap to hand out, and the last ones, at least
// `least` long, let the threads finish together. Pieces start at multiples of `align`. Results kept
// per piece and joined in piece order are the same for any number of threads and any cut.
class piece_queue {
 public:
  piece_queue(std::size_t size, unsigned threads, std::size_t least, std::size_t align = 1) {
    least = std::max<std::size_t>({least, align, 1});
    for (std::size_t at = 0; at < size;) {
      bounds_.push_back(at);
      std::size_t piece = threads <= 1 ? size : std::max(least, (size - at) / (2 * std::size_t{threads}));
      at = std::min(size, (at + piece + align - 1) / align * align);
    }
    bounds_.push_back(size);
  }
  std::size_t count() const { return bounds_.size() - 1; }
  std::size_t begin(std::size_t piece) const { return bounds_[piece]; }
  std::size_t end(std::size_t piece) const { return bounds_[piece + 1]; }
  // The next piece, or count() when none is left.
  std::size_t take() { return std::min(next_.fetch_add(1, std::memory_order_relaxed), count()); }

 private:
  std::vector<std::size_t> bounds_;  // piece p is [bounds_[p], bounds_[p + 1])
  std::atomic<std::size_t> next_{0};
};

// Asks the kernel to map the whole pages inside [start, start + bytes) now, as a first write to each
// would. Filling fresh memory otherwise stops on a page fault every 4 KiB, and for a large result
// those faults are a serial cost; split between threads, they are not. A hint only: where it is not
// supported, or refused, pages are mapped on first write as usual. The range must lie in one
// allocation the caller owns.
inline void populate_pages(const void* start, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  static const auto page = static_cast<std::uintptr_t>(std::max(4096L, sysconf(_SC_PAGESIZE)));
  auto first = (reinterpret_cast<std::uintptr_t>(start) + page - 1) / page * page;
  auto last = (reinterpret_cast<std::uintptr_t>(start) + bytes) / page * page;
  if (last > first) (void)madvise(reinterpret_cast<void*>(first), last - first, MADV_POPULATE_WRITE);
#else
  (void)start, (void)bytes;
#endif
}

}  // namespace detail
}  // namespace v1
}  // namespace tuoyu
