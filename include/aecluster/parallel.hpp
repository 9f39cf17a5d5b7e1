#pragma once
// The one place that decides how many threads run. A ThreadPool is created with a thread
// count (0 = the hardware's) and passed to whatever runs in parallel. Work is split into
// tasks whose boundaries do not depend on the thread count, and every task writes its own
// outputs, so results are identical whatever the number of threads.
#include <aecluster/error.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace aecluster {

class ThreadPool {
 public:
  explicit ThreadPool(int threads = 0) {
    require(threads >= 0, "ThreadPool: thread count must be >= 0 (0 = hardware), got ", threads);
    if (threads == 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    size_ = threads;
    for (int i = 1; i < threads; ++i) workers_.emplace_back([this, i] { work(i); });
  }
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;
  ~ThreadPool() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
  }

  [[nodiscard]] int size() const { return size_; }

  // Runs fn(task, worker) for task in [0, tasks); worker is in [0, size()) and lets a task
  // use per-thread scratch. Called from inside a task, it runs serially on that thread.
  template <class F>
  void run(std::int64_t tasks, F&& fn) {
    if (tasks <= 0) return;
    if (size_ == 1 || tasks == 1 || inside_task()) {
      const int worker = inside_task() ? current_worker() : 0;
      for (std::int64_t t = 0; t < tasks; ++t) fn(t, worker);
      return;
    }
    std::unique_lock caller(run_mutex_);  // one parallel region at a time per pool
    Job job;
    job.tasks = tasks;
    job.fn = [&fn](std::int64_t t, int w) { fn(t, w); };
    {
      std::lock_guard lock(mutex_);
      job_ = &job;
      ++generation_;
    }
    wake_.notify_all();
    execute(job, 0);
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return job.active == 0; });
    job_ = nullptr;
    if (job.error) std::rethrow_exception(job.error);
  }

  // Splits [0, n) into fixed blocks of `grain` and runs fn(begin, end, worker) on each.
  template <class F>
  void for_range(std::int64_t n, std::int64_t grain, F&& fn) {
    grain = std::max<std::int64_t>(1, grain);
    const std::int64_t blocks = (n + grain - 1) / grain;
    run(blocks, [&](std::int64_t b, int w) { fn(b * grain, std::min(n, (b + 1) * grain), w); });
  }

 private:
  struct Job {
    std::int64_t tasks = 0;
    std::function<void(std::int64_t, int)> fn;
    std::atomic<std::int64_t> next{0};
    int active = 1;  // guarded by mutex_; the caller counts as one
    std::exception_ptr error;
  };

  static int& worker_slot() {
    thread_local int slot = -1;
    return slot;
  }
  static bool inside_task() { return worker_slot() >= 0; }
  static int current_worker() { return worker_slot(); }

  void execute(Job& job, int worker) {
    worker_slot() = worker;
    for (;;) {
      const std::int64_t t = job.next.fetch_add(1);
      if (t >= job.tasks) break;
      try {
        job.fn(t, worker);
      } catch (...) {
        std::lock_guard lock(mutex_);
        if (!job.error) job.error = std::current_exception();
        job.next = job.tasks;
      }
    }
    worker_slot() = -1;
    std::lock_guard lock(mutex_);
    if (--job.active == 0) done_.notify_all();
  }

  void work(int worker) {
    std::uint64_t seen = 0;
    for (;;) {
      Job* job;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return stop_ || (job_ != nullptr && generation_ != seen); });
        if (stop_) return;
        seen = generation_;
        job = job_;
        ++job->active;
      }
      execute(*job, worker);
    }
  }

  int size_ = 1;
  std::vector<std::thread> workers_;
  std::mutex run_mutex_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  Job* job_ = nullptr;
  std::uint64_t generation_ = 0;
  bool stop_ = false;
};

}  // namespace aecluster
