#include "cli/parallel_scrub.h"

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "cli/line_reader.h"
#include "scrub/record_framer.h"
#include "scrub/render.h"

namespace logscrub::cli {

namespace {

constexpr size_t kJobBytes = size_t{256} << 10;   // input per job
constexpr size_t kReadBytes = size_t{256} << 10;  // one read(2)

struct Job {
  std::string input;    // complete records
  OutputPieces output;  // scrubbed (refers to input), assuming no block open at the start
  StreamState end_state;
  ScrubStats stats;
  Error error;
  bool done = false;
};

class Pipeline {
 public:
  Pipeline(const Engine& engine, unsigned threads, const OutputSink& sink)
      : engine_(engine), sink_(sink), max_inflight_(2 * static_cast<size_t>(threads) + 2) {
    for (unsigned i = 0; i < threads + 1; ++i) {
      Error err;
      auto s = Scratch::create(engine, &err);
      if (!s) {
        fail(err.message.empty() ? "cannot allocate scratch" : err.message);
        return;
      }
      scratches_.push_back(std::move(s));
    }
    for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this, i] { work(i); });
    writer_ = std::thread([this] { write_in_order(); });
  }

  ~Pipeline() { join(); }

  // Hands a job to the workers; blocks while too many are in flight. False once stopped.
  bool submit(std::unique_ptr<Job> job) {
    std::unique_lock lock(m_);
    space_cv_.wait(lock, [&] { return stopped_ || inflight_.size() < max_inflight_; });
    if (stopped_) return false;
    todo_.push_back(job.get());
    inflight_.push_back(std::move(job));
    work_cv_.notify_one();
    return true;
  }

  // No more jobs: waits until every job is written (or the pipeline stopped).
  void join() {
    {
      std::lock_guard lock(m_);
      input_done_ = true;
    }
    work_cv_.notify_all();
    done_cv_.notify_all();
    for (std::thread& t : workers_) {
      if (t.joinable()) t.join();
    }
    if (writer_.joinable()) writer_.join();
  }

  // A job to fill: a recycled one (its buffers keep their capacity, so no page is faulted in
  // again) or a new one.
  std::unique_ptr<Job> acquire() {
    {
      std::lock_guard lock(m_);
      if (!free_.empty()) {
        std::unique_ptr<Job> job = std::move(free_.back());
        free_.pop_back();
        return job;
      }
    }
    auto job = std::make_unique<Job>();
    job->input.reserve(kJobBytes + kReadBytes);
    return job;
  }

  bool stopped() {
    std::lock_guard lock(m_);
    return stopped_;
  }

  void fail(std::string message) {
    std::lock_guard lock(m_);
    if (!stopped_ && error_.empty()) error_ = std::move(message);
    stopped_ = true;
    work_cv_.notify_all();
    done_cv_.notify_all();
    space_cv_.notify_all();
  }

  const std::string& error() const { return error_; }
  size_t redactions() const { return redactions_; }
  size_t masked() const { return masked_; }

 private:
  void work(unsigned index) {
    Scratch& scratch = *scratches_[index];
    for (;;) {
      Job* job = nullptr;
      {
        std::unique_lock lock(m_);
        work_cv_.wait(lock, [&] { return stopped_ || !todo_.empty() || input_done_; });
        if (stopped_ || todo_.empty()) return;
        job = todo_.front();
        todo_.pop_front();
      }
      StreamState state;
      job->error = engine_.scrub_pieces(scratch, job->input, job->output, &job->stats, &state);
      job->end_state = state;
      {
        std::lock_guard lock(m_);
        job->done = true;
      }
      done_cv_.notify_all();
    }
  }

  void write_in_order() {
    Scratch& scratch = *scratches_.back();
    StreamState carry;
    for (;;) {
      std::unique_ptr<Job> job;
      {
        std::unique_lock lock(m_);
        done_cv_.wait(lock, [&] {
          return stopped_ || (!inflight_.empty() && inflight_.front()->done) ||
                 (input_done_ && inflight_.empty());
        });
        if (stopped_ || inflight_.empty()) return;
        job = std::move(inflight_.front());
        inflight_.pop_front();
      }
      space_cv_.notify_one();
      if (!job->error && carry.open_block_rule >= 0) {
        // The job before ended inside a block: scrub this one again with that state.
        job->output.clear();
        job->stats = ScrubStats{};
        StreamState state = carry;
        job->error = engine_.scrub_pieces(scratch, job->input, job->output, &job->stats, &state);
        job->end_state = state;
      }
      if (job->error) {
        fail(job->error.message.empty() ? "internal error while scrubbing" : job->error.message);
        return;
      }
      carry = job->end_state;
      redactions_ += job->stats.findings;
      masked_ += job->stats.records_failed_closed;
      if (!sink_(job->output)) {
        fail("");
        return;
      }
      job->input.clear();
      job->output.clear();
      job->end_state = StreamState{};
      job->stats = ScrubStats{};
      job->error = Error{};
      job->done = false;
      std::lock_guard lock(m_);
      free_.push_back(std::move(job));
    }
  }

