#pragma once
// How a status is shown to the public: the current status of an organisation from its recorded
// statuses, its wording in published status lists ("25/26 Standards Met", "Not Published") and
// the primary sectors and board names those lists use. Plain functions, no SQL, no HTML.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "identity/model.h"
#include "oversight/summary.h"

namespace cg::oversight {

// The newest edition's status still counting at `now`, if any.
std::optional<StatusRecord> current_of(const std::vector<StatusRecord>& statuses, int64_t now);

// "Standards Met" for "met"; "Not Published" for anything unknown.
std::string status_label(const std::string& status);
// "25/26 Standards Met" for edition "2025-26" and status "met"; "Not Published" when the
// edition is empty.
std::string public_status_text(const std::string& edition, const std::string& status);
// "2025-26" -> "25/26".
std::string short_edition(const std::string& edition);
// "2026-03-14" -> "14/03/2026"; "" stays "".
std::string day_month_year(const std::string& iso_date);
// "2026-03-14" -> "14 March 2026"; "" stays "".
std::string human_day(const std::string& iso_date);

// The primary sector a published list gives an organisation of this type ("Care Home").
std::string primary_sector(identity::OrgType type);
// The board's name as published lists write it, from an ICS's name: "Cheshire and Merseyside"
// -> "NHS Cheshire and Merseyside Integrated Care Board".
std::string board_name(const std::string& ics_name);
// The part of a board or ICS name that identifies the area, lower-cased with "&" as "and" and
// the "NHS" prefix and "Integrated Care Board/System" (or ICB/ICS) suffix removed, so that
// "NHS Cheshire & Merseyside ICB" and "Cheshire and Merseyside" agree.
std::string area_key(const std::string& board_or_ics_name);
// Lower case (ASCII), runs of spaces made one, none at either end: how published headers and
// names are compared.
std::string lower_words(std::string_view text);

}  // namespace cg::oversight
