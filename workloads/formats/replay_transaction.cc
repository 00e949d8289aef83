#include "workloads/formats/replay_transaction.h"

#include <fmt/format.h>

#include <array>
#include <nlohmann/json.hpp>
#include <streambuf>

#include "sim/io/input_error.h"
#include "workloads/formats/sql_text.h"
#include "workloads/trace/timestamp.h"

namespace rsim {

namespace {

using Json = nlohmann::json;

constexpr std::size_t kBatch = 256;  // transactions per hand-over

// A ByteSource as a std::streambuf, for nlohmann's stream input.
class SourceBuffer final : public std::streambuf {
 public:
  explicit SourceBuffer(ByteSource& source) : source_(source), buf_(1 << 16) {}

 protected:
  int_type underflow() override {
    const std::size_t n = source_.read(buf_.data(), buf_.size());
    if (n == 0) return traits_type::eof();
    setg(buf_.data(), buf_.data(), buf_.data() + n);
    return traits_type::to_int_type(buf_[0]);
  }

 private:
  ByteSource& source_;
  std::vector<char> buf_;
};

// Depths: 1 the document, 2 "transactions", 3 a transaction, 4 its "queries", 5 a query.
class ExtractHandler final : public nlohmann::json_sax<Json> {
 public:
  explicit ExtractHandler(std::function<bool(ReplayTransaction&&)> emit) : emit_(std::move(emit)) {}
  std::string error;

  bool null() override { return scalar(std::string(), true); }
  bool boolean(bool) override { return scalar_kind("a boolean"); }
  bool number_integer(number_integer_t v) override { return scalar(std::to_string(v), false); }
  bool number_unsigned(number_unsigned_t v) override { return scalar(std::to_string(v), false); }
  bool number_float(number_float_t, const string_t&) override { return scalar_kind("a fraction"); }
  bool string(string_t& s) override { return scalar(std::move(s), false); }
  bool binary(binary_t&) override { return fail("unexpected binary value"); }

