#include "cli/parallel_scrub.h"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>
#include <vector>

#include "cli/record_cutter.h"

namespace logscrub::cli {

namespace {

struct Job {
  size_t seq = 0;       // place in the input
  ByteBuffer input;     // complete records (RecordCutter)
  OutputPieces output;  // scrubbed (refers to input), assuming no block open at the start
  StreamState end_state;
  ScrubStats stats;
  size_t records = 0;  // '\n's in input, when counting
  Error error;
};

class Pipeline {
 public:
  Pipeline(const Engine& engine, int fd, bool regular_file, unsigned threads,
           const OutputSink& sink, const ProgressFn& progress, bool count_records)
      : engine_(engine),
        sink_(sink),
        progress_(progress),
        count_records_(count_records),
        max_waiting_(2 * static_cast<size_t>(threads)),
        // One byte more than the engine's limit, as StreamScrubber's framer: a record of
        // max_line_bytes + 1 bytes ending in '\r' is within the limit.
        cutter_(fd,
                engine.options().max_line_bytes == SIZE_MAX ? SIZE_MAX
                                                            : engine.options().max_line_bytes + 1,
                regular_file) {}

  // Runs `threads` workers, this thread one of them, until the input is written or the
  // pipeline stopped.
  void run(unsigned threads) {
    std::vector<std::unique_ptr<Scratch>> scratches;
    for (unsigned i = 0; i < threads; ++i) {
      Error err;
      auto s = Scratch::create(engine_, &err);
      if (!s) {
        fail(err.message.empty() ? "cannot allocate scratch" : err.message);
        return;
      }
      scratches.push_back(std::move(s));
    }
    std::vector<std::thread> others;
    for (unsigned i = 1; i < threads; ++i) {
      try {
        others.emplace_back([this, &scratch = *scratches[i]] { work(scratch); });
      } catch (const std::system_error&) {
        break;  // no more threads to be had: fewer workers, the same output
      }
    }
    work(*scratches[0]);
    for (std::thread& t : others) t.join();
  }

  // After run(): what happened.
  ParallelResult result() const {
    ParallelResult r;
    r.bytes_in = cutter_.bytes_read();
    r.records = records_ + (r.bytes_in > 0 && last_byte_ != '\n' ? 1 : 0);
    r.redactions = redactions_;
    r.masked_records = masked_ + cutter_.oversized_records();
    if (!cutter_.error().empty()) {
      r.ok = false;
      r.error = cutter_.error();
    } else if (stopped_.load()) {
      r.ok = false;
      r.error = error_;
    }
    return r;
  }

 private:
  // One worker. Running out of memory stops the pipeline with an error (what was written
  // stays complete records; nothing unscrubbed is written).
  void work(Scratch& scratch) {
    try {
      work_loop(scratch);
    } catch (const std::bad_alloc&) {
      fail("out of memory");
    }
  }

  void work_loop(Scratch& scratch) {
    for (;;) {
      std::unique_ptr<Job> job = take_free_job();
      {
        std::lock_guard lock(in_m_);
        if (stopped_.load() || !cutter_.next(job->input)) return;
        job->seq = next_seq_++;
        if (progress_) progress_(cutter_.bytes_read());
      }
      const std::string_view input = job->input.view();
      StreamState state;
      job->error = engine_.scrub_pieces(scratch, input, job->output, &job->stats, &state);
      job->end_state = state;
      if (count_records_)
        job->records = static_cast<size_t>(std::count(input.begin(), input.end(), '\n'));
      if (!commit(std::move(job), scratch)) return;
    }
  }

