#include "workloads/formats/foreign_trace.h"

#include <algorithm>
#include <vector>

#include "workloads/formats/redset_reader.h"
#include "workloads/formats/stl_reader.h"
#include "workloads/formats/sys_query_history_reader.h"
#include "workloads/formats/test_drive_reader.h"

namespace rsim {

namespace {

// Serves another reader's queries sorted by arrival (stable), read whole into memory.
class SortedReader final : public ForeignTraceReader {
 public:
  explicit SortedReader(std::unique_ptr<ForeignTraceReader> inner) {
    Query q;
    while (inner->next(q)) queries_.push_back(q);
    std::stable_sort(queries_.begin(), queries_.end(),
                     [](const Query& a, const Query& b) { return a.arrival < b.arrival; });
    tally_ = inner->tally();
  }

  bool next(Query& q) override {
    if (next_ >= queries_.size()) return false;
    q = std::move(queries_[next_]);
    q.ordinal = next_++;
    return true;
  }

 private:
  std::vector<Query> queries_;
  std::size_t next_ = 0;
};

}  // namespace

std::unique_ptr<ForeignTraceReader> open_foreign_trace(TraceFormat format, const std::filesystem::path& path,
                                                       SymbolTable& symbols,
                                                       const ForeignTraceOptions& options) {
  std::unique_ptr<ForeignTraceReader> reader;
  switch (format) {
    case TraceFormat::kSysQueryHistory:
      reader = open_sys_query_history(path, symbols, options);
      break;
    case TraceFormat::kStl:
      reader = open_stl(path, symbols, options);
      break;
    case TraceFormat::kRedset:
      reader = open_redset(path, symbols, options);
      break;
    case TraceFormat::kTestDrive:
      reader = open_test_drive(path, symbols, options);
      break;
  }
  if (options.sort) reader = std::make_unique<SortedReader>(std::move(reader));
  return reader;
}

}  // namespace rsim
