// Reading ahead on a second core: a producer runs on a thread of its own and hands batches to the consumer
// through a bounded queue, so parsing one part of a file overlaps with using the part before it, and memory
// holds at most `max_batches` batches whatever the file's size.
//
// The producer gets a `publish` function; publish(batch) returns false once the consumer has gone (the
// producer should then return). An exception the producer throws reaches the consumer from next(), after
// every batch published before it. Destroying the ReadAhead stops the producer and waits for it.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace rsim {

template <typename Batch>
class ReadAhead {
 public:
  using Publish = std::function<bool(Batch&&)>;

  explicit ReadAhead(std::function<void(const Publish&)> produce, std::size_t max_batches = 8)
      : max_batches_(max_batches), thread_([this, produce = std::move(produce)] { run(produce); }) {}

  ~ReadAhead() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // The next batch; false when the producer has finished. Rethrows the producer's exception.
  bool next(Batch& out) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !ready_.empty() || done_; });
    if (ready_.empty()) {
      if (error_) std::rethrow_exception(error_);
      return false;
    }
    out = std::move(ready_.front());
    ready_.pop_front();
    changed_.notify_all();
    return true;
  }

 private:
  void run(const std::function<void(const Publish&)>& produce) {
    std::exception_ptr error;
    try {
      produce([this](Batch&& batch) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return stop_ || ready_.size() < max_batches_; });
        if (stop_) return false;
        ready_.push_back(std::move(batch));
        changed_.notify_all();
        return true;
      });
    } catch (...) {
      error = std::current_exception();
    }
    std::lock_guard lock(mutex_);
    error_ = error;
    done_ = true;
    changed_.notify_all();
  }

  std::size_t max_batches_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch> ready_;
  bool done_ = false;
  bool stop_ = false;
  std::exception_ptr error_;
  std::thread thread_;  // last: it starts running when constructed
};

}  // namespace rsim
