// Steps whose hash reads project files (spec §6): pip requirements (with
// nested -r/-c includes), package.json (npm and yarn, plus yarn.lock),
// Gemfile, composer.json/composer.lock, and `git describe`.
// Paths given here are container paths under `/work`, mapped by PathMap.
#pragma once

#include "compiler/hash/digest.h"
#include "compiler/hash/file_system.h"
#include "compiler/hash/outcome.h"
#include "compiler/hash/path_map.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vagga::hash {

// What the hash needs from git: `git describe` as libgit2 computes it for
// vagga (annotated tags, optional --match pattern, abbrev 7).
class Git {
  public:
    virtual ~Git() = default;
    enum class Result { Ok, NoRepository, Failed };
    virtual Result describe(const std::string& host_dir, const std::optional<std::string>& pattern,
                            std::string& out, std::string& error) = 0;
};

// Runs the `git` binary.
class GitBinary final : public Git {
  public:
    explicit GitBinary(std::string exe = "git") : exe_(std::move(exe)) {}
    Result describe(const std::string& host_dir, const std::optional<std::string>& pattern,
                    std::string& out, std::string& error) override;

  private:
    std::string exe_;
};

struct ProjectFiles {
    FileSystem& fs;
    const PathMap& paths;
    Git* git = nullptr;
};

Outcome hash_requirements(const ProjectFiles& pf, Digest& d, std::string_view file);

struct NpmSections {
    bool package = true;
    bool dev = true;
    bool peer = false;
    bool bundled = true;
    bool optional = false;
};
Outcome hash_npm_dependencies(const ProjectFiles& pf, Digest& d, std::string_view file,
                              const NpmSections& sections);
Outcome hash_yarn_dependencies(const ProjectFiles& pf, Digest& d, std::string_view dir,
                               bool production, bool optional);
Outcome hash_gem_bundle(const ProjectFiles& pf, Digest& d, std::string_view gemfile,
                        const std::vector<std::string>& without,
                        const std::optional<std::string>& trust_policy);
Outcome hash_composer_dependencies(const ProjectFiles& pf, Digest& d,
                                   const std::optional<std::string>& working_dir);
// `git describe` of `repo` (relative: under /work), as !GitDescribe sees it.
Outcome git_describe(const ProjectFiles& pf, std::string_view repo,
                     const std::optional<std::string>& pattern, std::string& out);
Outcome hash_git_describe(const ProjectFiles& pf, Digest& d, std::string_view repo,
                          const std::optional<std::string>& output_file,
                          const std::optional<std::string>& pattern);

// Helpers with Rust semantics, exposed for tests.
std::string_view rust_trim(std::string_view s);
// BufRead::lines: split on `\n`, drop one trailing `\r`; false on bad UTF-8.
bool split_lines(std::string_view text, std::vector<std::string_view>& out);
// The `name@range` patterns of a yarn.lock.
std::vector<std::string> yarn_lock_patterns(std::string_view text);

} // namespace vagga::hash
