#include "workloads/csv/csv_reader.h"

#include <fmt/format.h>

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "sim/io/input_error.h"

namespace rsim {

namespace {
constexpr std::size_t kInitialBuffer = 1 << 20;
constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighs = 0x8080808080808080ULL;

// Non-zero when some byte of `w` is zero (the classic SWAR test; exact for the "any" question).
constexpr std::uint64_t zero_byte(std::uint64_t w) { return (w - kOnes) & ~w & kHighs; }

// True when the eight bytes at `p` hold none of , " \r \n: the common case inside an unquoted field.
inline bool plain8(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return !(zero_byte(w ^ (kOnes * ',')) | zero_byte(w ^ (kOnes * '"')) | zero_byte(w ^ (kOnes * '\r')) |
           zero_byte(w ^ (kOnes * '\n')));
}

// True when [p, p + n) is ASCII without NUL bytes: then it is valid UTF-8 with nothing to report.
bool plain_ascii(const char* p, std::size_t n) {
  std::size_t k = 0;
  for (; k + 8 <= n; k += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + k, 8);
    if ((w & kHighs) || zero_byte(w)) return false;
  }
  for (; k < n; ++k) {
    const auto c = static_cast<unsigned char>(p[k]);
    if (c == 0 || c >= 0x80) return false;
  }
  return true;
}
}  // namespace

CsvReader::CsvReader(std::unique_ptr<ByteSource> source, std::string name)
    : source_(std::move(source)), name_(std::move(name)), buf_(kInitialBuffer) {
  fields_.reserve(32);
}

bool CsvReader::fill() {
  if (eof_) return false;
  // Keep the unread part, move it to the front, and grow the buffer if one record fills it.
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);
  const std::size_t got = source_->read(buf_.data() + end_, buf_.size() - end_);
  if (got == 0) {
    eof_ = true;
    return false;
  }
  end_ += got;
  return true;
}

void CsvReader::check_start() {
  started_ = true;
  while (end_ - begin_ < 3 && fill()) {
  }
  const auto* b = reinterpret_cast<const unsigned char*>(buf_.data() + begin_);
  const std::size_t n = end_ - begin_;
  if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
    throw InputError(fmt::format("{}: line 1: the file is UTF-16 encoded; expected UTF-8", name_));
  }
  if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) begin_ += 3;
}

void CsvReader::fail(std::size_t column, std::string_view what) const {
  throw InputError(fmt::format("{}: line {}, column {}: {}", name_, line_, column, what));
}

bool CsvReader::next() {
  if (!started_) check_start();
  for (;;) {
    if (begin_ == end_ && !fill()) return false;
    if (parse_record() == Parse::kDone) break;
    if (!fill()) {
      // End of input inside a record: a final record without a line break is fine unless a quote is open,
      // which parse_record reports once it knows no more bytes are coming.
      if (parse_record() == Parse::kDone) break;
    }
  }
  line_ = next_line_;
  next_line_ += newlines_in_record_;
  ++records_;
  // The record's raw bytes cover every field (escaped fields are copies of them): check them in one sweep,
  // and look field by field only when something needs a closer look.
  if (!record_plain_ && !plain_ascii(buf_.data() + record_begin_, begin_ - record_begin_)) validate_utf8();
  return true;
}

// Parses one record starting at begin_. On success advances begin_ past it.
CsvReader::Parse CsvReader::parse_record() {
  fields_.clear();
  scratch_.clear();
  newlines_in_record_ = 0;
  record_begin_ = begin_;
  // Fast path, nearly every record of a trace: one complete line without quotes or carriage returns.
  record_plain_ = false;
#if defined(__SSE2__)
  if (split_line_sse2()) return Parse::kDone;
#endif
  // memchr (vectorised in libc) finds the line end and each comma far faster than a byte loop.
  const char* const b = buf_.data() + begin_;
  const auto* nl = static_cast<const char*>(std::memchr(b, '\n', end_ - begin_));
  if (nl) {
    const char* line_end = nl > b && nl[-1] == '\r' ? nl - 1 : nl;
    const auto n = static_cast<std::size_t>(line_end - b);
    if (!std::memchr(b, '"', n) && !std::memchr(b, '\r', n)) {
      fields_.clear();
      const char* p = b;
      for (;;) {
        const auto* comma =
            static_cast<const char*>(std::memchr(p, ',', static_cast<std::size_t>(line_end - p)));
        const char* stop = comma ? comma : line_end;
        fields_.push_back(
            Field{static_cast<std::size_t>(p - buf_.data()), static_cast<std::size_t>(stop - p), false});
        if (!comma) break;
        p = comma + 1;
      }
      newlines_in_record_ = 1;
      begin_ = static_cast<std::size_t>(nl + 1 - buf_.data());
      return Parse::kDone;
    }
  }
  fields_.clear();
  return parse_general();
}

