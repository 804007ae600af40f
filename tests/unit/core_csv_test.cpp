#include <gtest/gtest.h>

#include "core/csv.h"

namespace {

TEST(Csv, QuotesOnlyWhenNeededAndDefusesFormulas) {
  const std::pair<const char*, const char*> cases[] = {
      {"plain", "plain"},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"two\nlines", "\"two\nlines\""},
      {"=SUM(A1)", "'=SUM(A1)"},
      {"+44 1234", "'+44 1234"},
      {"-1", "'-1"},
      {"@cmd", "'@cmd"},
      {"", ""},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(cg::csv::field(in), out) << in;
  EXPECT_EQ(cg::csv::row({"Code", "Name, Ltd", "1"}), "Code,\"Name, Ltd\",1\r\n");
}

// Spreadsheets skip white space and control characters at the start of a cell before looking
// for a formula, so "<TAB>=cmd" runs as one just as "=cmd" does.
TEST(Csv, DefusesFormulasAfterLeadingWhiteSpaceAndControlCharacters) {
  const std::pair<const char*, const char*> cases[] = {
      {"\t=HYPERLINK(\"http://evil.example\",\"Open\")",
       "\"'\t=HYPERLINK(\"\"http://evil.example\"\",\"\"Open\"\")\""},
      {"\r=1+1", "\"'\r=1+1\""},
      {"\n=1+1", "\"'\n=1+1\""},
      {"\r\n@SUM(A1)", "\"'\r\n@SUM(A1)\""},
      {" =1+1", "' =1+1"},
      {"\t+44", "'\t+44"},
      {"\t-1", "'\t-1"},
      {"\t@cmd", "'\t@cmd"},
      // A TAB or CR alone at the start, then more white space before the formula.
      {"\t \t=cmd|' /C calc'!A0", "'\t \t=cmd|' /C calc'!A0"},
      {"\r  =1+1", "\"'\r  =1+1\""},
      {"\t\r\n =1+1", "\"'\t\r\n =1+1\""},
      {"\x0b=1+1", "'\x0b=1+1"},
      {"\x1f=1+1", "'\x1f=1+1"},
      {"\x7f=1+1", "'\x7f=1+1"},
      // White space before ordinary text is left alone.
      {"\tplain", "\tplain"},
      {"  indented", "  indented"},
      {"\t", "\t"},
      {"a=b", "a=b"},
      {"'=already", "'=already"},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(cg::csv::field(in), out) << in;
}

TEST(Csv, StartsFormulaLooksPastWhiteSpaceAndControlCharacters) {
  const std::pair<const char*, bool> cases[] = {
      {"=1", true},   {"+1", true},   {"-1", true},        {"@x", true},     {"\t=1", true},
      {"\r=1", true}, {"\n=1", true}, {" \t\r\n=1", true}, {"\x01=1", true}, {"1", false},
      {"", false},    {"\t", false},  {"a=1", false},      {"'=1", false},   {"\t'=1", false},
  };
  for (const auto& [in, formula] : cases) EXPECT_EQ(cg::csv::starts_formula(in), formula) << in;
}

}  // namespace
