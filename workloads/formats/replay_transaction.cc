#include "workloads/formats/replay_transaction.h"

#include <fmt/format.h>

#include <array>
#include <nlohmann/json.hpp>

namespace rsim {

namespace {

using Json = nlohmann::json;

class TransactionHandler final : public nlohmann::json_sax<Json> {
 public:
  explicit TransactionHandler(ReplayTransaction& out) : out_(out) {}
  std::string error;

  bool null() override { return scalar(std::string(), true); }
  bool boolean(bool) override { return scalar_kind("a boolean"); }
  bool number_integer(number_integer_t v) override { return scalar(std::to_string(v), false); }
  bool number_unsigned(number_unsigned_t v) override { return scalar(std::to_string(v), false); }
  bool number_float(number_float_t, const string_t&) override { return scalar_kind("a fraction"); }
  bool string(string_t& s) override { return scalar(std::move(s), false); }
  bool binary(binary_t&) override { return fail("unexpected binary value"); }

  bool start_object(std::size_t) override {
    if (depth_ == 0 || (depth_ == 2 && in_queries_)) {
      if (depth_ == 2) out_.queries.emplace_back();
      ++depth_;
      return true;
    }
    return fail(fmt::format("\"{}\" must not be an object", key_));
  }
  bool end_object() override {
    if (depth_ == 1) {
      for (const char* k : {"xid", "pid", "db", "user", "queries"}) {
        if (!seen(k)) return fail(fmt::format("missing \"{}\"", k));
      }
    }
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth_ == 1 && key_ == "queries") {
      in_queries_ = true;
      ++depth_;
      return true;
    }
    return fail(fmt::format("\"{}\" must not be a list", key_));
  }
  bool end_array() override {
    in_queries_ = false;
    --depth_;
    return true;
  }
  bool key(string_t& k) override {
    key_ = std::move(k);
    if (depth_ == 1) {
      static constexpr std::array<std::string_view, 6> kKeys = {"xid",  "pid",     "db",
                                                                "user", "queries", "time_interval"};
      for (std::size_t i = 0; i < kKeys.size(); ++i) {
        if (kKeys[i] == key_) {
          seen_ |= 1u << i;
          return true;
        }
      }
      return fail(fmt::format("unknown key \"{}\"", key_));
    }
    if (key_ != "record_time" && key_ != "start_time" && key_ != "end_time" && key_ != "text") {
      return fail(fmt::format("unknown key \"{}\" in a query", key_));
    }
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    return fail(fmt::format("not valid JSON: {}", e.what()));
  }

 private:
  bool fail(std::string why) {
    if (error.empty()) error = std::move(why);
    return false;
  }
  bool seen(std::string_view k) const {
    static constexpr std::array<std::string_view, 5> kRequired = {"xid", "pid", "db", "user", "queries"};
    for (std::size_t i = 0; i < kRequired.size(); ++i) {
      if (kRequired[i] == k) return (seen_ >> i) & 1u;
    }
    return false;
  }
  bool scalar_kind(std::string_view kind) {
    if (depth_ == 1 && key_ == "time_interval") return true;
    return fail(fmt::format("\"{}\" must not be {}", key_, kind));
  }
  bool scalar(std::string value, bool is_null) {
    if (depth_ == 1) {
      if (key_ == "time_interval") return true;
      if (key_ == "queries") return fail("\"queries\" must be a list");
      std::string* field = key_ == "xid"   ? &out_.xid
                           : key_ == "pid" ? &out_.pid
                           : key_ == "db"  ? &out_.db
                                           : &out_.user;
      *field = std::move(value);
      return true;
    }
    if (depth_ != 3) return fail("each query must be an object");
    ReplayStatement& q = out_.queries.back();
    if (key_ == "text") {
      if (is_null) return fail("a query's \"text\" must be a string");
      q.text = std::move(value);
      q.has_text = true;
    } else if (key_ == "record_time") {
      q.record_time = std::move(value);
    } else if (key_ == "start_time") {
      q.start_time = std::move(value);
    }
    return true;
  }

  ReplayTransaction& out_;
  int depth_ = 0;
  bool in_queries_ = false;
  unsigned seen_ = 0;
  std::string key_;
};

}  // namespace

bool parse_replay_transaction(std::string_view json, ReplayTransaction& out, std::string* why) {
  out = ReplayTransaction{};
  TransactionHandler handler(out);
  const bool ok = Json::sax_parse(json.begin(), json.end(), &handler);
  if (!ok || !handler.error.empty()) {
    *why = handler.error.empty() ? std::string("not valid JSON") : handler.error;
    return false;
  }
  return true;
}

}  // namespace rsim