#if defined(__SSE2__)
// Splits the line at begin_ sixteen bytes at a time: commas end fields; a line feed ends the record; a quote
// or carriage return sends the record to the general parser. Also notes whether the line is plain ASCII
// without NUL bytes, so that next() can skip the UTF-8 check. Returns false (fields_ left partial, begin_
// untouched) when the line is not of this simple form or does not end within the buffer's last full block.
bool CsvReader::split_line_sse2() {
  const char* const base = buf_.data();
  const char* p = base + begin_;
  const char* const end = base + end_;
  const char* field = p;
  const __m128i comma = _mm_set1_epi8(',');
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i zero = _mm_setzero_si128();
  unsigned odd = 0;  // high-bit or NUL bytes seen in the record
  for (; p + 16 <= end; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    unsigned commas = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma)));
    const unsigned special = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, cr)))));
    const unsigned strange =
        static_cast<unsigned>(_mm_movemask_epi8(v)) | static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, zero)));
    const unsigned before = special ? (1u << __builtin_ctz(special)) - 1 : 0xFFFFu;
    commas &= before;
    odd |= strange & before;
    while (commas) {
      const char* c = p + __builtin_ctz(commas);
      fields_.push_back(Field{static_cast<std::size_t>(field - base), static_cast<std::size_t>(c - field), false});
      field = c + 1;
      commas &= commas - 1;
    }
    if (!special) continue;
    const char* stop = p + __builtin_ctz(special);
    if (*stop != '\n') return false;  // a quote or a carriage return: the general parser handles it
    fields_.push_back(Field{static_cast<std::size_t>(field - base), static_cast<std::size_t>(stop - field), false});
    newlines_in_record_ = 1;
    begin_ = static_cast<std::size_t>(stop + 1 - base);
    record_plain_ = odd == 0;
    return true;
  }
  return false;
}
#endif

