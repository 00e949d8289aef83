// The transactions of the replay tools' SQLs.json, {"transactions": {"<xid>": {"xid", "pid", "db", "user",
// "time_interval", "queries": [{"record_time", "start_time", "end_time", "text"}]}, ...}}, streamed in file
// order. The document is parsed with a SAX handler (no JSON tree) on a thread of its own, which hands out
// transactions in batches through a bounded queue: the reader's consumer turns them into queries and writes
// them meanwhile, and memory holds a few batches whatever the file's size.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/time.h"
#include "sim/io/read_ahead.h"
#include "workloads/csv/byte_stream.h"
#include "workloads/query.h"

namespace rsim {

// A statement, analysed where it is parsed: its text never crosses to the consumer's thread.
struct ReplayStatement {
  std::optional<SimTime> record_time, start_time;  // absent when null or missing
  std::string time_error;  // a timestamp that does not parse, described; empty when both parse
  bool has_text = false;
  bool commented_out = false;  // the extractor comments out what replay must not run (repeated FETCH lines)
  QueryType type = QueryType::kOther;
  std::uint64_t fingerprint = 0;
};

struct ReplayTransaction {
  std::string xid, pid, db, user;  // numbers are kept as their decimal text
  std::vector<ReplayStatement> queries;
  std::uint64_t ordinal = 0;  // 1-based position in the file, for messages
};

class ReplayTransactionStream {
 public:
  // Starts parsing `source`; `name` is used in messages.
  ReplayTransactionStream(std::unique_ptr<ByteSource> source, std::string name);

  // The next transaction; false at the end of the document. Throws the InputError the parser met (invalid
  // JSON, a missing or unknown key, a value of the wrong kind), once the transactions before it are out.
  bool next(ReplayTransaction& t);

 private:
  using Batch = std::vector<ReplayTransaction>;
  void parse(const ReadAhead<Batch>::Publish& publish);  // on the read-ahead thread

  std::unique_ptr<ByteSource> source_;
  std::string name_;
  Batch current_;
  std::size_t current_next_ = 0;
  ReadAhead<Batch> parser_;  // last: it starts parsing when constructed
};

}  // namespace rsim
