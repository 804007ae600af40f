#include "oversight/name_index.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <map>
#include <stdexcept>

#include "core/ascii.h"

namespace cg::oversight {

namespace {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

uint32_t gram_key(const char* p) {
  return static_cast<uint32_t>(static_cast<unsigned char>(p[0])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(p[1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(p[2]));
}

void add_code(std::vector<std::pair<std::string, uint32_t>>& codes, std::string code,
              uint32_t pos) {
  if (!code.empty()) codes.emplace_back(std::move(code), pos);
}

void equal_codes(const std::vector<std::pair<std::string, uint32_t>>& codes,
                 const std::string& code, std::vector<uint32_t>& out) {
  auto it =
      std::lower_bound(codes.begin(), codes.end(), code,
                       [](const auto& entry, const std::string& c) { return entry.first < c; });
  for (; it != codes.end() && it->first == code; ++it) out.push_back(it->second);
}

}  // namespace

NameIndex::NameIndex(std::vector<NameEntry> entries) {
  if (entries.size() >= kNone) throw std::length_error("too many organisations for the index");
  std::vector<std::string> lowered(entries.size());
  std::vector<uint32_t> order(entries.size());
  for (uint32_t i = 0; i < entries.size(); ++i) {
    lowered[i] = ascii_lower(entries[i].name);
    order[i] = i;
  }
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const int by_name = lowered[a].compare(lowered[b]);
    return by_name != 0 ? by_name < 0 : entries[a].id < entries[b].id;
  });

  size_t text = 0;
  for (const auto& l : lowered) text += l.size() + 1;
  names_.reserve(text);
  starts_.reserve(entries.size() + 1);
  ids_.reserve(entries.size());
  shown_starts_.reserve(entries.size());
  board_of_.reserve(entries.size());
  std::map<std::string, uint32_t> board_at;
  // (trigram << 32 | position) for every trigram of every name; sorted, they group by trigram
  // with positions ascending.
  std::vector<uint64_t> grams;
  grams.reserve(text);
  for (uint32_t pos = 0; pos < order.size(); ++pos) {
    NameEntry& e = entries[order[pos]];
    const std::string& l = lowered[order[pos]];
    if (names_.size() >= kNone - l.size() - 1)
      throw std::length_error("names too long for the index");
    starts_.push_back(static_cast<uint32_t>(names_.size()));
    names_ += l;
    names_.push_back('\0');
    ids_.push_back(e.id);
    shown_starts_.push_back(static_cast<uint32_t>(shown_.size()));
    for (const std::string* field : {&e.name, &e.ods_code, &e.cqc_location_id, &e.type}) {
      shown_ += *field;
      shown_.push_back('\0');
    }
    if (shown_.size() >= kNone) throw std::length_error("names too long for the index");
    auto [board, added] = board_at.try_emplace(e.board, static_cast<uint32_t>(boards_.size()));
    if (added) boards_.push_back(e.board);
    board_of_.push_back(board->second);
    for (size_t i = 0; i + 3 <= l.size(); ++i)
      grams.push_back(static_cast<uint64_t>(gram_key(l.data() + i)) << 32 | pos);
    add_code(ods_codes_, std::move(e.ods_code), pos);
    add_code(cqc_ids_, std::move(e.cqc_location_id), pos);
  }
  starts_.push_back(static_cast<uint32_t>(names_.size()));