  // Hands back a scrubbed job. The worker that finds no write under way writes every job
  // that is due, in input order, while the others go on; a worker whose job must wait for
  // earlier ones waits here while too many are waiting (memory stays bounded). False once
  // the pipeline stopped.
  bool commit(std::unique_ptr<Job> job, Scratch& scratch) {
    std::unique_lock lock(out_m_);
    ready_.push_back(std::move(job));
    if (!writing_) {
      writing_ = true;
      while (!stopped_.load()) {
        const auto due = std::find_if(ready_.begin(), ready_.end(),
                                      [&](const auto& j) { return j->seq == next_write_; });
        if (due == ready_.end()) break;
        std::unique_ptr<Job> next = std::move(*due);
        ready_.erase(due);
        lock.unlock();
        write_job(*next, scratch);
        lock.lock();
        ++next_write_;
        recycle(std::move(next));
        room_cv_.notify_all();
      }
      writing_ = false;
    }
    room_cv_.wait(lock, [&] { return stopped_.load() || ready_.size() < max_waiting_; });
    return !stopped_.load();
  }

  // Writes one job (the writing worker only; the state it keeps passes with that role).
  void write_job(Job& job, Scratch& scratch) {
    if (!job.error && carry_.open_block_rule >= 0) {
      // The job before ended inside a block: scrub this one again with that state.
      job.output.clear();
      job.stats = ScrubStats{};
      StreamState state = carry_;
      job.error = engine_.scrub_pieces(scratch, job.input.view(), job.output, &job.stats, &state);
      job.end_state = state;
    }
    if (job.error) {
      fail(job.error.message.empty() ? "internal error while scrubbing" : job.error.message);
      return;
    }
    carry_ = job.end_state;
    redactions_ += job.stats.findings;
    masked_ += job.stats.records_failed_closed;
    records_ += job.records;
    if (!job.input.empty()) last_byte_ = job.input.view().back();
    if (!sink_(job.output)) fail("");
  }

  // A job to fill: a recycled one (its buffers keep their capacity) or a new one.
  std::unique_ptr<Job> take_free_job() {
    {
      std::lock_guard lock(out_m_);
      if (!free_.empty()) {
        std::unique_ptr<Job> job = std::move(free_.back());
        free_.pop_back();
        return job;
      }
    }
    return std::make_unique<Job>();
  }

  void recycle(std::unique_ptr<Job> job) {  // out_m_ held
    job->output.clear();
    job->end_state = StreamState{};
    job->stats = ScrubStats{};
    job->records = 0;
    job->error = Error{};
    free_.push_back(std::move(job));
  }

  void fail(std::string message) {
    std::lock_guard lock(out_m_);
    if (!stopped_.load()) error_ = std::move(message);
    stopped_.store(true);
    room_cv_.notify_all();
  }

  const Engine& engine_;
  const OutputSink& sink_;
  const ProgressFn& progress_;
  const bool count_records_;
  const size_t max_waiting_;  // scrubbed jobs waiting for an earlier one

  std::mutex in_m_;  // the input side
  RecordCutter cutter_;
  size_t next_seq_ = 0;

  std::mutex out_m_;  // the output side
  std::condition_variable room_cv_;
  std::vector<std::unique_ptr<Job>> ready_;  // scrubbed, not yet written; any order
  std::vector<std::unique_ptr<Job>> free_;   // written, ready for reuse
  size_t next_write_ = 0;
  bool writing_ = false;
  std::atomic<bool> stopped_{false};
  std::string error_;  // set with stopped_ (out_m_ held)

  // The writing worker's state (handed on with the writing role, under out_m_).
  StreamState carry_;
  size_t redactions_ = 0;
  size_t masked_ = 0;
  size_t records_ = 0;
  char last_byte_ = '\n';
};

}  // namespace

ParallelResult scrub_fd_parallel(const Engine& engine, int fd, unsigned threads,
                                 const OutputSink& sink, const ProgressFn& progress,
                                 bool count_records) {
  struct stat st {};
  const bool regular_file = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  Pipeline pipeline(engine, fd, regular_file, std::max(threads, 1u), sink, progress, count_records);
  pipeline.run(std::max(threads, 1u));
  return pipeline.result();
}

}  // namespace logscrub::cli
