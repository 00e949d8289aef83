// One transaction of the replay tools' SQLs.json: {"xid", "pid", "db", "user", "time_interval", "queries":
// [{"record_time", "start_time", "end_time", "text"}]}. Parsed with a SAX handler straight into this struct:
// a million transactions do not each build a JSON tree.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rsim {

struct ReplayStatement {
  std::string record_time;  // empty when null or absent
  std::string start_time;
  std::string text;
  bool has_text = false;
};

struct ReplayTransaction {
  std::string xid, pid, db, user;  // numbers are kept as their decimal text
  std::vector<ReplayStatement> queries;
};

// Parses `json` into `out` (cleared first). On failure returns false and sets *why: invalid JSON, a missing
// or unknown key, a value of the wrong kind.
bool parse_replay_transaction(std::string_view json, ReplayTransaction& out, std::string* why);

}  // namespace rsim