  std::sort(grams.begin(), grams.end());
  grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
  postings_.reserve(grams.size());
  for (uint64_t g : grams) {
    const auto key = static_cast<uint32_t>(g >> 32);
    if (gram_keys_.empty() || gram_keys_.back() != key) {
      gram_keys_.push_back(key);
      gram_starts_.push_back(static_cast<uint32_t>(postings_.size()));
    }
    postings_.push_back(static_cast<uint32_t>(g));
  }
  gram_starts_.push_back(static_cast<uint32_t>(postings_.size()));
  std::sort(ods_codes_.begin(), ods_codes_.end());
  std::sort(cqc_ids_.begin(), cqc_ids_.end());
}

ListedName NameIndex::listed(uint32_t pos) const {
  ListedName out;
  out.id = ids_.at(pos);
  const char* at = shown_.data() + shown_starts_[pos];
  for (std::string_view* field : {&out.name, &out.ods_code, &out.cqc_location_id, &out.type}) {
    *field = std::string_view(at);
    at += field->size() + 1;
  }
  out.board = boards_[board_of_[pos]];
  return out;
}

size_t NameIndex::bytes() const {
  size_t codes = 0;
  for (const auto* list : {&ods_codes_, &cqc_ids_})
    for (const auto& [code, pos] : *list) codes += sizeof(pos) + sizeof(code) + code.capacity();
  size_t boards = 0;
  for (const auto& b : boards_) boards += sizeof(b) + b.capacity();
  return names_.capacity() + starts_.capacity() * sizeof(uint32_t) + shown_.capacity() +
         (shown_starts_.capacity() + board_of_.capacity()) * sizeof(uint32_t) + boards +
         ids_.capacity() * sizeof(int64_t) + codes +
         (gram_keys_.capacity() + gram_starts_.capacity() + postings_.capacity()) *
             sizeof(uint32_t);
}

std::vector<uint32_t> NameIndex::code_matches(std::string_view query) const {
  std::vector<uint32_t> out;
  equal_codes(ods_codes_, ascii_upper(query), out);
  equal_codes(cqc_ids_, std::string(query), out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

NameMatches NameIndex::find(std::string_view query, size_t skip, size_t take) const {
  NameMatches out;
  const auto count = static_cast<uint32_t>(ids_.size());
  const std::string lowered = ascii_lower(query);
  const bool any_name = lowered.empty();
  // No name holds a NUL (it ends each one here), so such a query matches codes only.
  const bool no_name = lowered.find('\0') != std::string::npos;

  // Walking the postings of the query's rarest trigram: a trigram no name holds leaves none.
  const uint32_t* gram = nullptr;
  const uint32_t* gram_end = nullptr;
  if (!any_name && !no_name && lowered.size() >= 3) {
    size_t fewest = std::numeric_limits<size_t>::max();
    for (size_t i = 0; i + 3 <= lowered.size(); ++i) {
      const uint32_t key = gram_key(lowered.data() + i);
      auto it = std::lower_bound(gram_keys_.begin(), gram_keys_.end(), key);
      if (it == gram_keys_.end() || *it != key) {
        gram = gram_end = nullptr;
        fewest = 0;
        break;
      }
      const auto k = static_cast<size_t>(it - gram_keys_.begin());
      if (gram_starts_[k + 1] - gram_starts_[k] < fewest) {
        fewest = gram_starts_[k + 1] - gram_starts_[k];
        gram = postings_.data() + gram_starts_[k];
        gram_end = postings_.data() + gram_starts_[k + 1];
      }
    }
  }

  // The first position at or after `from` whose name holds the query, or kNone.
  auto next_name = [&](uint32_t from) -> uint32_t {
    if (any_name) return from < count ? from : kNone;
    if (no_name) return kNone;
    if (lowered.size() >= 3) {
      gram = std::lower_bound(gram, gram_end, from);
      for (; gram != gram_end; ++gram)
        if (name(*gram).find(lowered) != std::string_view::npos) return *gram;
      return kNone;
    }
    if (from >= count) return kNone;
    const char* begin = names_.data();
    const char* at = begin + starts_[from];
    const char* end = begin + names_.size();
    const void* hit = memmem(at, static_cast<size_t>(end - at), lowered.data(), lowered.size());
    if (hit == nullptr) return kNone;
    const auto offset = static_cast<uint32_t>(static_cast<const char*>(hit) - begin);
    // A match cannot run across the NUL ending a name: the query has none.
    return static_cast<uint32_t>(std::upper_bound(starts_.begin(), starts_.end(), offset) -
                                 starts_.begin() - 1);
  };

  const std::vector<uint32_t> codes = any_name ? std::vector<uint32_t>{} : code_matches(query);
  auto code = codes.begin();
  uint32_t from = 0;
  size_t seen = 0;
  while (from < count) {
    while (code != codes.end() && *code < from) ++code;
    const uint32_t pos = std::min(next_name(from), code != codes.end() ? *code : kNone);
    if (pos == kNone) break;
    if (seen >= skip) {
      if (out.ids.size() == take) {
        out.more = true;
        break;
      }
      out.ids.push_back(ids_[pos]);
      out.positions.push_back(pos);
    }
    ++seen;
    from = pos + 1;
  }
  return out;
}

}  // namespace cg::oversight
