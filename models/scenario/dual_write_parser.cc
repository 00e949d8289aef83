#include "models/scenario/dual_write_parser.h"

#include "models/scenario/assumptions.h"

namespace rsim {

namespace {

DualWriteSide parse_side(JsonObject& o, const std::function<std::uint32_t(const JsonValue&)>& endpoint_index,
                         std::vector<std::string>& defaulted) {
  DualWriteSide s;
  s.endpoint = endpoint_index(o.require("endpoint"));
  note_default(defaulted, o, "statement_latency_ms", 20);
  s.statement_latency_ms = o.number("statement_latency_ms", 20.0, 0.0, 3.6e6);
  s.retries = static_cast<int>(o.integer("retries", 3, 0, 1000));
  s.retry_delay_ms = o.number("retry_delay_ms", 1000.0, 0.0, 8.64e7);
  if (auto w = o.get("outages")) {
    for (const auto& v : w->array()) {
      JsonObject window = v.object();
      const double start = window.number("start_s", std::nullopt, 0.0, 1e9);
      const double duration = window.number("duration_s", std::nullopt, 0.0, 1e9);
      window.finish();
      s.outages_s.emplace_back(start, start + duration);
    }
  }
  o.finish();
  return s;
}

}  // namespace

DualWriteConfig parse_dual_write(JsonObject& o,
                                 const std::function<std::uint32_t(const JsonValue&)>& endpoint_index,
                                 std::vector<std::string>& defaulted) {
  DualWriteConfig c;
  c.name = o.string("name", "dual_write");
  c.messages_per_s = o.number("messages_per_s", std::nullopt, 1e-9, 1e7);
  c.start_s = o.number("start_s", 0.0, 0.0, 1e9);
  c.duration_s = o.number("duration_s", std::nullopt, 0.0, 1e9);
  c.consumers = static_cast<int>(o.integer("consumers", 1, 1, 1'000'000));
  note_default(defaulted, o, "insert_work_ms", 10);
  c.insert_work_ms = o.number("insert_work_ms", 10.0, 0.0, 8.64e7);
  c.insert_mbytes = o.number("insert_mbytes", 0.001, 0.0, 1e9);
  c.user = o.string("user", "ingest");
  c.query_group = o.string("query_group", "");
  c.domain = o.string("domain", c.name);
  JsonObject primary = o.require("primary").object();
  c.primary = parse_side(primary, endpoint_index, defaulted);
  JsonObject secondary = o.require("secondary").object();
  c.secondary = parse_side(secondary, endpoint_index, defaulted);
  if (c.primary.endpoint == c.secondary.endpoint) {
    o.require("secondary").fail("the secondary must be another endpoint than the primary");
  }
  o.finish();
  return c;
}

}  // namespace rsim