  const Engine& engine_;
  const OutputSink& sink_;
  const size_t max_inflight_;
  std::vector<std::unique_ptr<Scratch>> scratches_;  // one per worker + one for the writer
  std::vector<std::thread> workers_;
  std::thread writer_;
  std::mutex m_;
  std::condition_variable work_cv_, done_cv_, space_cv_;
  std::deque<Job*> todo_;                      // submitted, not yet taken by a worker
  std::deque<std::unique_ptr<Job>> inflight_;  // submitted, not yet written; input order
  std::vector<std::unique_ptr<Job>> free_;     // written, ready for reuse
  bool input_done_ = false;
  bool stopped_ = false;
  std::string error_;
  size_t redactions_ = 0;  // written by the writer thread only; read after join()
  size_t masked_ = 0;
};

// Frames the input into jobs. An oversized record becomes its marker line in the job's input:
// no rule matches a marker (markers are skipped, G6) and a marker line ends any open block,
// so the job's output is exactly what StreamScrubber writes for that record.
class JobBuilder final : public RecordFramer::Handler {
 public:
  JobBuilder(Pipeline& pipeline, bool count_records)
      : pipeline_(pipeline), count_records_(count_records) {}

  bool on_lines(std::string_view chunk) override {
    if (count_records_) {
      records += static_cast<size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
      if (chunk.back() != '\n') ++records;
    }
    job_->input.append(chunk);
    return job_->input.size() < kJobBytes || submit();
  }

  bool on_oversized(size_t /*length*/, bool terminated, bool ends_with_cr) override {
    ++records;
    ++oversized;
    job_->input.append(kOversizedMarker);
    if (ends_with_cr) job_->input.push_back('\r');
    if (terminated) job_->input.push_back('\n');
    return job_->input.size() < kJobBytes || submit();
  }

  bool submit() {
    if (job_->input.empty()) return true;
    const bool ok = pipeline_.submit(std::move(job_));
    job_ = pipeline_.acquire();
    return ok;
  }

  size_t records = 0;
  size_t oversized = 0;

 private:
  Pipeline& pipeline_;
  bool count_records_;
  std::unique_ptr<Job> job_ = pipeline_.acquire();
};

}  // namespace

ParallelResult scrub_fd_parallel(const Engine& engine, int fd, unsigned threads,
                                 const OutputSink& sink, const ProgressFn& progress,
                                 bool count_records) {
  ParallelResult result;
  Pipeline pipeline(engine, std::max(threads, 1u), sink);
  JobBuilder builder(pipeline, count_records);
  const size_t max = engine.options().max_line_bytes;
  RecordFramer framer(max == SIZE_MAX ? max : max + 1);
  std::unique_ptr<char[]> buf(new char[kReadBytes]);
  std::string read_error;
  for (;;) {
    const long n = read_some(fd, buf.get(), kReadBytes);
    if (n < 0) {
      // The unfinished last record is dropped, never emitted unscrubbed.
      read_error = std::string("cannot read: ") + std::strerror(errno);
      break;
    }
    if (n == 0) {
      if (framer.finish(builder)) builder.submit();
      break;
    }
    result.bytes_in += static_cast<size_t>(n);
    if (!framer.feed(std::string_view(buf.get(), static_cast<size_t>(n)), builder)) break;
    if (progress) progress(result.bytes_in);
  }
  if (!read_error.empty()) {
    builder.submit();  // the complete records read before the error are still written
  }
  pipeline.join();
  result.records = builder.records;
  result.redactions = pipeline.redactions();
  result.masked_records = pipeline.masked() + builder.oversized;
  if (!read_error.empty()) {
    result.ok = false;
    result.error = read_error;
  } else if (pipeline.stopped()) {
    result.ok = false;
    result.error = pipeline.error();
  }
  return result;
}

}  // namespace logscrub::cli
