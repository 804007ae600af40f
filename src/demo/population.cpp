#include "demo/population.h"

#include <algorithm>
#include <stdexcept>

#include "demo/geography.h"
#include "demo/rng.h"

namespace cg::demo {

namespace {

constexpr const char kBase36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

std::string base36(int64_t x, int width) {
  std::string out(static_cast<size_t>(width), '0');
  for (int i = width - 1; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kBase36[x % 36];
    x /= 36;
  }
  return out;
}

std::string digits(int64_t x, int width) {
  std::string out = std::to_string(x);
  if (static_cast<int>(out.size()) < width)
    out.insert(0, static_cast<size_t>(width) - out.size(), '0');
  return out;
}

// k -> (k * multiplier + offset) mod m, a bijection on [0, m) when multiplier and m share no
// factor. Refuses k outside the family's capacity rather than repeating a code.
int64_t scramble(int64_t k, int64_t multiplier, int64_t offset, int64_t m, const char* family) {
  if (k < 0 || k >= m) throw std::out_of_range(std::string("too many ") + family + " codes");
  return (k * multiplier + offset) % m;  // k < 200,000 keeps this well inside 64 bits
}

const char* const kPrefixes[] = {
    "Ash",   "Beech",    "Birch",    "Bramble", "Briar",   "Brook",  "Cedar",  "Clover",
    "Elm",   "Fern",     "Hawthorn", "Hazel",   "Heather", "Holly",  "Ivy",    "Juniper",
    "Larch", "Lavender", "Linden",   "Maple",   "Meadow",  "Mill",   "Oak",    "Orchard",
    "Pine",  "Primrose", "Rose",     "Rowan",   "Sandy",   "Silver", "Spring", "Stone",
    "Sunny", "Thorn",    "Willow",   "Wood",    "Yew",     "Kings",  "Queens", "Church",
    "Park",  "Green",    "High",     "Long",    "Fair",    "Golden", "Red",    "White",
    "Black", "North"};
const char* const kSuffixes[] = {"field", "bank",  "brook", "dale",  "den",  "gate", "hill",
                                 "hurst", "lands", "lea",   "leigh", "mead", "mere", "mount",
                                 "ridge", "side",  "stead", "view",  "way",  "wood", "ford",
                                 "by",    "ton",   "well",  "croft"};
const char* const kSurnames[] = {
    "Ahmed",    "Allen",    "Bailey",  "Baker",   "Begum",  "Bell",     "Brown",    "Clarke",
    "Collins",  "Cooper",   "Davies",  "Edwards", "Evans",  "Green",    "Hall",     "Harris",
    "Hill",     "Hughes",   "Jackson", "James",   "Jones",  "Khan",     "King",     "Lewis",
    "Martin",   "Mitchell", "Moore",   "Morgan",  "Morris", "Patel",    "Phillips", "Roberts",
    "Robinson", "Scott",    "Shah",    "Singh",   "Smith",  "Taylor",   "Thomas",   "Thompson",
    "Turner",   "Walker",   "Ward",    "Watson",  "White",  "Williams", "Wilson",   "Wright",
    "Young",    "Okafor"};

std::string place(Rng& r) {
  std::string p = r.pick(kPrefixes);
  p += r.pick(kSuffixes);
  return p;
}

std::string name_for(OrgType type, Rng& r) {
  switch (type) {
    case OrgType::care_home: {
      const char* const forms[] = {" House", " Care Home",        " Nursing Home", " Lodge",
                                   " Court", " Residential Home", " Manor"};
      if (r.chance(0.15)) return std::string("The ") + r.pick(kPrefixes) + "s";
      return place(r) + r.pick(forms);
    }
    case OrgType::home_care: {
      const int form = static_cast<int>(r.below(4));
      if (form == 0) return place(r) + " Home Care";
      if (form == 1) return std::string(r.pick(kSurnames)) + " Care at Home";
      if (form == 2) return std::string("Caring Hands ") + place(r);
      return place(r) + " Domiciliary Care Services";
    }
    case OrgType::supported_living:
      return r.chance(0.5) ? place(r) + " Supported Living" : place(r) + " Community Living";
    case OrgType::other_social_care: {
      const char* const forms[] = {" Day Centre", " Shared Lives", " Extra Care Housing",
                                   " Respite Service", " Community Support"};
      return place(r) + r.pick(forms);
    }
    case OrgType::gp_practice: {
      const char* const forms[] = {" Surgery", " Medical Centre", " Health Centre",
                                   " Medical Practice", " Family Practice"};
      return place(r) + r.pick(forms);
    }
    case OrgType::pharmacy:
      return r.chance(0.6) ? std::string(r.pick(kSurnames)) + " Pharmacy" : place(r) + " Chemist";
    case OrgType::nhs_trust: {
      const char* const forms[] = {" Hospitals NHS Foundation Trust", " Community Health NHS Trust",
                                   " Mental Health NHS Foundation Trust",
                                   " Teaching Hospitals NHS Trust"};
      return place(r) + r.pick(forms);
    }
    case OrgType::local_authority: {
      const char* const forms[] = {" Council", " Borough Council", " County Council",
                                   " City Council"};
      return place(r) + r.pick(forms);
    }
    case OrgType::supplier: {
      const char* const forms[] = {" Care Systems Ltd", " Digital Care Ltd", " Care Records Ltd",
                                   " Rostering Software Ltd"};
      return std::string(r.pick(kPrefixes)) + r.pick(forms);
    }
    default:
      return place(r);
  }
}

// Staff bands (micro, small, medium, large) in tenths of a percent, and the largest size.
struct SizeMix {
  int micro, small, medium;  // large is the rest
  int64_t large_max;
  int64_t large_min = 250;
};

SizeMix size_mix(OrgType type) {
  switch (type) {
    case OrgType::care_home:
      return {40, 480, 440, 400};
    case OrgType::home_care:
      return {120, 430, 380, 800};
    case OrgType::supported_living:
      return {200, 520, 250, 500};
    case OrgType::other_social_care:
      return {450, 400, 130, 400};
    case OrgType::gp_practice:
      return {20, 600, 370, 300};
    case OrgType::pharmacy:
      return {550, 430, 20, 260};
    case OrgType::nhs_trust:
      return {0, 0, 0, 18000, 1500};
    case OrgType::local_authority:
      return {0, 0, 50, 15000, 1000};
    default:
      return {100, 400, 350, 2000};
  }
}

int64_t staff_for(OrgType type, Rng& r) {
  const SizeMix m = size_mix(type);
  const int64_t band = r.between(0, 999);
  if (band < m.micro) return r.between(2, 9);
  if (band < m.micro + m.small) return r.between(10, 49);
  if (band < m.micro + m.small + m.medium) return r.between(50, 249);
  return r.between(m.large_min, m.large_max);
}

int64_t people_for(OrgType type, int64_t staff, Rng& r) {
  switch (type) {
    case OrgType::care_home:
      return std::max<int64_t>(3, staff * r.between(6, 10) / 10);
    case OrgType::home_care:
      return std::max<int64_t>(2, staff * r.between(12, 22) / 10);
    case OrgType::supported_living:
      return std::max<int64_t>(1, staff * r.between(4, 8) / 10);
    case OrgType::other_social_care:
      return std::max<int64_t>(5, staff * r.between(15, 30) / 10);
    case OrgType::gp_practice:
      return staff * r.between(300, 600);
    case OrgType::nhs_trust:
      return staff * r.between(40, 80);
    default:
      return 0;
  }
}

int pick_ics(Rng& r) {
  static const int total = [] {
    int t = 0;
    for (const auto& s : systems()) t += s.population_thousands;
    return t;
  }();
  int64_t x = r.between(0, total - 1);
  for (size_t i = 0; i < systems().size(); ++i) {
    x -= systems()[i].population_thousands;
    if (x < 0) return static_cast<int>(i);
  }
  return static_cast<int>(systems().size()) - 1;
}

}  // namespace

const std::vector<TypeShare>& type_shares() {
  static const std::vector<TypeShare> list = {
      {OrgType::care_home, 330},        {OrgType::home_care, 300},
      {OrgType::supported_living, 100}, {OrgType::other_social_care, 60},
      {OrgType::gp_practice, 140},      {OrgType::pharmacy, 60},
      {OrgType::nhs_trust, 5},          {OrgType::local_authority, 3},
      {OrgType::supplier, 2},
  };
  return list;
}

std::vector<std::pair<OrgType, int64_t>> type_counts(int64_t n) {
  std::vector<std::pair<OrgType, int64_t>> out;
  std::vector<std::pair<int64_t, size_t>> remainders;
  int64_t assigned = 0;
  for (size_t i = 0; i < type_shares().size(); ++i) {
    const auto& s = type_shares()[i];
    const int64_t exact = n * s.per_mille;
    out.emplace_back(s.type, exact / 1000);
    assigned += exact / 1000;
    remainders.emplace_back(exact % 1000, i);
  }
  // Largest remainders first; ties go to the earlier (larger) type.
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = 0; assigned < n; ++i, ++assigned) ++out[remainders[i].second].second;
  return out;
}