// Any record: quoted fields, escaped quotes, line breaks inside quotes, a last line without a line break.
CsvReader::Parse CsvReader::parse_general() {
  const char* const base = buf_.data();
  std::size_t p = begin_;
  const std::size_t end = end_;
  for (;;) {
    const std::size_t column = fields_.size() + 1;
    if (p < end && base[p] == '"') {
      // Quoted field.
      ++p;
      const std::size_t start = p;
      bool escaped = false;
      std::size_t scratch_start = scratch_.size();
      for (;;) {
        const void* q = p < end ? std::memchr(base + p, '"', end - p) : nullptr;
        if (!q) {
          if (!eof_) return Parse::kNeedMore;
          line_ = next_line_;
          fail(column, "unterminated quoted field: the closing quote is missing");
        }
        const std::size_t qi = static_cast<const char*>(q) - base;
        for (std::size_t k = p; k < qi; ++k) newlines_in_record_ += base[k] == '\n';
        if (qi + 1 >= end && !eof_) return Parse::kNeedMore;
        if (qi + 1 < end && base[qi + 1] == '"') {
          // An escaped quote: copy what we have (plus one quote) to scratch.
          if (!escaped) {
            escaped = true;
            scratch_start = scratch_.size();
            scratch_.append(base + start, qi + 1 - start);
          } else {
            scratch_.append(base + p, qi + 1 - p);
          }
          p = qi + 2;
          continue;
        }
        // Closing quote.
        if (escaped) {
          scratch_.append(base + p, qi - p);
          fields_.push_back(Field{scratch_start, scratch_.size() - scratch_start, true});
        } else {
          fields_.push_back(Field{start, qi - start, false});
        }
        p = qi + 1;
        break;
      }
      if (p >= end) {
        if (!eof_) return Parse::kNeedMore;
        ++newlines_in_record_;
        begin_ = p;
        return Parse::kDone;
      }
      const char c = base[p];
      if (c == ',') {
        ++p;
        continue;
      }
      if (c == '\n') {
        ++newlines_in_record_;
        begin_ = p + 1;
        return Parse::kDone;
      }
      if (c == '\r') {
        if (p + 1 >= end && !eof_) return Parse::kNeedMore;
        if (p + 1 >= end || base[p + 1] == '\n') {
          ++newlines_in_record_;
          begin_ = p + 2 <= end ? p + 2 : end;
          return Parse::kDone;
        }
      }
      line_ = next_line_;
      fail(column,
           fmt::format("unexpected character '{}' after a closing quote (a quoted field must end at a comma "
                       "or the end of the line)",
                       c == '\r' ? std::string("\\r") : std::string(1, c)));
    }
    // Unquoted field: up to the next comma or line end.
    const std::size_t start = p;
    while (p + 8 <= end && plain8(base + p)) p += 8;
    while (p < end) {
      const char c = base[p];
      if (c == ',' || c == '\n' || c == '\r') break;
      if (c == '"') {
        line_ = next_line_;
        fail(column, "a quote inside an unquoted field (quote the whole field and double the quote)");
      }
      ++p;
    }
    if (p >= end) {
      if (!eof_) return Parse::kNeedMore;
      fields_.push_back(Field{start, p - start, false});
      ++newlines_in_record_;
      begin_ = p;
      return Parse::kDone;
    }
    const char c = base[p];
    if (c == ',') {
      fields_.push_back(Field{start, p - start, false});
      ++p;
      continue;
    }
    if (c == '\r') {
      if (p + 1 >= end && !eof_) return Parse::kNeedMore;
      if (p + 1 < end && base[p + 1] != '\n') {
        line_ = next_line_;
        fail(column, "a carriage return not followed by a line feed");
      }
      fields_.push_back(Field{start, p - start, false});
      ++newlines_in_record_;
      begin_ = p + 2 <= end ? p + 2 : end;
      return Parse::kDone;
    }
    fields_.push_back(Field{start, p - start, false});  // '\n'
    ++newlines_in_record_;
    begin_ = p + 1;
    return Parse::kDone;
  }
}

void CsvReader::validate_utf8() const {
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    const std::string_view f = field(i);
    const auto* s = reinterpret_cast<const unsigned char*>(f.data());
    const std::size_t n = f.size();
    // Fast path: plain ASCII without NUL, eight bytes at a time.
    std::size_t k = 0;
    for (; k + 8 <= n; k += 8) {
      std::uint64_t w;
      std::memcpy(&w, s + k, 8);
      const bool high = w & 0x8080808080808080ULL;
      const bool zero = (w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL;
      if (high || zero) break;
    }
    while (k < n) {
      const unsigned char c = s[k];
      if (c == 0) fail(i + 1, "a NUL byte (is this a binary or UTF-16 file?)");
      if (c < 0x80) {
        ++k;
        continue;
      }
      std::size_t len;
      std::uint32_t cp;
      if ((c & 0xE0) == 0xC0) {
        len = 2;
        cp = c & 0x1F;
      } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        cp = c & 0x0F;
      } else if ((c & 0xF8) == 0xF0) {
        len = 4;
        cp = c & 0x07;
      } else {
        fail(i + 1, fmt::format("invalid UTF-8 (byte 0x{:02X}); expected UTF-8 text", c));
      }
      if (k + len > n) fail(i + 1, "invalid UTF-8 (truncated sequence); expected UTF-8 text");
      for (std::size_t j = 1; j < len; ++j) {
        if ((s[k + j] & 0xC0) != 0x80)
          fail(i + 1, "invalid UTF-8 (bad continuation byte); expected UTF-8 text");
        cp = (cp << 6) | (s[k + j] & 0x3F);
      }
      const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
      if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        fail(i + 1, "invalid UTF-8 (overlong or out-of-range code point); expected UTF-8 text");
      }
      k += len;
    }
  }
}

void append_csv_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (const char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace rsim
