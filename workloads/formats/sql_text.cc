#include "workloads/formats/sql_text.h"

#include <array>
#include <string>

#include "sim/core/random.h"

namespace rsim {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// Skips blanks, comments and '(' from `i`.
std::size_t skip_noise(std::string_view s, std::size_t i) {
  while (i < s.size()) {
    if (is_space(s[i]) || s[i] == '(') {
      ++i;
    } else if (s.substr(i, 2) == "--") {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (s.substr(i, 2) == "/*") {
      const std::size_t end = s.find("*/", i + 2);
      i = end == std::string_view::npos ? s.size() : end + 2;
    } else {
      break;
    }
  }
  return i;
}

// The next word from `i` in lower case (at most 16 letters), and where it ends.
std::string next_word(std::string_view s, std::size_t& i) {
  i = skip_noise(s, i);
  std::string w;
  while (i < s.size() && is_word(s[i])) {
    if (w.size() < 16) w += lower(s[i]);
    ++i;
  }
  return w;
}

// True when the statement, from `i`, holds `word` (lower case) as a whole word (quotes and comments are not
// skipped: a heuristic for CREATE TABLE ... AS and SELECT ... INTO).
bool has_word(std::string_view s, std::size_t i, std::string_view word) {
  for (; i + word.size() <= s.size(); ++i) {
    if ((i > 0 && is_word(s[i - 1])) || lower(s[i]) != word[0]) continue;
    std::size_t k = 1;
    while (k < word.size() && lower(s[i + k]) == word[k]) ++k;
    if (k == word.size() && (i + k == s.size() || !is_word(s[i + k]))) return true;
  }
  return false;
}

}  // namespace

QueryType query_type_of_sql(std::string_view text) {
  std::size_t i = 0;
  const std::string first = next_word(text, i);
  if (first == "select") return has_word(text, i, "into") ? QueryType::kCtas : QueryType::kSelect;
  if (first == "with") return QueryType::kSelect;
  if (first == "insert") return QueryType::kInsert;
  if (first == "update") return QueryType::kUpdate;
  if (first == "delete") return QueryType::kDelete;
  if (first == "copy") return QueryType::kCopy;
  if (first == "unload") return QueryType::kUnload;
  if (first == "create") {
    std::size_t j = i;
    std::string w = next_word(text, j);
    if (w == "temp" || w == "temporary" || w == "local") w = next_word(text, j);
    if (w == "table" && has_word(text, j, "as")) return QueryType::kCtas;
    return QueryType::kDdl;
  }
  static constexpr std::array<std::string_view, 6> kDdl = {"alter", "drop",   "truncate",
                                                           "grant", "revoke", "comment"};
  for (const auto k : kDdl) {
    if (first == k) return QueryType::kDdl;
  }
  return QueryType::kOther;
}

std::uint64_t sql_fingerprint(std::string_view s) {
  // FNV-1a over the normalised text, computed as it is produced (no copy of the statement).
  std::uint64_t h = 0xcbf29ce484222325ULL;
  char last = 0;  // last character produced; 0: none yet
  bool pending_space = false;
  auto emit = [&](char c) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
    last = c;
  };
  auto put = [&](char c) {
    if (pending_space && last != 0) emit(' ');
    pending_space = false;
    emit(c);
  };
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (is_space(c)) {
      pending_space = true;
      ++i;
    } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      while (i < s.size() && s[i] != '\n') ++i;
      pending_space = true;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      const std::size_t end = s.find("*/", i + 2);
      i = end == std::string_view::npos ? s.size() : end + 2;
      pending_space = true;
    } else if (c == '\'') {
      // A string literal, '' escaping a quote.
      ++i;
      while (i < s.size()) {
        if (s[i] == '\'' && i + 1 < s.size() && s[i + 1] == '\'') {
          i += 2;
        } else if (s[i++] == '\'') {
          break;
        }
      }
      put('?');
    } else if (c == '"') {
      // A quoted identifier: kept as written.
      put(c);
      ++i;
      while (i < s.size() && s[i] != '"') emit(s[i++]);
      if (i < s.size()) emit(s[i++]);
    } else if ((c >= '0' && c <= '9') && (last == 0 || pending_space || !is_word(last))) {
      while (i < s.size() && (is_word(s[i]) || s[i] == '.')) ++i;
      put('?');
    } else {
      put(lower(c));
      ++i;
    }
  }
  const std::uint64_t mixed = mix64(h);
  return mixed == 0 ? 1 : mixed;
}

}  // namespace rsim
