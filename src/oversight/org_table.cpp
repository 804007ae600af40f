#include "oversight/org_table.h"

#include <algorithm>
#include <iterator>
#include <numeric>

#include "core/ascii.h"
#include "core/error.h"
#include "identity/model.h"

namespace cg::oversight {

namespace {

int sort_index(const std::string& sort) {
  for (size_t i = 0; i < std::size(kOrgTableSorts); ++i)
    if (sort == kOrgTableSorts[i]) return static_cast<int>(i);
  return -1;
}

// Ascending by one key, then name, then id.
bool before(const OrgTableRow& a, const OrgTableRow& b, int key) {
  auto three_way = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
  int c = 0;
  switch (key) {
    case 1:
      c = a.type.compare(b.type);
      break;
    case 2:
      c = three_way(a.staff_count, b.staff_count);
      break;
    case 3:
      c = three_way(status_index(a.status), status_index(b.status));
      break;
    case 4:
      c = a.published_on.compare(b.published_on);
      break;
    case 5:
      c = three_way(a.valid_until, b.valid_until);
      break;
    default:
      break;
  }
  if (c != 0) return c < 0;
  c = a.name.compare(b.name);
  if (c != 0) return c < 0;
  return a.id < b.id;
}

struct Filter {
  std::string status, type, size, needle;
  bool operator()(const OrgTableRow& r) const {
    if (!status.empty() && r.status != status) return false;
    if (!type.empty() && r.type != type) return false;
    if (!size.empty() && size != size_band(r.staff_count)) return false;
    return needle.empty() || contains_ascii_nocase(r.name, needle);
  }
};

}  // namespace

SortedArea sort_area(std::vector<OrgTableRow> rows) {
  SortedArea out;
  out.rows = std::move(rows);
  for (size_t key = 0; key < std::size(kOrgTableSorts); ++key) {
    std::vector<uint32_t> order(out.rows.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return before(out.rows[a], out.rows[b], static_cast<int>(key));
    });
    out.orders.push_back(std::move(order));
  }
  return out;
}

TableSlice table_slice(const SortedArea& area, const OrgTableQuery& q) {
  if (!q.status.empty() && status_index(q.status) < 0)
    throw Error(ErrorCode::bad_request, "Unknown status: " + q.status);
  if (!q.type.empty()) {
    auto t = identity::org_type_from_string(q.type);
    if (!t || !counted(*t))
      throw Error(ErrorCode::bad_request, "Unknown organisation type: " + q.type);
  }
  if (!q.size.empty() &&
      std::find_if(std::begin(kSizeBands), std::end(kSizeBands),
                   [&](const char* band) { return q.size == band; }) == std::end(kSizeBands))
    throw Error(ErrorCode::bad_request, "Unknown size band: " + q.size);
  const int key = sort_index(q.sort);
  if (key < 0) throw Error(ErrorCode::bad_request, "Unknown sort: " + q.sort);

  const Filter keep{q.status, q.type, q.size, ascii_lower(q.name)};
  const auto& order = area.orders.at(static_cast<size_t>(key));
  const int64_t size = q.page_size;
  const int64_t first = size > 0 ? (std::max<int64_t>(q.page, 1) - 1) * size : 0;
  TableSlice out;
  out.rows.reserve(size > 0 ? std::min(static_cast<size_t>(size), order.size()) : order.size());
  auto visit = [&](uint32_t i) {
    if (!keep(area.rows[i])) return;
    if (out.total >= first && (size <= 0 || out.total < first + size)) out.rows.push_back(i);
    ++out.total;
  };
  if (q.status.empty() && q.type.empty() && q.size.empty() && q.name.empty()) {
    // Nothing filtered: the page is a slice of the order.
    out.total = static_cast<int64_t>(order.size());
    const int64_t last = size > 0 ? std::min(out.total, first + size) : out.total;
    for (int64_t k = first; k < last; ++k)
      out.rows.push_back(order[static_cast<size_t>(q.descending ? out.total - 1 - k : k)]);
  } else if (q.descending) {
    for (auto it = order.rbegin(); it != order.rend(); ++it) visit(*it);
  } else {
    for (uint32_t i : order) visit(i);
  }
  const int64_t per_page = size > 0 ? size : std::max<int64_t>(out.total, 1);
  out.pages = (out.total + per_page - 1) / per_page;
  return out;
}

OrgTable table_page(const SortedArea& area, const OrgTableQuery& q) {
  auto slice = table_slice(area, q);
  OrgTable out;
  out.rows.reserve(slice.rows.size());
  for (uint32_t i : slice.rows) out.rows.push_back(area.rows[i]);
  out.total = slice.total;
  out.pages = slice.pages;
  return out;
}

}  // namespace cg::oversight
