#include "workloads/csv/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>

#include "sim/io/input_error.h"

namespace rsim {
namespace {

using ::testing::HasSubstr;

// Serves a string in pieces of `chunk` bytes, so records straddle buffer refills.
class StringSource final : public ByteSource {
 public:
  StringSource(std::string s, std::size_t chunk) : s_(std::move(s)), chunk_(chunk) {}
  std::size_t read(char* buf, std::size_t n) override {
    const std::size_t k = std::min({n, chunk_, s_.size() - pos_});
    std::memcpy(buf, s_.data() + pos_, k);
    pos_ += k;
    return k;
  }

 private:
  std::string s_;
  std::size_t chunk_;
  std::size_t pos_ = 0;
};

std::vector<std::vector<std::string>> parse(const std::string& text, std::size_t chunk = 1 << 20) {
  CsvReader r(std::make_unique<StringSource>(text, chunk), "t.csv");
  std::vector<std::vector<std::string>> rows;
  while (r.next()) {
    std::vector<std::string> row;
    for (std::size_t i = 0; i < r.size(); ++i) row.emplace_back(r.field(i));
    rows.push_back(row);
  }
  return rows;
}

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvReader, PlainQuotedEscapedAndEmptyFields) {
  EXPECT_EQ(parse("a,b,c\n1,,3\n"), (Rows{{"a", "b", "c"}, {"1", "", "3"}}));
  EXPECT_EQ(parse("\"x,y\",\"say \"\"hi\"\"\",\"\"\n"), (Rows{{"x,y", "say \"hi\"", ""}}));
}

TEST(CsvReader, LineBreaksInsideQuotesAndCrlf) {
  EXPECT_EQ(parse("q,\"select 1\r\nfrom t\"\r\nz,w\r\n"), (Rows{{"q", "select 1\r\nfrom t"}, {"z", "w"}}));
}

TEST(CsvReader, LastRecordWithoutLineBreak) { EXPECT_EQ(parse("a,b\n1,2"), (Rows{{"a", "b"}, {"1", "2"}})); }

TEST(CsvReader, SameResultWhateverTheReadSize) {
  const std::string text = "h1,h2\n\"multi\nline, with \"\"quotes\"\"\",2\r\nplain,\"\"\n\"end\",x";
  const Rows whole = parse(text);
  for (std::size_t chunk : {1, 2, 3, 5, 7, 16}) EXPECT_EQ(parse(text, chunk), whole) << "chunk " << chunk;
}

TEST(CsvReader, CountsPhysicalLines) {
  CsvReader r(std::make_unique<StringSource>("a\n\"x\ny\"\nb\n", 1 << 20), "t.csv");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 1u);
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 2u);
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 4u);
}

TEST(CsvReader, SkipsUtf8ByteOrderMark) { EXPECT_EQ(parse("\xEF\xBB\xBFq\n1\n"), (Rows{{"q"}, {"1"}})); }

TEST(CsvReader, AcceptsMultibyteUtf8) {
  EXPECT_EQ(parse("caf\xC3\xA9,\xE2\x82\xAC\n"), (Rows{{"café", "€"}}));
}

TEST(CsvReader, UnterminatedQuoteNamesLineAndColumn) {
  EXPECT_THAT(error_of("a,b\n1,\"open\n"), HasSubstr("t.csv: line 2, column 2: unterminated quoted field"));
}

TEST(CsvReader, TextAfterClosingQuote) {
  EXPECT_THAT(error_of("a,b\nx,\"q\"z\n"),
              HasSubstr("line 2, column 2: unexpected character 'z' after a closing quote"));
}

TEST(CsvReader, BareQuoteInUnquotedField) {
  EXPECT_THAT(error_of("a\nab\"c\n"), HasSubstr("line 2, column 1: a quote inside an unquoted field"));
}

TEST(CsvReader, InvalidUtf8) {
  EXPECT_THAT(error_of("a,b\n1,\xC3\x28\n"), HasSubstr("line 2, column 2: invalid UTF-8"));
  EXPECT_THAT(error_of("a,b\n1,\xE0\x80\x80\n"), HasSubstr("line 2, column 2: invalid UTF-8"));  // overlong
}

TEST(CsvReader, Utf16IsRejected) {
  EXPECT_THAT(error_of(std::string("\xFF\xFEq\0u\0", 6)),
              HasSubstr("line 1: the file is UTF-16 encoded; expected UTF-8"));
}

TEST(CsvReader, NulByte) {
  EXPECT_THAT(error_of(std::string("a,b\nx,y\0z\n", 10)), HasSubstr("line 2, column 2: a NUL byte"));
}

TEST(CsvField, QuotesOnlyWhenNeeded) {
  std::string out;
  append_csv_field(out, "plain");
  out += '|';
  append_csv_field(out, "a,\"b\"\n");
  EXPECT_EQ(out, "plain|\"a,\"\"b\"\"\n\"");
}

}  // namespace
}  // namespace rsim
