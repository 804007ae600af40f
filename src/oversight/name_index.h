#pragma once
// The public search's index of organisations' names and codes, held in memory. It finds the
// organisations whose name contains a text (ignoring ASCII case, as the databases' lower() does
// under the C collation) or whose ODS code or CQC location ID is that text, in the order the
// search lists them: by name ignoring case, then id. Every page of every search is then a short
// walk, where in SQL a word in a few hundred names cost a few milliseconds a page.
//
// Words of three or more letters are found through their rarest trigram: each trigram keeps the
// positions of the names holding it, in list order, so walking one finds candidates already in
// order and can stop as soon as a page is full. Shorter words scan the names themselves.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cg::oversight {

struct NameEntry {
  int64_t id = 0;
  std::string name;
  std::string ods_code;
  std::string cqc_location_id;
  std::string type;   // as stored ("care_home")
  std::string board;  // the name of its ICS, "" when none
};

// What a search result shows of an organisation besides its status, as the index holds it.
struct ListedName {
  int64_t id = 0;
  std::string_view name, ods_code, cqc_location_id, type, board;
};

struct NameMatches {
  std::vector<int64_t> ids;         // in list order
  std::vector<uint32_t> positions;  // the same, as positions for NameIndex::listed
  bool more = false;                // another match follows the last one returned
};

class NameIndex {
 public:
  explicit NameIndex(std::vector<NameEntry> entries);

  // The matches of `query` after skipping `skip` of them, at most `take`. An empty query
  // matches every organisation. Names containing the query's text, whatever its characters
  // (%, _ and \ are not wildcards), and codes equal to it: the ODS code in upper case, the CQC
  // location ID exactly.
  NameMatches find(std::string_view query, size_t skip, size_t take) const;

  // What the index holds of the organisation at a position find gave; valid while it lives.
  ListedName listed(uint32_t pos) const;

  size_t size() const { return ids_.size(); }
  size_t bytes() const;  // memory held, roughly

 private:
  std::string_view name(uint32_t pos) const {
    return std::string_view(names_).substr(starts_[pos], starts_[pos + 1] - starts_[pos] - 1);
  }
  const uint32_t* postings_begin(std::string_view lowered) const;
  std::vector<uint32_t> code_matches(std::string_view query) const;

  std::string names_;             // lower-cased names in list order, each ended by a NUL
  std::vector<uint32_t> starts_;  // where each name begins in names_, and one past the last
  std::vector<int64_t> ids_;
  // Each position's name as written, ODS code, CQC id and type, each ended by a NUL, one after
  // another; and its board, as an index into boards_ (names of ICSs are shared by thousands).
  std::string shown_;
  std::vector<uint32_t> shown_starts_;
  std::vector<uint32_t> board_of_;
  std::vector<std::string> boards_;
  std::vector<std::pair<std::string, uint32_t>> ods_codes_;  // (code, position), by code
  std::vector<std::pair<std::string, uint32_t>> cqc_ids_;
  std::vector<uint32_t> gram_keys_;    // every trigram found, ascending
  std::vector<uint32_t> gram_starts_;  // where each trigram's positions begin in postings_
  std::vector<uint32_t> postings_;     // positions of the names holding each trigram, ascending
};

}  // namespace cg::oversight