bool is_social_care(OrgType type) {
  return type == OrgType::care_home || type == OrgType::home_care ||
         type == OrgType::supported_living || type == OrgType::other_social_care;
}

// Codes are built by appending: g++ 12 warns falsely (-Wrestrict) on "literal" + string.
std::string social_care_code(int64_t k) {
  std::string out = "V";
  out += base36(scramble(k, 2654435761LL, 12345, 60466176, "social care"), 5);
  return out;
}
std::string gp_code(char region_letter, int64_t k) {
  std::string out(1, region_letter);
  out += digits(10000 + scramble(k, 7919, 123, 90000, "GP"), 5);
  return out;
}
std::string pharmacy_code(int64_t k) {
  const int64_t x = scramble(k, 7919, 77, 26000, "pharmacy");
  std::string out = "F";
  out += static_cast<char>('A' + x / 1000);
  out += digits(x % 1000, 3);
  return out;
}
std::string trust_code(int64_t k) {
  std::string out = "R";
  out += base36(scramble(k, 7, 11, 1296, "trust"), 2);
  return out;
}
std::string council_code(int64_t k) {
  std::string out = "L";
  out += digits(scramble(k, 7, 3, 1000, "council"), 3);
  return out;
}
std::string supplier_code(int64_t k) {
  const int64_t x = scramble(k, 7919, 5, 67600, "supplier");
  std::string out = "8";
  out += static_cast<char>('A' + x / 100 / 26);
  out += static_cast<char>('A' + x / 100 % 26);
  out += digits(x % 100, 2);
  return out;
}
std::string cqc_location_id(int64_t k) {
  std::string out = "1-";
  out += std::to_string(100000000 + scramble(k, 7919, 4242, 900000000, "CQC"));
  return out;
}

