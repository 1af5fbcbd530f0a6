// The threads that run_parts hands its parts to: started once, kept for the life of the process.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <thread>

#if defined(__unix__) || defined(__APPLE__)
#include <pthread.h>
#endif

namespace tuoyu {
inline namespace v1 {
namespace detail {

// Starting a thread and joining it each time cost up to a tenth of a 10,000-facility check on a
// virtual machine (docs/decisions/0068); the pool's threads are started once and wait between jobs.
// It runs one job at a time: a caller that finds it busy (another thread's check, or a part that
// itself runs parts) gets `false` and starts threads of its own, as before the pool.
class worker_pool {
 public:
  // The process's pool, made on first use and never destroyed, so that no thread is joined while
  // static objects go away at exit. A child of fork() has none of its parent's threads: it makes a
  // pool of its own (the parent's is left as it was in the child's memory, unused).
  static worker_pool& instance() {
    static const bool forgets_on_fork = [] {
#if defined(__unix__) || defined(__APPLE__)
      pthread_atfork(nullptr, nullptr, [] { current().store(nullptr, std::memory_order_relaxed); });
#endif
      return true;
    }();
    (void)forgets_on_fork;
    worker_pool* pool = current().load(std::memory_order_acquire);
    if (pool) return *pool;
    auto* made = new worker_pool;
    if (current().compare_exchange_strong(pool, made, std::memory_order_acq_rel)) return *made;
    delete made;  // another thread's came first
    return *pool;
  }

  // Runs job(1) .. job(parts - 1) on the pool's threads and job(0) on the calling thread, and returns
  // when all are done. `job` must not throw. False, having run nothing, if the pool is busy or
  // cannot start the threads it needs.
  template <class Job>
  bool run(unsigned parts, Job& job) {
    return exclusively(parts, [&] {
      call_ = [](void* j, unsigned part) { (*static_cast<Job*>(j))(part); };
      job_ = &job;
      left_.store(parts - 1, std::memory_order_relaxed);
      for (unsigned p = 1; p < parts; ++p) workers_[p - 1].start();
      job(0);
      wait_for_workers();
    });
  }

  // A job of `parts` parts is about to come: starts the threads it needs and wakes those asleep, so
  // that they are spinning, not waking, when it comes (waking is what is slow, docs/decisions/0069).
  // Does nothing if the pool is busy.
  void wake(unsigned parts) {
    exclusively(parts, [&] {
      for (unsigned p = 1; p < parts; ++p) workers_[p - 1].signal();
    });
  }

 private:
  class worker {
   public:
    worker(worker_pool& pool, unsigned part) {
      std::thread([this, &pool, part] { pool.serve(*this, part); }).detach();  // serves until the process ends
    }
    void start() {
      jobs_.fetch_add(1, std::memory_order_release);
      signal();
    }
    // Wakes the thread if it sleeps; it then spins for a while, as after a job.
    void signal() {
      signals_.fetch_add(1, std::memory_order_release);
      signals_.notify_one();
    }

   private:
    friend class worker_pool;
    std::atomic<std::uint64_t> jobs_{0};     // jobs given to this thread so far
    std::atomic<std::uint32_t> signals_{0};  // bumped for each job and each wake(): what a sleeper waits on
  };

  // Runs `f` with the pool to itself and at least parts - 1 threads started; false, having run
  // nothing, if the pool is busy or cannot start the threads.
  template <class F>
  bool exclusively(unsigned parts, F&& f) {
    if (busy_.exchange(true, std::memory_order_acquire)) return false;
    struct release {
      std::atomic<bool>& busy;
      ~release() { busy.store(false, std::memory_order_release); }
    } unlock{busy_};
    try {
      while (workers_.size() + 1 < parts) workers_.emplace_back(*this, static_cast<unsigned>(workers_.size()) + 1);
    } catch (...) {
      return false;
    }
    f();
    return true;
  }

  static std::atomic<worker_pool*>& current() {
    static std::atomic<worker_pool*> pool{nullptr};
    return pool;
  }

  void serve(worker& self, unsigned part) {
    for (std::uint64_t done = 0;; ++done) {
      auto idle = [&] { return self.jobs_.load(std::memory_order_acquire) == done; };
      while (idle()) {
        spin_while(idle, linger);
        // A job given after `seen` was read changes signals_ too, so the wait cannot miss it.
        auto seen = self.signals_.load(std::memory_order_acquire);
        if (idle()) self.signals_.wait(seen, std::memory_order_acquire);
      }
      call_(job_, part);
      if (left_.fetch_sub(1, std::memory_order_acq_rel) == 1) left_.notify_one();
    }
  }

  // A thread that sleeps lets its core halt, and on a virtual machine a halted core is slow to wake:
  // a thread woken for it may wait in the waker's core's queue for half a millisecond
  // (docs/decisions/0068). So a worker spins for a while after a job, in case the next one comes
  // soon (a sweep of dates or parameters), and the caller spins while the parts end, which they do
  // together (piece_queue). Spinning yields the core to anything else that is ready to run.
  static constexpr std::chrono::microseconds linger{1000};
  static constexpr std::chrono::microseconds wait_spin{200};

  template <class Pred>
  static void spin_while(Pred busy, std::chrono::microseconds at_most) {
    auto give_up = std::chrono::steady_clock::now() + at_most;
    while (busy() && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
  }

  void wait_for_workers() {
    spin_while([&] { return left_.load(std::memory_order_acquire) != 0; }, wait_spin);
    for (unsigned left; (left = left_.load(std::memory_order_acquire)) != 0;) left_.wait(left, std::memory_order_acquire);
  }

  std::atomic<bool> busy_{false};
  std::deque<worker> workers_;  // worker p - 1 runs part p; a deque, as threads hold their worker's address
  void (*call_)(void*, unsigned) = nullptr;
  void* job_ = nullptr;
  std::atomic<unsigned> left_{0};  // parts of the current job not yet done by the workers
};

}  // namespace detail
}  // namespace v1
}  // namespace tuoyu