  bool start_object(std::size_t) override {
    switch (depth_) {
      case 0:
        break;
      case 1:
        if (key_ != "transactions") return fail(fmt::format("\"{}\" must not be an object", key_));
        break;
      case 2:
        t_ = ReplayTransaction{};
        t_.ordinal = ++transactions_;
        seen_ = 0;
        break;
      case 4:
        t_.queries.emplace_back();
        break;
      default:
        return fail(fmt::format("\"{}\" must not be an object", key_));
    }
    ++depth_;
    return true;
  }
  bool end_object() override {
    --depth_;
    if (depth_ == 0 && !has_transactions_) return fail("expected the key \"transactions\"");
    if (depth_ != 2) return true;
    for (const char* k : {"xid", "pid", "db", "user", "queries"}) {
      if (!seen(k)) return fail(fmt::format("transaction {}: missing \"{}\"", t_.ordinal, k));
    }
    return emit_(std::move(t_));
  }
  bool start_array(std::size_t) override {
    if (depth_ == 3 && key_ == "queries") {
      ++depth_;
      return true;
    }
    if (depth_ == 0) return fail("expected a JSON object with the key \"transactions\"");
    return fail(fmt::format("\"{}\" must not be a list", key_));
  }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool key(string_t& k) override {
    key_ = std::move(k);
    switch (depth_) {
      case 1:
        if (key_ != "transactions")
          return fail(fmt::format("unexpected key \"{}\": expected \"transactions\"", key_));
        has_transactions_ = true;
        return true;
      case 2:
        return true;  // the xid, repeated inside
      case 3: {
        static constexpr std::array<std::string_view, 6> kKeys = {"xid",  "pid",     "db",
                                                                  "user", "queries", "time_interval"};
        for (std::size_t i = 0; i < kKeys.size(); ++i) {
          if (kKeys[i] == key_) {
            seen_ |= 1u << i;
            return true;
          }
        }
        return fail(fmt::format("transaction {}: unknown key \"{}\"", t_.ordinal, key_));
      }
      default:
        if (key_ != "record_time" && key_ != "start_time" && key_ != "end_time" && key_ != "text") {
          return fail(fmt::format("transaction {}: unknown key \"{}\" in a query", t_.ordinal, key_));
        }
        return true;
    }
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    std::string msg = e.what();
    if (const auto p = msg.find("] "); p != std::string::npos) msg = msg.substr(p + 2);
    return fail(fmt::format("invalid JSON near byte {}: {}", position, msg));
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
    if (depth_ == 3 && key_ == "time_interval") return true;
    return fail(fmt::format("\"{}\" must not be {}", key_, kind));
  }
  bool scalar(std::string value, bool is_null) {
    if (depth_ == 3) {
      if (key_ == "time_interval") return true;
      if (key_ == "queries")
        return fail(fmt::format("transaction {}: \"queries\" must be a list", t_.ordinal));
      std::string* field = key_ == "xid"   ? &t_.xid
                           : key_ == "pid" ? &t_.pid
                           : key_ == "db"  ? &t_.db
                                           : &t_.user;
      *field = std::move(value);
      return true;
    }
    if (depth_ == 4) return fail(fmt::format("transaction {}: each query must be an object", t_.ordinal));
    if (depth_ != 5) {
      return fail(depth_ <= 1 ? std::string("expected a JSON object with the key \"transactions\"")
                              : fmt::format("\"{}\" must be an object", key_));
    }
    ReplayStatement& q = t_.queries.back();
    if (key_ == "text") {
      if (is_null)
        return fail(fmt::format("transaction {}: a query's \"text\" must be a string", t_.ordinal));
      q.has_text = true;
      q.commented_out = value.rfind("--", 0) == 0;
      q.type = query_type_of_sql(value);
      q.fingerprint = sql_fingerprint(value);
    } else if ((key_ == "record_time" || key_ == "start_time") && !is_null) {
      std::string why;
      const auto t = parse_timestamp(value, &why);
      if (!t && q.time_error.empty()) {
        q.time_error = fmt::format("\"{}\": bad timestamp \"{}\": {}", key_, value.substr(0, 40), why);
      }
      (key_ == "record_time" ? q.record_time : q.start_time) = t;
    }
    return true;
  }

  std::function<bool(ReplayTransaction&&)> emit_;
  int depth_ = 0;
  unsigned seen_ = 0;
  bool has_transactions_ = false;
  std::uint64_t transactions_ = 0;
  std::string key_;
  ReplayTransaction t_;
};

}  // namespace

ReplayTransactionStream::ReplayTransactionStream(std::unique_ptr<ByteSource> source, std::string name)
    : source_(std::move(source)),
      name_(std::move(name)),
      parser_([this](const ReadAhead<Batch>::Publish& publish) { parse(publish); }) {}

void ReplayTransactionStream::parse(const ReadAhead<Batch>::Publish& publish) {
  Batch batch;
  bool stopped = false;
  ExtractHandler handler([&](ReplayTransaction&& t) {
    batch.push_back(std::move(t));
    if (batch.size() < kBatch) return true;
    stopped = !publish(std::move(batch));
    batch = Batch{};
    return !stopped;
  });
  SourceBuffer buffer(*source_);
  std::istream in(&buffer);
  bool ok = false;
  try {
    ok = Json::sax_parse(in, &handler);
  } catch (...) {
    // A read error (a corrupt .gz): the transactions before it still reach the consumer first.
    if (!stopped && !batch.empty()) publish(std::move(batch));
    throw;
  }
  if (stopped) return;
  if (!batch.empty() && !publish(std::move(batch))) return;
  if (!ok || !handler.error.empty()) {
    throw InputError(fmt::format("{}: {}", name_, handler.error.empty() ? "invalid JSON" : handler.error));
  }
}

bool ReplayTransactionStream::next(ReplayTransaction& t) {
  if (current_next_ == current_.size()) {
    if (!parser_.next(current_)) return false;
    current_next_ = 0;
  }
  t = std::move(current_[current_next_++]);
  return true;
}

}  // namespace rsim