const std::vector<SupportDef>& support_orgs() {
  static const std::vector<SupportDef> list = [] {
    const char* const forms[] = {" Care Providers Digital Support", " Care Association Cyber Hub",
                                 " Home Care Alliance Data Security Service",
                                 " Social Care Digital Partnership"};
    std::vector<SupportDef> out;
    for (size_t r = 0; r < regions().size(); ++r)
      for (size_t f = 0; f < 4; ++f) {
        const size_t k = out.size() + 1;
        std::string code = k < 10 ? "DSP0" : "DSP";
        code += std::to_string(k);
        out.push_back({code, regions()[r].name + forms[f], static_cast<int>(r)});
      }
    return out;
  }();
  return list;
}

std::vector<Provider> providers(int64_t n, uint64_t seed) {
  if (n < kMinOrgs || n > kMaxOrgs)
    throw std::out_of_range("the number of organisations must be from " + std::to_string(kMinOrgs) +
                            " to " + std::to_string(kMaxOrgs));
  std::vector<OrgType> types;
  types.reserve(static_cast<size_t>(n));
  for (const auto& [type, count] : type_counts(n)) types.insert(types.end(), count, type);
  Rng shuffle(key({seed, 1}));
  for (size_t i = types.size() - 1; i > 0; --i) std::swap(types[i], types[shuffle.below(i + 1)]);

  std::vector<Provider> out(static_cast<size_t>(n));
  int64_t social = 0, gp = 0, pharmacy = 0, trust = 0, council = 0, supplier = 0;
  for (int64_t i = 0; i < n; ++i) {
    Provider& p = out[static_cast<size_t>(i)];
    Rng r(key({seed, 2, static_cast<uint64_t>(i)}));
    p.index = i;
    p.type = types[static_cast<size_t>(i)];
    p.ics = p.type == OrgType::supplier ? -1 : pick_ics(r);
    p.name = name_for(p.type, r);
    p.staff_count = staff_for(p.type, r);
    p.people_supported = people_for(p.type, p.staff_count, r);
    switch (p.type) {
      case OrgType::gp_practice:
        p.ods_code =
            gp_code(regions()[static_cast<size_t>(systems()[p.ics].region)].gp_letter, gp++);
        break;
      case OrgType::pharmacy:
        p.ods_code = pharmacy_code(pharmacy++);
        break;
      case OrgType::nhs_trust:
        p.ods_code = trust_code(trust++);
        break;
      case OrgType::local_authority:
        p.ods_code = council_code(council++);
        break;
      case OrgType::supplier:
        p.ods_code = supplier_code(supplier++);
        break;
      default:
        p.cqc_location_id = cqc_location_id(social);
        p.ods_code = social_care_code(social++);
        break;
    }
    if (is_social_care(p.type) && r.chance(0.45))
      p.support = systems()[p.ics].region * 4 + static_cast<int>(r.below(4));
    p.has_lead = p.type != OrgType::supplier && r.chance(0.04);
  }
  return out;
}

}  // namespace cg::demo
