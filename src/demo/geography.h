#pragma once
// England's seven NHS England regions and 42 integrated care systems (real names and ODS
// codes), with approximate populations in thousands used to spread organisations over them.
#include <string>
#include <vector>

namespace cg::demo {

struct RegionDef {
  std::string code;  // ODS code, e.g. Y62
  std::string name;  // North West
  char gp_letter;    // first letter of GP practice codes generated in this region
};

struct IcsDef {
  std::string code;  // ODS code of the integrated care board, e.g. QYG
  std::string name;  // Cheshire and Merseyside ICS
  int region;        // index into regions()
  int population_thousands;
};

const std::vector<RegionDef>& regions();
const std::vector<IcsDef>& systems();

}  // namespace cg::demo
