#pragma once
// Reads and checks framework files (content/frameworks/*.yaml, described in SCHEMA.md there).
// Every problem is reported with the file, line and column and a plain message; a library with
// any problem is refused as a whole.
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "toolkit/model/framework.h"

namespace cg::toolkit {

struct ContentProblem {
  std::string file;
  int line = 0;    // 1-based; 0 when not known
  int column = 0;  // 1-based
  std::string message;
  std::string to_string() const;  // "file:line:column: message"
};

class ContentError : public std::runtime_error {
 public:
  explicit ContentError(std::vector<ContentProblem> problems);
  const std::vector<ContentProblem>& problems() const { return problems_; }

 private:
  std::vector<ContentProblem> problems_;
};

// Parses one file; problems are appended (the result is partial when there are any).
Framework read_framework(const std::string& path, std::vector<ContentProblem>& problems);
Framework read_framework_text(const std::string& text, const std::string& name,
                              std::vector<ContentProblem>& problems);

// All frameworks in a folder, keyed "id@edition". Throws ContentError listing every problem,
// including ones between files (a crosswalk naming a missing item, a previous edition that is
// not there).
class Library {
 public:
  static Library load(const std::string& dir);
  const Framework* find(const std::string& id, const std::string& edition) const;
  std::vector<const Framework*> all() const;
  std::vector<const Framework*> editions(const std::string& id) const;  // oldest first

 private:
  std::map<std::string, Framework> frameworks_;
};

}  // namespace cg::toolkit
